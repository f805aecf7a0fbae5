import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { callRecordings } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import { markersOf, recordedMsAt } from '../recordings/markers.js';
import type { TranscriptionJobData } from './job-id.js';
import { type OutboxRow, transcriptionOutbox, transcripts } from './schema.js';

export interface CompletedRecording {
  recordingId: number;
  transcriptId: number;
  callId: number;
  /** False when the recording had been asked for already (a replayed event, or the sweep after it). */
  requested: boolean;
}

/**
 * A call recording is complete: in ONE SQLite transaction the recording row is closed (if the
 * bridge's tearDown has not yet), its pending transcript is made and the job goes into the
 * outbox. The unique transcripts.recording_id makes a second call for the same recording a no-op.
 * Never touches Redis. Null when no call recording has that name (not ours).
 */
export function completeRecording(
  db: Db,
  recordingName: string,
  at: Date,
  durationSeconds?: number,
): CompletedRecording | null {
  return db.transaction((tx) => {
    const row = tx.select().from(callRecordings).where(eq(callRecordings.name, recordingName)).get();
    if (!row) return null;
    if (row.endedAt === null) {
      const recordedMs = recordedMsAt(row.startedAt, markersOf(row.markers, row.startedAt), at);
      tx.update(callRecordings)
        .set({ endedAt: at, durationSeconds: durationSeconds ?? Math.round(recordedMs / 1000) })
        .where(eq(callRecordings.id, row.id))
        .run();
    }
    const made = tx
      .insert(transcripts)
      .values({ recordingId: row.id, callId: row.callId, state: 'pending', requestedAt: at })
      .onConflictDoNothing({ target: transcripts.recordingId })
      .returning({ id: transcripts.id })
      .get();
    if (!made) {
      const existing = tx
        .select({ id: transcripts.id })
        .from(transcripts)
        .where(eq(transcripts.recordingId, row.id))
        .get();
      return { recordingId: row.id, transcriptId: existing?.id ?? 0, callId: row.callId, requested: false };
    }
    tx.insert(transcriptionOutbox)
      .values({
        recordingId: row.id,
        transcriptId: made.id,
        callId: row.callId,
        createdAt: at,
        nextAttemptAt: at,
      })
      .run();
    return { recordingId: row.id, transcriptId: made.id, callId: row.callId, requested: true };
  });
}

/**
 * Recordings that ended a while ago but were never asked for: their RecordingFinished was lost
 * (daemon down or the ARI websocket dropped at that moment). `graceMs` leaves time for the event
 * that is still on its way after the bridge's tearDown closed the row.
 */
export function recordingsMissingTranscripts(
  db: Db,
  now: Date,
  graceMs: number,
  lookBackMs: number,
): Array<{ name: string; endedAt: Date }> {
  const rows = db
    .select({ name: callRecordings.name, endedAt: callRecordings.endedAt })
    .from(callRecordings)
    .leftJoin(transcripts, eq(transcripts.recordingId, callRecordings.id))
    .where(
      and(
        isNull(transcripts.id),
        lte(callRecordings.endedAt, new Date(now.getTime() - graceMs)),
        sql`${callRecordings.endedAt} >= ${now.getTime() - lookBackMs}`,
      ),
    )
    .all();
  return rows.flatMap((r) => (r.endedAt ? [{ name: r.name, endedAt: r.endedAt }] : []));
}

/** Where relayed jobs go: BullMQ in the daemon (queue.ts), a fake in tests. */
export interface JobSink {
  /** Resolves only once Redis acknowledged the job; adding an existing jobId must be a no-op. */
  add(jobId: string, data: TranscriptionJobData): Promise<void>;
  /** False while the connection is down: the relay then waits without trying. */
  ready(): boolean;
}

export interface RelayOptions {
  db: Db;
  sink: JobSink;
  jobIdOf: (recordingId: number) => string;
  clock: () => Date;
  onError?: (err: unknown, row: { recordingId: number; attempts: number }) => void;
  onRelayed?: (row: { recordingId: number; jobId: string }) => void;
  /** First retry delay; doubles per failed attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often due rows are looked for when nothing nudged the relay. */
  pollMs?: number;
  batchSize?: number;
}

/**
 * Moves outbox rows to the queue. A row is deleted only after the sink resolved (Redis
 * acknowledged); if the process dies in between, the row is sent again with the same jobId and
 * the queue keeps one job. While Redis is unreachable each row waits with exponential backoff.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Set by stop(): no more passes, and a pass in flight ends after its current row. */
  private stopped = false;

  constructor(private readonly options: RelayOptions) {}

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

  /** Redis is back: every waiting row is due now, whatever its backoff said. */
  retryNow(): void {
    this.options.db.update(transcriptionOutbox).set({ nextAttemptAt: this.options.clock() }).run();
    this.nudge();
  }

  /** A row was just written: relay now rather than at the next poll. */
  nudge(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Rows still waiting for Redis. */
  pending(): { count: number; oldest: Date | null; lastError: string | null } {
    const rows = this.options.db
      .select({ createdAt: transcriptionOutbox.createdAt, lastError: transcriptionOutbox.lastError })
      .from(transcriptionOutbox)
      .orderBy(asc(transcriptionOutbox.id))
      .all();
    return {
      count: rows.length,
      oldest: rows[0]?.createdAt ?? null,
      lastError: rows.find((r) => r.lastError)?.lastError ?? null,
    };
  }

  /** The recording's row while its job has not reached Redis. */
  rowOf(recordingId: number): OutboxRow | undefined {
    return this.options.db
      .select()
      .from(transcriptionOutbox)
      .where(eq(transcriptionOutbox.recordingId, recordingId))
      .get();
  }

  /** One pass over the due rows; concurrent calls share the pass in flight and run once more after it. */
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
    const { db, sink, clock } = this.options;
    const due = db
      .select()
      .from(transcriptionOutbox)
      .where(lte(transcriptionOutbox.nextAttemptAt, clock()))
      .orderBy(asc(transcriptionOutbox.id))
      .limit(this.options.batchSize ?? 50)
      .all();
    for (const row of due) {
      if (this.stopped) return;
      const jobId = this.options.jobIdOf(row.recordingId);
      try {
        if (!sink.ready()) throw new Error('Redis is not connected');
        await sink.add(jobId, {
          recordingId: row.recordingId,
          callId: row.callId,
          transcriptId: row.transcriptId,
        });
      } catch (err) {
        this.backOff(row.id, row.attempts, err);
        this.options.onError?.(err, { recordingId: row.recordingId, attempts: row.attempts + 1 });
        // Redis is the likely cause: the other rows would fail the same way; they keep their turn.
        return;
      }
      db.delete(transcriptionOutbox).where(eq(transcriptionOutbox.id, row.id)).run();
      this.options.onRelayed?.({ recordingId: row.recordingId, jobId });
    }
  }

  private backOff(rowId: number, attempts: number, err: unknown): void {
    const base = this.options.baseDelayMs ?? 1000;
    const max = this.options.maxDelayMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.min(attempts, 20));
    this.options.db
      .update(transcriptionOutbox)
      .set({
        attempts: attempts + 1,
        nextAttemptAt: new Date(this.options.clock().getTime() + delay),
        lastError: err instanceof Error ? err.message : String(err),
      })
      .where(eq(transcriptionOutbox.id, rowId))
      .run();
  }
}
