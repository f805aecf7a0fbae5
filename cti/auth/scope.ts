import { and, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { acdOffers, agents, queueEntries } from '../acd/schema.js';
import { ClientError } from '../http/errors.js';
import type { Db } from '../infra/db/client.js';
import type { Principal } from './access.js';
import { supervisorQueues } from './scope-schema.js';

/**
 * What a caller may see and act on, beyond their role:
 * - `all`: admins (users and keys).
 * - `queues`: supervisors, limited to the queues an admin assigned them (none assigned: nothing).
 * - `agent`: agents, limited to their own agent record, calls, recordings and tickets; `agentId`
 *   is null for an agent user with no agent record and for agent API keys (nobody's login).
 */
export type AccessScope =
  | { kind: 'all' }
  | { kind: 'queues'; queueIds: ReadonlySet<string> }
  | { kind: 'agent'; agentId: string | null };

/** The scope of a principal, read from the database on each call (cheap: indexed rows). */
export function accessScope(db: Db, principal: Principal): AccessScope {
  if (principal.role === 'admin') return { kind: 'all' };
  if (principal.role === 'supervisor') {
    const column = principal.kind === 'user' ? supervisorQueues.userId : supervisorQueues.apiKeyId;
    const rows = db
      .select({ queueId: supervisorQueues.queueId })
      .from(supervisorQueues)
      .where(eq(column, principal.id))
      .all();
    return { kind: 'queues', queueIds: new Set(rows.map((r) => r.queueId)) };
  }
  if (principal.kind !== 'user') return { kind: 'agent', agentId: null };
  const agent = db.select({ id: agents.id }).from(agents).where(eq(agents.userId, principal.id)).get();
  return { kind: 'agent', agentId: agent?.id ?? null };
}

/** Whether the scope covers a queue: admins all, supervisors their own, agents none. */
export function seesQueue(scope: AccessScope, queueId: string): boolean {
  if (scope.kind === 'all') return true;
  return scope.kind === 'queues' && scope.queueIds.has(queueId);
}

/** Whether the scope covers an agent: a supervisor sees members of any queue they supervise. */
export function seesAgent(scope: AccessScope, agent: { id: string; queues: readonly string[] }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'agent') return scope.agentId === agent.id;
  return agent.queues.some((q) => scope.queueIds.has(q));
}

/** The queues a scope limits a query to, or undefined for no limit (admins). Agents get none. */
export function queueFilter(scope: AccessScope): ReadonlySet<string> | undefined {
  if (scope.kind === 'all') return undefined;
  return scope.kind === 'queues' ? scope.queueIds : new Set();
}

/** 403 naming the principal and the queue they do not supervise. */
export function outOfScope(principal: Principal, what: string): ClientError {
  const who = principal.kind === 'user' ? `user "${principal.name}"` : `API key "${principal.name}"`;
  return new ClientError(403, 'out_of_scope', `${who} (${principal.role}) may not see or act on ${what}`);
}

/** Throws 403 unless the scope covers the queue. */
export function requireQueue(scope: AccessScope, principal: Principal, queueId: string): void {
  if (!seesQueue(scope, queueId)) throw outOfScope(principal, `queue "${queueId}"`);
}

/**
 * Whether the scope covers a call: admins every call; supervisors a call that waited in one of
 * their queues (any stay, past or present); agents a call they answered (an answered offer).
 * A call that never entered a queue is seen by admins only.
 */
export function seesCall(db: Db, scope: AccessScope, callId: number): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queues') {
    if (scope.queueIds.size === 0) return false;
    return (
      db
        .select({ id: queueEntries.id })
        .from(queueEntries)
        .where(and(eq(queueEntries.callId, callId), inArray(queueEntries.queueId, [...scope.queueIds])))
        .get() !== undefined
    );
  }
  if (scope.agentId === null) return false;
  return (
    db
      .select({ id: acdOffers.id })
      .from(acdOffers)
      .where(
        and(
          eq(acdOffers.callId, callId),
          eq(acdOffers.agentId, scope.agentId),
          eq(acdOffers.outcome, 'answered'),
        ),
      )
      .get() !== undefined
  );
}

/**
 * The same rule as seesCall as a SQL condition on a call id (a column or expression), for
 * filtering lists in the query; undefined for no limit (admins).
 */
export function callInScope(scope: AccessScope, callId: SQLWrapper): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'queues') {
    if (scope.queueIds.size === 0) return sql`0`;
    const list = sql.join(
      [...scope.queueIds].map((q) => sql`${q}`),
      sql`, `,
    );
    return sql`${callId} in (select qe.call_id from queue_entries qe where qe.queue_id in (${list}))`;
  }
  if (scope.agentId === null) return sql`0`;
  return sql`${callId} in (select o.call_id from acd_offers o where o.agent_id = ${scope.agentId} and o.outcome = 'answered')`;
}

/** The queues a call waited in, in order of its stays: what a refusal names. */
export function queuesOfCall(db: Db, callId: number): string[] {
  const rows = db
    .select({ queueId: queueEntries.queueId })
    .from(queueEntries)
    .where(eq(queueEntries.callId, callId))
    .orderBy(queueEntries.enqueuedAt)
    .all();
  return [...new Set(rows.map((r) => r.queueId))];
}

/** Throws 403 out_of_scope unless the scope covers the call (check that it exists first: 404 wins). */
export function requireCall(db: Db, scope: AccessScope, principal: Principal, callId: number): void {
  if (!seesCall(db, scope, callId)) throw outOfScope(principal, `call ${callId}`);
}

/** Throws 403 out_of_scope unless the scope covers the agent (a supervisor: a member of one of their queues). */
export function requireAgent(
  scope: AccessScope,
  principal: Principal,
  agent: { id: string; queues: readonly string[] },
): void {
  if (!seesAgent(scope, agent)) throw outOfScope(principal, `agent "${agent.id}"`);
}
