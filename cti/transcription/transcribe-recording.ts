import { eq } from 'drizzle-orm';
import { callRecordings } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import { markersOf } from '../recordings/markers.js';
import { inspectRecordingFile, recordingPath } from '../recordings/recording-file.js';
import { EngineError, type TranscriptionEngine } from './engines/engine.js';
import type { TranscriptEvents } from './events.js';
import type { TranscriptionJobData } from './job-id.js';
import { redactTranscript } from './redaction.js';
import { transcripts } from './schema.js';

export interface TranscribeDeps {
  db: Db;
  engine: TranscriptionEngine;
  events: TranscriptEvents;
  /** Host path of Asterisk's spool directory (SWITCHBOARD_ASTERISK_SPOOL_DIR). */
  spoolDir: string | null;
  redactGuardMs: number;
  clock: () => Date;
}

/** The job cannot succeed however often it is tried (the worker fails it at once). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * One job: the recording's file → engine → redaction over the pause markers → the transcript row
 * (and through it the FTS index) → transcript.ready. Running it again for a done transcript is a no-op.
 */
export async function transcribeRecording(
  deps: TranscribeDeps,
  job: TranscriptionJobData,
  progress: (percent: number) => Promise<void>,
): Promise<{ transcriptId: number; words: number; redactedSpans: number }> {
  const transcript = deps.db.select().from(transcripts).where(eq(transcripts.id, job.transcriptId)).get();
  const recording = deps.db.select().from(callRecordings).where(eq(callRecordings.id, job.recordingId)).get();
  if (!transcript || !recording)
    throw new PermanentJobError(
      `recording ${job.recordingId} (transcript ${job.transcriptId}) is no longer in the database`,
    );
  if (transcript.state === 'done')
    return {
      transcriptId: transcript.id,
      words: transcript.segments?.length ?? 0,
      redactedSpans: transcript.redactedSpans,
    };
  if (!deps.spoolDir)
    throw new PermanentJobError(
      'SWITCHBOARD_ASTERISK_SPOOL_DIR is not set, so the recording files cannot be read',
    );
  const file = recordingPath(deps.spoolDir, recording.name, recording.format);
  const info = await inspectRecordingFile(file, recording.format);
  // Missing now may be a file still being closed (or a spool on another host): worth the retries.
  if (!info) throw new Error(`recording file ${file} not found`);
  await progress(10);
  let heard: Awaited<ReturnType<TranscriptionEngine['transcribe']>>;
  try {
    heard = await deps.engine.transcribe(file);
  } catch (err) {
    if (err instanceof EngineError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
  await progress(80);
  const markers = markersOf(recording.markers, recording.startedAt);
  const redacted = redactTranscript(heard.segments, markers, deps.redactGuardMs);
  deps.db
    .update(transcripts)
    .set({
      state: 'done',
      engine: deps.engine.name,
      language: heard.language,
      text: redacted.text,
      segments: redacted.segments,
      redactedSpans: redacted.redactedSpans,
      error: null,
      completedAt: deps.clock(),
    })
    .where(eq(transcripts.id, transcript.id))
    .run();
  await progress(100);
  deps.events.emit('transcript.ready', {
    callId: recording.callId,
    recordingId: recording.id,
    transcriptId: transcript.id,
  });
  return {
    transcriptId: transcript.id,
    words: redacted.segments.length,
    redactedSpans: redacted.redactedSpans,
  };
}

/** An attempt failed: the error is kept on the row; the last attempt marks it failed. */
export function recordAttemptFailed(db: Db, transcriptId: number, error: string, final: boolean): void {
  db.update(transcripts)
    .set({ error, ...(final ? { state: 'failed' as const } : {}) })
    .where(eq(transcripts.id, transcriptId))
    .run();
}
