import { eq } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
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
