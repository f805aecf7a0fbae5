import type { CallRecord } from './call-book.js';
import { effectivePriority, effectiveRequirements } from './call-rules.js';
import { AcdError, fail, type Outcome } from './errors.js';
import type { RouterCore } from './router-core.js';
import { countAnswered } from './stats.js';
import { skillGap } from './trace.js';
import type {
  AgentSnapshot,
  DecisionTrace,
  Offer,
  OfferFailure,
  OfferId,
  SkillRequirement,
  WaitingCall,
} from './types.js';

/**
 * Pairs callers with agents. Callers are served best first: highest effective priority, then
 * longest wait (original enqueue time), then arrival order; each takes the best agent by its
 * queue's strategy. Only callers that can have gained an agent since the last match are looked at
 * (see RouterCore); the linear-scan baseline looks at all of them.
 */
export function match(core: RouterCore, now: number): Offer[] {
  core.timers.drain(now, (w) => core.onDue(w, now));
  const candidates = core.method === 'linear-scan' ? allWaiting(core) : changedSince(core, now);
  core.dirtyCalls.clear();
  core.freshAgents.clear();
  const ordered = candidates
    .map((rec) => ({ rec, prio: effectivePriority(core.queueOf(rec), rec.call, now).effective }))
    .sort(
      (a, b) => b.prio - a.prio || a.rec.call.enqueuedAt - b.rec.call.enqueuedAt || a.rec.seq - b.rec.seq,
    );
  const offers: Offer[] = [];
  for (const { rec } of ordered) {
    const { winner, trace } = core.decide(rec, now);
    if (winner !== undefined) offers.push(makeOffer(core, rec, winner, trace, now));
  }
  return offers;
}

function allWaiting(core: RouterCore): CallRecord[] {
  return [...core.calls.all()].filter((rec) => rec.status === 'waiting');
}

/** Dirty callers, and the callers a fresh agent could take. */
function changedSince(core: RouterCore, now: number): CallRecord[] {
  const found = new Set<CallRecord>();
  for (const id of core.dirtyCalls) {
    const rec = core.calls.get(id);
    if (rec?.status === 'waiting') found.add(rec);
  }
  const reqs = new Map<CallRecord, SkillRequirement[]>();
  for (const agentId of core.freshAgents) {
    const agent = core.index.get(agentId);
    if (agent?.state !== 'available') continue;
    for (const q of agent.queues) {
      for (const callId of core.calls.waitingIn(q)) {
        const rec = core.calls.get(callId);
        if (rec === undefined || found.has(rec)) continue;
        let r = reqs.get(rec);
        if (r === undefined) {
          r = effectiveRequirements(core.queueOf(rec), rec.call, now).requirements;
          reqs.set(rec, r);
        }
        if (skillGap(agent, r) === undefined && core.calls.excludedUntil(rec, agentId, now) === undefined)
          found.add(rec);
      }
    }
  }
  return [...found];
}

function makeOffer(
  core: RouterCore,
  rec: CallRecord,
  agent: AgentSnapshot,
  trace: DecisionTrace,
  now: number,
): Offer {
  core.offerSeq += 1;
  const offerId = `${core.offerIdPrefix}${core.offerSeq}`;
  const queue = core.queueOf(rec);
  const moved = core.moveAgent(
    agent.id,
    'reserved',
    now,
    `offer ${offerId} of call ${rec.call.callId}`,
    'router',
    {
      offerId,
    },
  );
  if (!moved.ok) throw new Error(`ACD: could not reserve agent ${agent.id}: ${moved.error.message}`);
  core.index.takeTurn(queue.id, agent.id);
  rec.attempts += 1;
  rec.offerId = offerId;
  rec.agentId = agent.id;
  core.calls.setStatus(rec, 'offered');
  const offer: Offer = {
    offerId,
    callId: rec.call.callId,
    queueId: queue.id,
    agentId: agent.id,
    createdAt: now,
    ringDeadline: now + queue.ringTimeoutSeconds * 1000,
    attempt: rec.attempts,
    waitedMs: now - rec.call.enqueuedAt,
    effectivePriority: trace.effectivePriority,
    trace,
  };
  core.offers.set(offerId, offer);
  core.timers.schedule(offer.ringDeadline, 'ring-timeout', offerId);
  return offer;
}

interface LiveOffer {
  offer: Offer;
  rec: CallRecord;
}

