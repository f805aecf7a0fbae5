import { eq } from 'drizzle-orm';
import type { Router } from '../acd/engine/router.js';
import type { AgentSnapshot } from '../acd/engine/types.js';
import { calls } from '../calls/schema.js';
import type { Db } from '../infra/db/client.js';

/** The call an agent is being offered or is talking on, as the wallboard's drill-down shows it. */
export interface CurrentCallView {
  callId: number;
  callerNumber: string | null;
  queueId: string;
  /** 'offered' while it rings the agent, 'connected' once answered. */
  stage: 'offered' | 'connected';
  /** When the offer was made or the call answered. */
  since: string;
  /** How long the caller waited in the queue before this offer or the answer. */
  waitedMs: number;
}

export type CallRouter = Pick<Router, 'getCall' | 'liveOffers'>;

/** Null when the agent has no ACD call (or one the router does not know, e.g. adopted after a restart). */
export function currentCallOf(agent: AgentSnapshot, router: CallRouter, db: Db): CurrentCallView | null {
  if (agent.state === 'on-call' && agent.callId !== undefined) {
    const call = router.getCall(agent.callId)?.call;
    if (!call) return null;
    return {
      callId: Number(agent.callId),
      callerNumber: callerNumberOf(db, Number(agent.callId)),
      queueId: call.queueId,
      stage: 'connected',
      since: new Date(agent.stateSince).toISOString(),
      waitedMs: Math.max(0, agent.stateSince - call.enqueuedAt),
    };
  }
  if ((agent.state === 'reserved' || agent.state === 'ringing') && agent.offerId !== undefined) {
    const offer = router.liveOffers().find((o) => o.offerId === agent.offerId);
    if (!offer) return null;
    return {
      callId: Number(offer.callId),
      callerNumber: callerNumberOf(db, Number(offer.callId)),
      queueId: offer.queueId,
      stage: 'offered',
      since: new Date(offer.createdAt).toISOString(),
      waitedMs: offer.waitedMs,
    };
  }
  return null;
}

function callerNumberOf(db: Db, callId: number): string | null {
  if (!Number.isInteger(callId)) return null;
  return db.select({ n: calls.callerNumber }).from(calls).where(eq(calls.id, callId)).get()?.n ?? null;
}
