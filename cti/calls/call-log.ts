import { and, count, desc, eq, gte, isNotNull, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { type CallRow, calls } from './schema.js';

export interface CallStart {
  channelId: string;
  callerNumber: string | null;
  callerName: string | null;
  dialedNumber: string | null;
  startedAt: Date;
}

export interface CallEnd {
  at: Date;
  cause: number | null;
  causeText: string | null;
  endedBy: 'caller' | 'daemon' | 'lost' | 'transferred';
}

export interface CallFilter {
  from?: Date;
  to?: Date;
  callerNumber?: string;
  dialedNumber?: string;
  state?: 'live' | 'ended' | 'answered' | 'unanswered';
  /** Only calls the caller may see (scope.ts callInScope over calls.id); undefined: all. */
  inScope?: SQL;
  limit: number;
  offset: number;
}

/**
 * The call log. Every write is keyed on Asterisk's channel id and only fills what is still empty,
 * so an event replayed after a reconnect or a restart never duplicates or rewrites a row.
 */
export class CallLog {
  private readonly endListeners: Array<(call: CallRow) => void> = [];

  constructor(private readonly db: Db) {}

  recordStart(start: CallStart): CallRow {
    this.db.insert(calls).values(start).onConflictDoNothing({ target: calls.channelId }).run();
    return this.byChannel(start.channelId)!;
  }

  recordAnswer(channelId: string, at: Date): void {
    this.db
      .update(calls)
      .set({ answeredAt: at })
      .where(and(eq(calls.channelId, channelId), isNull(calls.answeredAt)))
      .run();
  }

  recordEnd(channelId: string, end: CallEnd): void {
    const { changes } = this.db
      .update(calls)
      .set({ endedAt: end.at, hangupCause: end.cause, hangupCauseText: end.causeText, endedBy: end.endedBy })
      .where(and(eq(calls.channelId, channelId), isNull(calls.endedAt)))
      .run();
    if (changes === 0) return;
    const row = this.byChannel(channelId);
    if (row) for (const listener of this.endListeners) listener(row);
  }

  /** Called once per call when its end is first recorded (a replayed end is not news). */
  onCallEnded(listener: (call: CallRow) => void): void {
    this.endListeners.push(listener);
  }

  byChannel(channelId: string): CallRow | undefined {
    return this.db.select().from(calls).where(eq(calls.channelId, channelId)).get();
  }

  byId(id: number): CallRow | undefined {
    return this.db.select().from(calls).where(eq(calls.id, id)).get();
  }

  /** A caller's other calls, newest first (the screen-pop shows the last few). */
  previousCallsOf(callerNumber: string, exceptCallId: number, limit: number): CallRow[] {
    return this.db
      .select()
      .from(calls)
      .where(and(eq(calls.callerNumber, callerNumber), ne(calls.id, exceptCallId)))
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(limit)
      .all();
  }

  /** Calls the log still thinks are live: reconciliation compares them with what Asterisk has. */
  unfinished(): CallRow[] {
    return this.db.select().from(calls).where(isNull(calls.endedAt)).all();
  }

  list(filter: CallFilter): { total: number; items: CallRow[] } {
    const conditions: SQL[] = [];
    if (filter.from) conditions.push(gte(calls.startedAt, filter.from));
    if (filter.to) conditions.push(lt(calls.startedAt, filter.to));
    if (filter.callerNumber)
      conditions.push(sql`${calls.callerNumber} LIKE ${`%${escapeLike(filter.callerNumber)}%`} ESCAPE '\\'`);
    if (filter.dialedNumber) conditions.push(eq(calls.dialedNumber, filter.dialedNumber));
    if (filter.state === 'live') conditions.push(isNull(calls.endedAt));
    if (filter.state === 'ended') conditions.push(isNotNull(calls.endedAt));
    if (filter.state === 'answered') conditions.push(isNotNull(calls.answeredAt));
    if (filter.state === 'unanswered')
      conditions.push(and(isNull(calls.answeredAt), isNotNull(calls.endedAt))!);
    if (filter.inScope) conditions.push(filter.inScope);
    const where = conditions.length ? and(...conditions) : undefined;
    const total = this.db.select({ n: count() }).from(calls).where(where).get()?.n ?? 0;
    const items = this.db
      .select()
      .from(calls)
      .where(where)
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(filter.limit)
      .offset(filter.offset)
      .all();
    return { total, items };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
