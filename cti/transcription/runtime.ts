import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Settings } from '../config/settings.js';
import type { AriEvent } from '../infra/ari/types.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { createRedisConnection, evictionPolicy } from '../infra/redis/connection.js';
import { engineFromSettings } from './engines/index.js';
import { TranscriptEvents } from './events.js';
import { jobIdOf, type TranscriptionJobData } from './job-id.js';
import { OutboxRelay } from './outbox.js';
import { TranscriptionQueue } from './queue.js';
import { RecordingCompletions } from './recording-events.js';
import type { OutboxRow } from './schema.js';
import { startTranscriptionWorker } from './worker.js';

const SWEEP_EVERY_MS = 60_000;

/** What the HTTP routes and other features use of transcription. */
export interface TranscriptionApi {
  events: TranscriptEvents;
  queue: Pick<TranscriptionQueue, 'list' | 'get' | 'counts'>;
  outbox: Pick<OutboxRelay, 'pending'>;
  /** The recording's outbox row while its job has not reached Redis. */
  outboxRow(recordingId: number): OutboxRow | undefined;
}

export interface Transcription extends TranscriptionApi {
  /** Give every ARI event; reacts to RecordingFinished of call recordings. */
  recordingEvents: (event: AriEvent) => void;
  /** Queues recordings whose RecordingFinished was lost (call on each ARI connect). */
  sweepLostRecordings(): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Call recordings → outbox (SQLite) → relay → BullMQ `transcription` → worker → transcripts.
 * Nothing on the call path waits on Redis: the ARI handler writes SQLite only, the relay and the
 * worker reconnect in the background.
 */
export function createTranscription(deps: {
  settings: Settings;
  db: Db;
  logger: Logger;
  clock: () => Date;
}): Transcription {
  const { settings, db, clock } = deps;
  const logger = deps.logger.child({ component: 'transcription' });
  const events = new TranscriptEvents();
  const producer = createRedisConnection(settings.redis.url, 'producer', logger, 'switchboard-transcription');
  warnUnlessNoEviction(producer, logger);
  const queue = new TranscriptionQueue(producer, settings.transcription);
  const relay = new OutboxRelay({
    db,
    sink: queue,
    jobIdOf,
    clock,
    onError: (err, row) =>
      logger.debug(
        { recordingId: row.recordingId, attempts: row.attempts, err: (err as Error).message },
        'outbox row waits for Redis',
      ),
    onRelayed: (row) => logger.info(row, 'transcription job handed to BullMQ'),
  });
  // Rows that backed off while Redis was away go as soon as it is back.
  producer.on('ready', () => relay.retryNow());
  const completions = new RecordingCompletions({ db, clock, logger, requested: () => relay.nudge() });
  let worker: Worker<TranscriptionJobData> | null = null;
  let workerConnection: Redis | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;

  return {
    events,
    queue,
    outbox: relay,
    outboxRow: (recordingId) => relay.rowOf(recordingId),
    recordingEvents: completions.handle,
    sweepLostRecordings: () => {
      completions.sweep();
    },
    start() {
      relay.start();
      sweepTimer = setInterval(() => completions.sweep(), SWEEP_EVERY_MS);
      sweepTimer.unref();
      if (settings.transcription.worker) {
        workerConnection = createRedisConnection(
          settings.redis.url,
          'worker',
          logger,
          'switchboard-transcription-worker',
        );
        worker = startTranscriptionWorker({
          db,
          engine: engineFromSettings(settings.transcription),
          events,
          spoolDir: settings.asterisk.spoolDir,
          redactGuardMs: settings.transcription.redactGuardMs,
          clock,
          connection: workerConnection,
          concurrency: settings.transcription.concurrency,
          prefix: settings.transcription.queuePrefix,
          logger,
        });
      }
    },
    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      await relay.stop();
      // A job cut short is retried by the next worker (BullMQ's stalled-job check).
      await worker?.close(true).catch(() => undefined);
      workerConnection?.disconnect();
      await queue.close();
      producer.disconnect();
    },
  };
}

/** BullMQ loses jobs silently when Redis may evict keys: say so loudly on every (re)connect. */
export function warnUnlessNoEviction(client: Redis, logger: Logger): void {
  client.on('ready', () => {
    evictionPolicy(client).then(
      (policy) => {
        if (policy !== 'noeviction')
          logger.error(
            { maxmemoryPolicy: policy },
            `Redis maxmemory-policy is ${policy}; transcription jobs can be evicted and lost (set maxmemory-policy noeviction)`,
          );
      },
      (err: Error) => logger.warn({ err: err.message }, 'could not read Redis maxmemory-policy'),
    );
  });
}
