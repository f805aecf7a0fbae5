import { asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { jobOutbox } from './schema.js';

/** A job to hand to BullMQ: `jobId` makes handing it over twice harmless. */
export interface OutboxJob {
  queue: string;
  jobId: string;
  name: string;
  data: Record<string, unknown>;
  /** When the job should run; the relay turns it into BullMQ's delay. */
  runAt: Date;
}

/** Writes jobs in SQLite (inside the caller's transaction, if any); the relay moves them on. */
export function writeOutboxJob(db: Pick<Db, 'insert'>, job: OutboxJob, now: Date): void {
  db.insert(jobOutbox)
    .values({ ...job, createdAt: now, nextAttemptAt: now })
    .onConflictDoNothing({ target: jobOutbox.jobId })
    .run();
}

/** Where one queue's jobs go: BullMQ in the daemon. */
export interface QueueSink {
  /** Resolves once Redis acknowledged; an existing jobId must be a no-op. */
  add(job: { jobId: string; name: string; data: Record<string, unknown>; delayMs: number }): Promise<void>;
  ready(): boolean;
}

export interface JobRelayOptions {
  db: Db;
  sinks: Record<string, QueueSink>;
  clock: () => Date;
  onError?: (err: unknown, row: { jobId: string; attempts: number }) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  batchSize?: number;
}

/**
 * Moves job_outbox rows to their queues, like transcription's OutboxRelay: a row is deleted only
 * after Redis acknowledged; while Redis is unreachable rows wait with exponential backoff.
 */
export class JobRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: JobRelayOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Redis is back: every waiting row is due now. */
  retryNow(): void {
    this.options.db.update(jobOutbox).set({ nextAttemptAt: this.options.clock() }).run();
    this.nudge();
  }

  nudge(): void {
    if (!this.stopped) this.schedule(0);
  }

  pending(): number {
    return this.options.db.select({ id: jobOutbox.id }).from(jobOutbox).all().length;
  }

  relayDue(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.relayDue().finally(() => {
        if (!this.stopped && !this.timer) this.schedule(this.options.pollMs ?? 1000);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    const { db, sinks, clock } = this.options;
    const due = db
      .select()
      .from(jobOutbox)
      .where(lte(jobOutbox.nextAttemptAt, clock()))
      .orderBy(asc(jobOutbox.id))
      .limit(this.options.batchSize ?? 100)
      .all();
    for (const row of due) {
      if (this.stopped) return;
      try {
        const sink = sinks[row.queue];
        if (!sink) throw new Error(`job_outbox row ${row.id}: no queue "${row.queue}" in this process`);
        if (!sink.ready()) throw new Error('Redis is not connected');
        const delayMs = Math.max(0, row.runAt.getTime() - clock().getTime());
        await sink.add({ jobId: row.jobId, name: row.name, data: row.data, delayMs });
      } catch (err) {
        this.backOff(row.id, row.attempts, err);
        this.options.onError?.(err, { jobId: row.jobId, attempts: row.attempts + 1 });
        return;
      }
      db.delete(jobOutbox).where(eq(jobOutbox.id, row.id)).run();
    }
  }

  private backOff(rowId: number, attempts: number, err: unknown): void {
    const base = this.options.baseDelayMs ?? 1000;
    const max = this.options.maxDelayMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.min(attempts, 20));
    this.options.db
      .update(jobOutbox)
      .set({
        attempts: attempts + 1,
        nextAttemptAt: new Date(this.options.clock().getTime() + delay),
        lastError: err instanceof Error ? err.message : String(err),
      })
      .where(eq(jobOutbox.id, rowId))
      .run();
  }
}
