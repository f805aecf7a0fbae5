import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CallRow } from '../calls/schema.js';
import type { Settings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { createRedisConnection } from '../infra/redis/connection.js';
import { SLA_QUEUE, type SlaJobData, SlaService } from '../sla/sla-service.js';
import type { TicketEvents } from '../tickets/events.js';
import { deliverOnce, FinalDeliveryError } from './deliver.js';
import { JobRelay, type QueueSink } from './job-outbox.js';
import { type DeliveryJobData, WEBHOOK_QUEUE, type WebhookEvent, WebhookStore } from './webhook-store.js';

const DAY_SECONDS = 24 * 3600;
const TICKET_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.status-changed',
  'ticket.call-linked',
] as const;

export interface SlaAndWebhooks {
  sla: SlaService;
  webhooks: WebhookStore;
  relay: JobRelay;
  /** Follows a ticket service's events: SLA deadlines, and webhook deliveries of ticket.* events. */
  attach(events: TicketEvents): void;
  /** A call's end, for webhooks (call.ended). */
  callEnded(call: CallRow): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Ticket events → SLA deadlines and webhook deliveries → job_outbox (SQLite) → relay → BullMQ
 * queues `sla` (delayed jobs) and `webhooks` (retried with exponential backoff) → workers here.
 * As with transcription, nothing a request does waits on Redis.
 */
export function createSlaAndWebhooks(deps: {
  settings: Settings;
  db: Db;
  logger: Logger;
  clock: () => Date;
}): SlaAndWebhooks {
  const { settings, db, clock } = deps;
  const logger = deps.logger.child({ component: 'sla-webhooks' });
  const prefix = settings.jobsQueuePrefix;
  const producer = createRedisConnection(settings.redis.url, 'producer', logger, 'switchboard-jobs');
  const queues = {
    [SLA_QUEUE]: new Queue(SLA_QUEUE, { connection: producer, prefix }),
    [WEBHOOK_QUEUE]: new Queue(WEBHOOK_QUEUE, { connection: producer, prefix }),
  };
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  const sink = (queue: Queue, retried: boolean): QueueSink => ({
    ready: () => producer.status === 'ready',
    add: async ({ jobId, name, data, delayMs }) => {
      await queue.add(name, data, {
        jobId,
        delay: delayMs,
        ...(retried
          ? {
              attempts: settings.webhooks.attempts,
              backoff: { type: 'exponential', delay: settings.webhooks.backoffMs },
            }
          : { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }),
        // The SQLite rows (sla_events, webhook_deliveries) are the lasting record, not the jobs.
        removeOnComplete: true,
        removeOnFail: { age: 7 * DAY_SECONDS },
      });
    },
  });
  let relay: JobRelay | null = null;
  const nudge = () => relay?.nudge();
  const sla = new SlaService(db, settings.sla, clock, nudge);
  sla.onError = (err) => logger.error({ err }, 'SLA bookkeeping failed for a ticket event');
  const webhooks = new WebhookStore(db, clock, nudge);
  relay = new JobRelay({
    db,
    clock,
    sinks: {
      [SLA_QUEUE]: sink(queues[SLA_QUEUE], false),
      [WEBHOOK_QUEUE]: sink(queues[WEBHOOK_QUEUE], true),
    },
    onError: (err, row) =>
      logger.debug({ ...row, err: (err as Error).message }, 'job waits in the outbox for Redis'),
  });
  producer.on('ready', () => relay?.retryNow());

  const publish = (event: WebhookEvent, data: unknown) => {
    try {
      webhooks.publish(event, data);
    } catch (err) {
      logger.error({ err, event }, 'could not queue webhook deliveries');
    }
  };
  sla.events.on('sla.warning', (e) => publish('sla.warning', e));
  sla.events.on('sla.breached', (e) => publish('sla.breached', e));

  const workers: Worker[] = [];
  const connections: Redis[] = [];
  const worker = <T>(name: string, run: (job: Job<T>) => Promise<void>) => {
    const connection = createRedisConnection(
      settings.redis.url,
      'worker',
      logger,
      `switchboard-${name}-worker`,
    );
    connections.push(connection);
    const w = new Worker<T>(name, run, { connection, prefix, concurrency: 5 });
    w.on('error', () => undefined);
    w.on('failed', (job, err) =>
      logger.warn(
        { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        'job attempt failed',
      ),
    );
    workers.push(w as Worker);
  };

  return {
    sla,
    webhooks,
    relay,
    callEnded(call) {
      publish('call.ended', {
        callId: call.id,
        callerNumber: call.callerNumber,
        dialedNumber: call.dialedNumber,
        startedAt: call.startedAt.toISOString(),
        answeredAt: call.answeredAt?.toISOString() ?? null,
        endedAt: call.endedAt?.toISOString() ?? null,
        endedBy: call.endedBy,
        hangupCause: call.hangupCause,
      });
    },
    attach(events) {
      sla.attach(events);
      for (const name of TICKET_EVENTS)
        (events.on as (n: string, l: (e: unknown) => void) => TicketEvents)(name, (e) => publish(name, e));
    },
    start() {
      relay?.start();
      worker<SlaJobData>(SLA_QUEUE, async (job) => {
        const outcome = sla.fire(job.data);
        logger.debug({ jobId: job.id, outcome }, 'SLA job ran');
      });
      worker<DeliveryJobData>(WEBHOOK_QUEUE, async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        try {
          await deliverOnce(webhooks, settings.webhooks, job.data.deliveryId, final, clock);
        } catch (err) {
          if (err instanceof FinalDeliveryError) throw new UnrecoverableError(err.message);
          throw err;
        }
      });
    },
    async stop() {
      await relay?.stop();
      await Promise.all(workers.map((w) => w.close().catch(() => undefined)));
      for (const c of connections) c.disconnect();
      await Promise.all(Object.values(queues).map((q) => q.close().catch(() => undefined)));
      producer.disconnect();
    },
  };
}
