import { eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import type { Db } from '../infra/db/client.js';
import { tickets } from './schema.js';

/**
 * Whose tickets a caller may see. Admins and supervisors see all. An agent sees tickets assigned
 * to them, unassigned tickets linked to calls of their queues, and tickets linked to calls they
 * answered. An agent API key belongs to no agent login, so it sees none.
 */
export type Viewer =
  | { kind: 'all'; actor: string; userId: number | null }
  | { kind: 'agent'; actor: string; userId: number | null; agentId: string | null; queues: string[] };

export function viewerOf(db: Db, principal: Principal): Viewer {
  const actor = `${principal.kind}:${principal.name}`;
  if (principal.role !== 'agent')
    return { kind: 'all', actor, userId: principal.kind === 'user' ? principal.id : null };
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

/** The SQL condition on `tickets` for what the viewer may see (undefined: everything). */
export function visibleTickets(viewer: Viewer): SQL | undefined {
  if (viewer.kind === 'all') return undefined;
  const rules: SQL[] = [];
  if (viewer.userId !== null) rules.push(eq(tickets.assigneeUserId, viewer.userId));
  if (viewer.queues.length > 0) {
    const queueList = sql.join(
      viewer.queues.map((q) => sql`${q}`),
      sql`, `,
    );
    rules.push(
      sql`(${isNull(tickets.assigneeUserId)} and exists (select 1 from ticket_calls tc join queue_entries qe on qe.call_id = tc.call_id where tc.ticket_id = ${tickets.id} and qe.queue_id in (${queueList})))`,
    );
  }
  if (viewer.agentId !== null)
    rules.push(
      sql`exists (select 1 from ticket_calls tc join acd_offers o on o.call_id = tc.call_id where tc.ticket_id = ${tickets.id} and o.agent_id = ${viewer.agentId} and o.outcome = 'answered')`,
    );
  return rules.length ? or(...rules) : sql`0`;
}
