import { type JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TranscriptionSettings } from '../config/settings.js';
import { TRANSCRIPTION_QUEUE, type TranscriptionJobData } from './job-id.js';
import type { JobSink } from './outbox.js';

/** Add, and every API read of the queue, give up after this long rather than hold a request. */
const REDIS_CALL_TIMEOUT_MS = 3000;
const DAY_SECONDS = 24 * 3600;

export const LISTABLE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type ListableState = (typeof LISTABLE_STATES)[number];

/** A job as the API shows it. */
export interface TranscriptionJobView {
  id: string;
  recordingId: number;
  callId: number;
  transcriptId: number;
  state: JobState | 'unknown';
  /** 0-100, set by the worker as it goes (converted, transcribed, stored). */
  progress: number;
  attemptsMade: number;
  attempts: number;
  /** The last attempt's error. */
  failedReason: string | null;
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
}

/** Redis is down or too slow: the API answers 503 rather than wait. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/**
 * The producer side of the `transcription` queue on a fail-fast connection (enableOfflineQueue
 * off): the outbox relay adds through it, the API reads job states through it.
 */
export class TranscriptionQueue implements JobSink {
  readonly queue: Queue<TranscriptionJobData>;

  constructor(
    private readonly connection: Redis,
    private readonly settings: Pick<TranscriptionSettings, 'attempts' | 'backoffSeconds' | 'queuePrefix'>,
  ) {
    this.queue = new Queue<TranscriptionJobData>(TRANSCRIPTION_QUEUE, {
      connection,
      prefix: settings.queuePrefix,
    });
    // Errors surface on the calls; the connection's own listener logs outages once.
    this.queue.on('error', () => undefined);
  }

  ready(): boolean {
    return this.connection.status === 'ready';
  }

  async add(jobId: string, data: TranscriptionJobData): Promise<void> {
    await this.withTimeout('add a job', () =>
      this.queue.add('transcribe', data, {
        jobId,
        attempts: this.settings.attempts,
        backoff: { type: 'exponential', delay: this.settings.backoffSeconds * 1000 },
        // Kept for the API a while; the SQLite transcript row, not the job, is the lasting record.
        removeOnComplete: { age: 7 * DAY_SECONDS, count: 10_000 },
        removeOnFail: { age: 30 * DAY_SECONDS },
      }),
    );
  }

  async list(state: ListableState, limit: number): Promise<TranscriptionJobView[]> {
    const jobs = await this.withTimeout('list jobs', () => this.queue.getJobs([state], 0, limit - 1));
    return Promise.all(jobs.filter((j) => j !== undefined).map((job) => this.view(job, state)));
  }

  async get(jobId: string): Promise<TranscriptionJobView | null> {
    const job = await this.withTimeout('read a job', () => this.queue.getJob(jobId));
    if (!job) return null;
    const state = await this.withTimeout('read a job', () => this.queue.getJobState(jobId));
    return this.view(job, state);
  }

  async counts(): Promise<Record<string, number>> {
    return this.withTimeout('count jobs', () => this.queue.getJobCounts(...LISTABLE_STATES));
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }

  private view(
    job: Awaited<ReturnType<Queue<TranscriptionJobData>['getJob']>> & object,
    state: JobState | 'unknown',
  ): TranscriptionJobView {
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    return {
      id: job.id ?? '',
      recordingId: job.data.recordingId,
      callId: job.data.callId,
      transcriptId: job.data.transcriptId,
      state,
      progress,
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      failedReason: job.failedReason || null,
      createdAt: new Date(job.timestamp).toISOString(),
      processedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }

  private async withTimeout<T>(what: string, call: () => Promise<T>): Promise<T> {
    if (!this.ready())
      throw new QueueUnavailableError(`cannot ${what}: Redis is not connected (${this.connection.status})`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new QueueUnavailableError(
                  `cannot ${what}: Redis did not answer within ${REDIS_CALL_TIMEOUT_MS} ms`,
                ),
              ),
            REDIS_CALL_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw err;
      throw new QueueUnavailableError(`cannot ${what}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
