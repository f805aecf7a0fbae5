import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.js';
import { TRANSCRIPTION_QUEUE, type TranscriptionJobData } from './job-id.js';
import {
  PermanentJobError,
  recordAttemptFailed,
  type TranscribeDeps,
  transcribeRecording,
} from './transcribe-recording.js';

/**
 * The BullMQ worker for the `transcription` queue. BullMQ retries a thrown job with the job's
 * exponential backoff; PermanentJobError becomes UnrecoverableError so it fails at once.
 */
export function startTranscriptionWorker(
  deps: TranscribeDeps & { connection: Redis; concurrency: number; prefix: string; logger: Logger },
): Worker<TranscriptionJobData> {
  const log = deps.logger.child({ component: 'transcription-worker' });
  const worker = new Worker<TranscriptionJobData>(
    TRANSCRIPTION_QUEUE,
    async (job) => {
      log.info(
        { jobId: job.id, recordingId: job.data.recordingId, attempt: job.attemptsMade + 1 },
        'transcribing',
      );
      try {
        const result = await transcribeRecording(deps, job.data, (p) => job.updateProgress(p));
        log.info({ jobId: job.id, ...result }, 'transcript stored');
        return result;
      } catch (err) {
        if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    { connection: deps.connection, concurrency: deps.concurrency, prefix: deps.prefix },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= attempts;
    log.warn(
      { jobId: job.id, attemptsMade: job.attemptsMade, attempts, final, err: err.message },
      'transcription failed',
    );
    try {
      recordAttemptFailed(deps.db, job.data.transcriptId, err.message, final);
    } catch (dbErr) {
      log.error({ err: dbErr }, 'could not record the failed transcription');
    }
  });
  // Connection trouble is logged once by the connection; BullMQ repeats it per blocked call.
  worker.on('error', () => undefined);
  return worker;
}
