import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { queueEntries } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import { IvrPathStore } from '../ivr/call/path-store.js';
import { ticketCalls, tickets } from '../tickets/schema.js';

/** What a call says about what the caller wants, for suggesting articles. */
export interface CallContext {
  /** IVR node ids in the order the caller last passed them (the latest last). */
  nodes: string[];
  /** Queues the call was sent to: the flow's queue exit and any queue it waited in. */
  queues: string[];
  /** Categories of the tickets the call is linked to, the latest linked first. */
  categories: string[];
}

/** The context of a stored call (empty lists for a call that reached no flow, queue or ticket). */
export function callContextOf(db: Db, callId: number): CallContext {
  const path = new IvrPathStore(db, () => new Date()).get(callId);
  const nodes = lastVisitOrder(path?.steps.map((step) => step.node) ?? []);
  const queues = new Set<string>();
  if (path?.exit?.kind === 'queue') queues.add(path.exit.queue);
  const waited = db
    .select({ queueId: queueEntries.queueId })
    .from(queueEntries)
    .where(eq(queueEntries.callId, callId))
    .orderBy(asc(queueEntries.enqueuedAt))
    .all();
  for (const { queueId } of waited) queues.add(queueId);
  const linked = db
    .select({ category: tickets.category })
    .from(ticketCalls)
    .innerJoin(tickets, eq(tickets.id, ticketCalls.ticketId))
    .where(and(eq(ticketCalls.callId, callId), isNotNull(tickets.category)))
    .orderBy(desc(ticketCalls.linkedAt))
    .all();
  return {
    nodes,
    queues: [...queues],
    categories: [...new Set(linked.map((row) => row.category).filter((c): c is string => c !== null))],
  };
}

/** Each node once, where it was last visited: a caller who went back to the menu is now past it. */
export function lastVisitOrder(nodes: readonly string[]): string[] {
  const seen = new Set<string>();
  const reversed: string[] = [];
  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i]!;
    if (!seen.has(node)) {
      seen.add(node);
      reversed.push(node);
    }
  }
  return reversed.reverse();
}
