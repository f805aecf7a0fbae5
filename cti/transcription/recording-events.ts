import type { AriEvent } from '../infra/ari/types.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { completeRecording, recordingsMissingTranscripts } from './outbox.js';

/** Names CallBridges gives the recordings of agent calls: call-<callId>-<epoch ms>. */
const CALL_RECORDING = /^call-\d+-\d+$/;
/** A RecordingFinished still on its way after the bridge's tearDown closed the row. */
const SWEEP_GRACE_MS = 30_000;
/** Older recordings are left alone (e.g. the first start after upgrading). */
const SWEEP_LOOK_BACK_MS = 24 * 3600_000;

/**
 * ARI RecordingFinished for a call recording → transcription requested (SQLite only: the ARI
 * handler never waits on Redis). The sweep catches recordings whose event was lost.
 */
export class RecordingCompletions {
  constructor(private readonly deps: { db: Db; clock: () => Date; logger: Logger; requested: () => void }) {}

  readonly handle = (event: AriEvent): void => {
    if (event.type !== 'RecordingFinished') return;
    const { name, duration, target_uri: target } = event.recording;
    if (!CALL_RECORDING.test(name) || !target.startsWith('bridge:')) return;
    this.complete(name, duration);
  };

  /** Recordings that ended at least SWEEP_GRACE_MS ago without a transcript (the event was lost). */
  sweep(): number {
    const now = this.deps.clock();
    let requested = 0;
    for (const row of recordingsMissingTranscripts(this.deps.db, now, SWEEP_GRACE_MS, SWEEP_LOOK_BACK_MS)) {
      if (this.complete(row.name, undefined, row.endedAt)) requested += 1;
    }
    return requested;
  }

  private complete(name: string, durationSeconds: number | undefined, at = this.deps.clock()): boolean {
    try {
      const done = completeRecording(this.deps.db, name, at, durationSeconds);
      if (!done?.requested) return false;
      this.deps.logger.info(
        {
          recording: name,
          recordingId: done.recordingId,
          callId: done.callId,
          transcriptId: done.transcriptId,
        },
        'recording complete; transcription queued in the outbox',
      );
      this.deps.requested();
      return true;
    } catch (err) {
      this.deps.logger.error({ err, recording: name }, 'could not queue the transcription of a recording');
      return false;
    }
  }
}