function liveOffer(core: RouterCore, offerId: OfferId): LiveOffer | AcdError {
  const offer = core.offers.get(offerId);
  const rec = offer && core.calls.get(offer.callId);
  if (offer === undefined || rec === undefined) {
    return new AcdError(
      'unknown-offer',
      `offer ${offerId} is not live (answered, failed, cancelled or never made)`,
    );
  }
  return { offer, rec };
}

export function offerRinging(
  core: RouterCore,
  offerId: OfferId,
  now: number,
): Outcome<{ agent: AgentSnapshot }> {
  const live = liveOffer(core, offerId);
  if (live instanceof AcdError) return { ok: false, error: live };
  const agent = core.index.get(live.offer.agentId);
  if (agent?.state === 'ringing') return { ok: true, agent };
  const moved = core.moveAgent(live.offer.agentId, 'ringing', now, `offer ${offerId}`, 'router', { offerId });
  return moved.ok ? { ok: true, agent: moved.agent } : moved;
}

export function offerAnswered(
  core: RouterCore,
  offerId: OfferId,
  now: number,
): Outcome<{ agent: AgentSnapshot; call: WaitingCall }> {
  const live = liveOffer(core, offerId);
  if (live instanceof AcdError) return { ok: false, error: live };
  const { offer, rec } = live;
  const before = core.index.get(offer.agentId);
  const moved = core.moveAgent(offer.agentId, 'on-call', now, `answered call ${offer.callId}`, 'router', {
    callId: offer.callId,
    callsAnswered: (before?.callsAnswered ?? 0) + 1,
  });
  if (!moved.ok) return moved;
  core.offers.delete(offerId);
  delete rec.offerId;
  core.calls.setStatus(rec, 'connected');
  countAnswered(core.counter(offer.queueId), core.queueOf(rec), now - rec.call.enqueuedAt);
  return { ok: true, agent: moved.agent, call: rec.call };
}

/**
 * The offer did not connect. The caller goes back to waiting with its original enqueue time (so
 * ahead of everyone who came later) and the agent is passed over for this caller for one ring
 * timeout, even should the caller leave and be queued again meanwhile; the agent becomes
 * available, or paused on a no-answer when the queue says so.
 */
export function offerFailed(
  core: RouterCore,
  offerId: OfferId,
  now: number,
  why: OfferFailure,
): Outcome<{ agent: AgentSnapshot; call: WaitingCall }> {
  const live = liveOffer(core, offerId);
  if (live instanceof AcdError) return { ok: false, error: live };
  const { offer, rec } = live;
  const queue = core.queueOf(rec);
  const pause = why === 'no-answer' ? queue.pauseOnNoAnswer : undefined;
  const moved = pause
    ? core.moveAgent(offer.agentId, 'paused', now, pause.reason, 'router')
    : core.moveAgent(offer.agentId, 'available', now, `offer ${offerId} ${why}`, 'router');
  if (!moved.ok) return moved;
  core.offers.delete(offerId);
  const until = now + queue.ringTimeoutSeconds * 1000;
  rec.failures.set(offer.agentId, until); // waitAgain schedules the look when it runs out
  core.counter(queue.id).failedOffers += 1;
  core.waitAgain(rec, now);
  return { ok: true, agent: moved.agent, call: rec.call };
}

/** The answered call is over: the agent wraps up for the queue's wrap-up time (or is available at once). */
export function callEnded(core: RouterCore, callId: string, now: number): Outcome<{ agent: AgentSnapshot }> {
  const rec = core.calls.get(callId);
  if (rec === undefined) return fail('unknown-call', `call ${callId} is not known to the ACD`);
  if (rec.status !== 'connected' || rec.agentId === undefined) {
    return fail('call-not-connected', `call ${callId} is ${rec.status}, not answered: use dequeue`);
  }
  const wrapUp = core.queueOf(rec).wrapUpSeconds * 1000;
  const moved =
    wrapUp > 0
      ? core.moveAgent(rec.agentId, 'wrap-up', now, `after call ${callId}`, 'router', {
          wrapUpEndsAt: now + wrapUp,
        })
      : core.moveAgent(rec.agentId, 'available', now, `after call ${callId}`, 'router');
  if (!moved.ok) return moved;
  core.calls.remove(rec, now);
  return { ok: true, agent: moved.agent };
}
