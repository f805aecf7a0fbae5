import { eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import { accessScope } from '../auth/scope.js';
import type { Db } from '../infra/db/client.js';
import { tickets } from './schema.js';

/**
 * Whose tickets a caller may see (cti/auth/README.md says the same in words):
 * - admins (users and keys): all.
 * - supervisors: tickets linked to a call that waited in a queue they supervise; tickets assigned
 *   to them; and tickets of no queue (linked to no call that waited in any queue), the shared
 *   backlog every supervisor triages. A ticket belongs to the queues its calls waited in.
 * - agents: tickets assigned to them, unassigned tickets linked to calls of their queues (the
 *   team's pool to pick from), and tickets linked to calls they answered. An agent API key
 *   belongs to no agent login, so it sees none.
 * Anything else answers 404, as a ticket that does not exist.
 */
export type Viewer =
  | { kind: 'all'; actor: string; userId: number | null }
  | { kind: 'queues'; actor: string; userId: number | null; queueIds: string[] }
  | { kind: 'agent'; actor: string; userId: number | null; agentId: string | null; queues: string[] };

export function viewerOf(db: Db, principal: Principal): Viewer {
  const actor = `${principal.kind}:${principal.name}`;
  const userId = principal.kind === 'user' ? principal.id : null;
  if (principal.role === 'admin') return { kind: 'all', actor, userId };
  if (principal.role === 'supervisor') {
    const scope = accessScope(db, principal);
    return { kind: 'queues', actor, userId, queueIds: scope.kind === 'queues' ? [...scope.queueIds] : [] };
  }
  if (principal.kind !== 'user') return { kind: 'agent', actor, userId: null, agentId: null, queues: [] };
  const agent = db.select().from(agents).where(eq(agents.userId, principal.id)).get();
  return {
    kind: 'agent',
    actor,
    userId: principal.id,
    agentId: agent?.id ?? null,
    queues: agent?.queues ?? [],
  };
}

const sqlList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** A ticket linked to a call that waited in one of `queues`. */
const linkedToQueues = (queues: readonly string[]) =>
  sql`exists (select 1 from ticket_calls tc join queue_entries qe on qe.call_id = tc.call_id where tc.ticket_id = ${tickets.id} and qe.queue_id in (${sqlList(queues)}))`;

/** The SQL condition on `tickets` for what the viewer may see (undefined: everything). */
export function visibleTickets(viewer: Viewer): SQL | undefined {
  if (viewer.kind === 'all') return undefined;
  const rules: SQL[] = [];
  if (viewer.userId !== null) rules.push(eq(tickets.assigneeUserId, viewer.userId));
  if (viewer.kind === 'queues') {
    if (viewer.queueIds.length > 0) rules.push(linkedToQueues(viewer.queueIds));
    rules.push(
      sql`not exists (select 1 from ticket_calls tc join queue_entries qe on qe.call_id = tc.call_id where tc.ticket_id = ${tickets.id})`,
    );
    return or(...rules);
  }
  if (viewer.queues.length > 0)
    rules.push(sql`(${isNull(tickets.assigneeUserId)} and ${linkedToQueues(viewer.queues)})`);
  if (viewer.agentId !== null)
    rules.push(
      sql`exists (select 1 from ticket_calls tc join acd_offers o on o.call_id = tc.call_id where tc.ticket_id = ${tickets.id} and o.agent_id = ${viewer.agentId} and o.outcome = 'answered')`,
    );
  return rules.length ? or(...rules) : sql`0`;
}
