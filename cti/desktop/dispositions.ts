import { and, desc, eq, inArray } from 'drizzle-orm';
import { acdOffers } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import { type CallDispositionRow, callDispositions } from './schema.js';

/** A call's disposition as the API shows it. */
export interface DispositionJson {
  code: string;
  notes: string | null;
  agentId: string;
  at: string;
}

export const dispositionSchema = {
  type: ['object', 'null'],
  properties: {
    code: { type: 'string' },
    notes: { type: ['string', 'null'] },
    agentId: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

export function toDispositionJson(row: CallDispositionRow): DispositionJson {
  return { code: row.code, notes: row.notes, agentId: row.agentId, at: row.at.toISOString() };
}

/** Dispositions stored with calls, and who may give one (the agents who answered). */
export class Dispositions {
  constructor(private readonly db: Db) {}

  /** Agents who answered the call, the latest first (a transfer to another queue can add one). */
  answeringAgents(callId: number): string[] {
    const rows = this.db
      .select({ agentId: acdOffers.agentId })
      .from(acdOffers)
      .where(and(eq(acdOffers.callId, callId), eq(acdOffers.outcome, 'answered')))
      .orderBy(desc(acdOffers.outcomeAt))
      .all();
    return [...new Set(rows.map((row) => row.agentId))];
  }

  of(callId: number, agentId: string): CallDispositionRow | undefined {
    return this.db
      .select()
      .from(callDispositions)
      .where(and(eq(callDispositions.callId, callId), eq(callDispositions.agentId, agentId)))
      .get();
  }

  /** The latest disposition of each call among `callIds` (one query for a page of calls). */
  latestOf(callIds: readonly number[]): Map<number, DispositionJson> {
    const out = new Map<number, DispositionJson>();
    if (callIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(callDispositions)
      .where(inArray(callDispositions.callId, [...callIds]))
      .orderBy(callDispositions.id)
      .all();
    for (const row of rows) out.set(row.callId, toDispositionJson(row));
    return out;
  }

  /** Stores one; false when that agent already gave this call a disposition (the unique index decides). */
  record(entry: Omit<CallDispositionRow, 'id'>): boolean {
    const result = this.db.insert(callDispositions).values(entry).onConflictDoNothing().run();
    return result.changes > 0;
  }
}
