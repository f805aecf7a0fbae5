import { and, asc, eq, sql } from 'drizzle-orm';
import { acdOffers, agents, callRecordings } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import { type AccessScope, accessScope, callInScope, outOfScope, seesCall } from '../auth/scope.js';
import { calls } from '../calls/schema.js';
import type { Db } from '../infra/db/client.js';
import { ftsQueryOf } from './fts-query.js';
import { type TranscriptSegment, type TranscriptState, transcripts } from './schema.js';

export interface TranscriptView {
  id: number;
  callId: number;
  recordingId: number;
  recording: string;
  state: TranscriptState;
  engine: string | null;
  language: string | null;
  text: string | null;
  segments: TranscriptSegment[];
  redactedSpans: number;
  error: string | null;
  requestedAt: string;
  completedAt: string | null;
}

export interface SearchHit {
  transcriptId: number;
  callId: number;
  recordingId: number;
  /** The matching words in [brackets], with some context. */
  snippet: string;
  completedAt: string | null;
  /** Tickets the call is linked to: a transcript is found with the tickets it belongs to. */
  ticketIds: number[];
}

export class TranscriptAccessError extends Error {
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'out_of_scope' | 'bad_query',
    message: string,
  ) {
    super(message);
  }
}

/** Reading transcripts: a call's, and full-text search over all of them. */
export class TranscriptStore {
  constructor(private readonly db: Db) {}

  forCall(callId: number, principal: Principal): TranscriptView[] {
    const call = this.db.select({ id: calls.id }).from(calls).where(eq(calls.id, callId)).get();
    if (!call) throw new TranscriptAccessError('not_found', `call ${callId} not found`);
    if (principal.role === 'agent' && !this.answeredBy(callId, principal)) {
      throw new TranscriptAccessError(
        'forbidden',
        `only the agent who answered call ${callId}, a supervisor of its queue or an admin may read its transcripts`,
      );
    }
    if (principal.role === 'supervisor' && !seesCall(this.db, accessScope(this.db, principal), callId))
      throw new TranscriptAccessError('out_of_scope', outOfScope(principal, `call ${callId}`).message);
    return this.db
      .select({ t: transcripts, recording: callRecordings.name })
      .from(transcripts)
      .innerJoin(callRecordings, eq(callRecordings.id, transcripts.recordingId))
      .where(eq(transcripts.callId, callId))
      .orderBy(asc(transcripts.id))
      .all()
      .map(({ t, recording }) => ({
        id: t.id,
        callId: t.callId,
        recordingId: t.recordingId,
        recording,
        state: t.state,
        engine: t.engine,
        language: t.language,
        text: t.text,
        segments: t.segments ?? [],
        redactedSpans: t.redactedSpans,
        error: t.error,
        requestedAt: t.requestedAt.toISOString(),
        completedAt: t.completedAt?.toISOString() ?? null,
      }));
  }

  /** Matches among the calls the scope covers (default: all), best first. */
  search(q: string, limit: number, scope: AccessScope = { kind: 'all' }): SearchHit[] {
    let match: string | null;
    try {
      match = ftsQueryOf(q);
    } catch (err) {
      throw new TranscriptAccessError('bad_query', `q: ${(err as Error).message}`);
    }
    if (match === null)
      throw new TranscriptAccessError('bad_query', 'q: give at least one word to search for');
    const rows = this.db.all<{
      id: number;
      call_id: number;
      recording_id: number;
      completed_at: number | null;
      snippet: string;
      ticket_ids: string | null;
    }>(sql`
      select t.id, t.call_id, t.recording_id, t.completed_at,
             snippet(transcripts_fts, 0, '[', ']', '…', 16) as snippet,
             (select group_concat(tc.ticket_id) from ticket_calls tc where tc.call_id = t.call_id) as ticket_ids
      from transcripts_fts
      join transcripts t on t.id = transcripts_fts.rowid
      where transcripts_fts match ${match} and t.state = 'done' and ${callInScope(scope, sql`t.call_id`) ?? sql`1`}
      order by rank
      limit ${limit}`);
    return rows.map((r) => ({
      transcriptId: r.id,
      callId: r.call_id,
      recordingId: r.recording_id,
      snippet: r.snippet,
      completedAt: r.completed_at === null ? null : new Date(r.completed_at).toISOString(),
      ticketIds: r.ticket_ids ? r.ticket_ids.split(',').map(Number) : [],
    }));
  }

  private answeredBy(callId: number, principal: Principal): boolean {
    if (principal.kind !== 'user') return false;
    return this.db
      .select({ userId: agents.userId })
      .from(acdOffers)
      .innerJoin(agents, eq(agents.id, acdOffers.agentId))
      .where(and(eq(acdOffers.callId, callId), eq(acdOffers.outcome, 'answered')))
      .all()
      .some((r) => r.userId === principal.id);
  }
}
