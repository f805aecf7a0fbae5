import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../infra/db/client.js';
import type { AgentTransition, Offer } from '../engine/types.js';
import { acdOffers, acdQueues, agentStateLog, agents, queueEntries } from '../schema.js';

type EntryOutcome = 'answered' | 'abandoned' | 'overflow' | 'removed';
type OfferOutcome = 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled';

/** What the ACD writes as calls move: queue stays, offers with their traces, agent states. */
export class AcdStore {
  constructor(private readonly db: Db) {}

  queues() {
    return this.db.select().from(acdQueues).all();
  }

  agents() {
    return this.db.select().from(agents).all();
  }

  agent(agentId: string) {
    return this.db.select().from(agents).where(eq(agents.id, agentId)).get();
  }

  enter(
    callId: number,
    queueId: string,
    priority: number,
    skills: Array<{ skill: string; minLevel: number }>,
    at: Date,
  ): void {
    this.db.insert(queueEntries).values({ callId, queueId, priority, skills, enqueuedAt: at }).run();
  }

  /**
   * A caller the queue refused (full): a stay that enters and leaves at one instant, so the queue's
   * offered and overflowed figures count them. Written whole, it closes no other open stay.
   */
  turnedAway(
    callId: number,
    queueId: string,
    priority: number,
    skills: Array<{ skill: string; minLevel: number }>,
    outcome: 'overflow' | 'removed',
    at: Date,
  ): void {
    this.db
      .insert(queueEntries)
      .values({ callId, queueId, priority, skills, enqueuedAt: at, leftAt: at, outcome })
      .run();
  }

  leave(callId: number, outcome: EntryOutcome, at: Date, agentId?: string): void {
    this.db
      .update(queueEntries)
      .set({ leftAt: at, outcome, agentId: agentId ?? null })
      .where(and(eq(queueEntries.callId, callId), isNull(queueEntries.leftAt)))
      .run();
  }

  /** The caller's current stay in a queue, if one is open. */
  openEntry(callId: number) {
    return this.db
      .select()
      .from(queueEntries)
      .where(and(eq(queueEntries.callId, callId), isNull(queueEntries.leftAt)))
      .get();
  }

  offerAgent(offerId: string): string | undefined {
    return this.db
      .select({ agentId: acdOffers.agentId })
      .from(acdOffers)
      .where(eq(acdOffers.id, offerId))
      .get()?.agentId;
  }

  offered(offer: Offer, callId: number): void {
    this.db
      .insert(acdOffers)
      .values({
        id: offer.offerId,
        callId,
        queueId: offer.queueId,
        agentId: offer.agentId,
        offeredAt: new Date(offer.createdAt),
        trace: offer.trace,
      })
      .onConflictDoNothing()
      .run();
  }

  offerOutcome(offerId: string, outcome: OfferOutcome, at: Date): void {
    this.db
      .update(acdOffers)
      .set({ outcome, outcomeAt: at })
      .where(and(eq(acdOffers.id, offerId), isNull(acdOffers.outcome)))
      .run();
  }

  /** Every transition the router made, in order, in one transaction (one short write, not one per row). */
  transitions(list: AgentTransition[]): void {
    if (list.length === 0) return;
    this.db.transaction((tx) => {
      for (const t of list) {
        tx.insert(agentStateLog)
          .values({
            agentId: t.agentId,
            fromState: t.from,
            toState: t.to,
            reason: t.reason ?? null,
            at: new Date(t.at),
          })
          .run();
        tx.update(agents)
          .set({ state: t.to, stateReason: t.reason ?? null, stateSince: new Date(t.at) })
          .where(eq(agents.id, t.agentId))
          .run();
      }
    });
  }
}
