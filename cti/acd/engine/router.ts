import { AgentStateError, fail, type Outcome } from './errors.js';
import { toMs } from './instant.js';
import { callEnded, match, offerAnswered, offerFailed, offerRinging } from './offer-flow.js';
import { expiredOffers, overdue, statsOf, type WaitingView, waitingCalls, wrapUpDue } from './queries.js';
import { RouterCore, type RouterOptions } from './router-core.js';
import { countAbandoned, newCounters, type QueueStats } from './stats.js';
import type {
  AgentId,
  AgentProfile,
  AgentSnapshot,
  AgentState,
  AgentTransition,
  CallId,
  CallView,
  DecisionTrace,
  DequeueReason,
  EnqueueResult,
  Instant,
  NewCall,
  Offer,
  OfferFailure,
  OfferId,
  OverdueCall,
  QueueConfig,
  QueueId,
  WaitingCall,
  WakeUp,
} from './types.js';
import { agentProfileProblems, newCallProblems, queueConfigProblems } from './validate.js';

export type { WaitingView } from './queries.js';
export type { RouterOptions } from './router-core.js';
export type { CallView, EnqueueResult } from './types.js';

/**
 * The skill-based ACD: queues, agents and callers in memory, decisions on demand. No I/O, no
 * timers: every call passes `now` (never going backwards), and nextWakeUp says when a timed rule
 * next needs a look. Changing calls answer with an Outcome: `{ ok: true, … }`, or
 * `{ ok: false, error }` having changed nothing.
 *
 * One turn, after any event or when the single timer fires: report the event (enqueue, dequeue,
 * agentState, offerAnswered, …); end wrap-ups from wrapUpDue(now); move callers from overdue(now)
 * to their overflow; fail offers from expiredOffers(now) unless the ARI side already did;
 * ring the agents of match(now); then set the one timer to nextWakeUp(now)?.at.
 */
export class Router {
  private readonly core: RouterCore;

  constructor(options: RouterOptions = {}) {
    this.core = new RouterCore(options);
  }

  addQueue(config: QueueConfig): Outcome<{ queue: QueueConfig }> {
    const problems = queueConfigProblems(config);
    if (problems.length > 0) return fail('invalid-config', problems.join('; '));
    if (this.core.index.queue(config.id))
      return fail('duplicate-queue', `queue ${config.id} exists: use updateQueue`);
    const queue = structuredClone(config);
    this.core.index.setQueue(queue);
    this.core.counters.set(queue.id, newCounters());
    return { ok: true, queue: structuredClone(queue) };
  }

  /** Applies at once; waiting callers stay, keep their enqueue time and are routed under the new rules. */
  updateQueue(config: QueueConfig, now: Instant): Outcome<{ queue: QueueConfig }> {
    const t = toMs(now);
    const problems = queueConfigProblems(config);
    if (problems.length > 0) return fail('invalid-config', problems.join('; '));
    if (!this.core.index.queue(config.id))
      return fail('unknown-queue', `queue ${config.id} does not exist: use addQueue`);
    const queue = structuredClone(config);
    this.core.index.setQueue(queue);
    for (const callId of this.core.calls.waitingIn(queue.id)) {
      const rec = this.core.calls.get(callId);
      if (rec === undefined) continue;
      this.core.dirtyCalls.add(callId);
      this.core.scheduleCallTimers(rec, t);
    }
    return { ok: true, queue: structuredClone(queue) };
  }

  getQueue(queueId: QueueId): QueueConfig | undefined {
    const queue = this.core.index.queue(queueId);
    return queue && structuredClone(queue);
  }

  /** Creates an agent (logged out) or updates skills and queues of an existing one, keeping its state. */
  upsertAgent(profile: AgentProfile, now: Instant): Outcome<{ agent: AgentSnapshot }> {
    const t = toMs(now);
    const problems = agentProfileProblems(profile);
    if (problems.length > 0) return fail('invalid-agent', problems.join('; '));
    const old = this.core.index.get(profile.id);
    const agent: AgentSnapshot = {
      ...(old ?? { id: profile.id, state: 'logged-out', stateSince: t, callsAnswered: 0 }),
      ...(profile.name !== undefined ? { name: profile.name } : {}),
      skills: { ...profile.skills },
      queues: [...new Set(profile.queues)],
    };
    this.core.index.put(agent);
    if (agent.state === 'available') this.core.freshAgents.add(agent.id);
    return { ok: true, agent };
  }

  getAgent(agentId: AgentId): AgentSnapshot | undefined {
    return this.core.index.get(agentId);
  }

  /** A change asked for by the agent side: log in/out, pause/unpause, wrap-up done, direct calls. */
  agentState(
    agentId: AgentId,
    to: AgentState,
    now: Instant,
    reason?: string,
  ): Outcome<{ agent: AgentSnapshot; transition: AgentTransition }> {
    const t = toMs(now);
    const agent = this.core.index.get(agentId);
    if (agent === undefined) return fail('unknown-agent', `agent ${agentId} is not known to the ACD`);
    if (agent.state === 'on-call' && agent.callId !== undefined) {
      const why = `the ACD call ${agent.callId} must end first (callEnded)`;
      return { ok: false, error: new AgentStateError(agentId, agent.state, to, why) };
    }
    const moved = this.core.moveAgent(agentId, to, t, reason, 'agent');
    return moved.ok ? { ok: true, agent: moved.agent, transition: moved.record } : moved;
  }

  /** Puts a caller in a queue, or turns it away when the queue is full (max size counts waiting and offered callers). */
  enqueue(call: NewCall, now: Instant): EnqueueResult {
    const t = toMs(now);
    const problems = newCallProblems(call);
    if (problems.length > 0) return fail('invalid-call', problems.join('; '));
    const queue = this.core.index.queue(call.queueId);
    if (queue === undefined)
      return fail('unknown-queue', `call ${call.callId}: queue ${call.queueId} does not exist`);
    if (this.core.calls.get(call.callId))
      return fail('duplicate-call', `call ${call.callId} is already in the ACD`);
    if (queue.maxSize !== undefined && this.core.calls.queuedIn(queue.id).size >= queue.maxSize) {
      this.core.counter(queue.id).rejectedFull += 1;
      const target = queue.overflow ? { target: queue.overflow } : {};
      return { ok: false, overflow: { reason: 'max-size', queueId: queue.id, ...target } };
    }
    const waiting: WaitingCall = {
      callId: call.callId,
      queueId: queue.id,
      enqueuedAt: call.enqueuedAt === undefined ? t : toMs(call.enqueuedAt, 'enqueuedAt'),
      priority: call.priority ?? 0,
      skills: (call.skills ?? []).map((s) => ({ ...s })),
    };
    const rec = this.core.calls.add(waiting, t);
    this.core.counter(queue.id).entered += 1;
    this.core.dirtyCalls.add(call.callId);
    this.core.scheduleCallTimers(rec, t); // with any pass-overs carried over from its last stay
    return { ok: true, call: waiting };
  }

  /**
   * The caller leaves before being answered (hung up, overflowed, moved). If an offer was out, it
   * is cancelled and its agent is available again: stop ringing `cancelledOffer.agentId`.
   */
  dequeue(
    callId: CallId,
    now: Instant,
    reason: DequeueReason,
  ): Outcome<{ call: WaitingCall; cancelledOffer?: Offer; agent?: AgentSnapshot }> {
    const t = toMs(now);
    const rec = this.core.calls.get(callId);
    if (rec === undefined) return fail('unknown-call', `call ${callId} is not in the ACD`);
    if (rec.status === 'connected') {
      return fail('call-connected', `call ${callId} is connected to agent ${rec.agentId}: use callEnded`);
    }
    const offer = rec.offerId === undefined ? undefined : this.core.offers.get(rec.offerId);
    let agent: AgentSnapshot | undefined;
    if (offer !== undefined) {
      const moved = this.core.moveAgent(offer.agentId, 'available', t, `caller left (${reason})`, 'router');
      if (!moved.ok) return moved;
      agent = moved.agent;
      this.core.offers.delete(offer.offerId);
    }
    this.core.calls.remove(rec, t);
    this.core.dirtyCalls.delete(callId);
    const counters = this.core.counter(rec.call.queueId);
    const queue = this.core.index.queue(rec.call.queueId);
    if (reason === 'abandoned' && queue) countAbandoned(counters, queue, t - rec.call.enqueuedAt);
    if (reason === 'overflow') counters.overflowed += 1;
    return {
      ok: true,
      call: rec.call,
      ...(offer ? { cancelledOffer: offer } : {}),
      ...(agent ? { agent } : {}),
    };
  }

  getCall(callId: CallId): CallView | undefined {
    const rec = this.core.calls.get(callId);
    if (rec === undefined) return undefined;
    const { call, status, offerId, agentId, attempts } = rec;
    return { call, status, attempts, ...(offerId ? { offerId } : {}), ...(agentId ? { agentId } : {}) };
  }

  /** Every pair that can be made now, best caller first; each agent is reserved as its offer is made. */
  match(now: Instant): Offer[] {
    return match(this.core, toMs(now));
  }

  /** Optional: the agent's phone is ringing (reserved → ringing). */
  offerRinging(offerId: OfferId, now: Instant): Outcome<{ agent: AgentSnapshot }> {
    return offerRinging(this.core, offerId, toMs(now));
  }

  offerAnswered(offerId: OfferId, now: Instant): Outcome<{ agent: AgentSnapshot; call: WaitingCall }> {
    return offerAnswered(this.core, offerId, toMs(now));
  }

  offerFailed(
    offerId: OfferId,
    now: Instant,
    why: OfferFailure,
  ): Outcome<{ agent: AgentSnapshot; call: WaitingCall }> {
    return offerFailed(this.core, offerId, toMs(now), why);
  }

  callEnded(callId: CallId, now: Instant): Outcome<{ agent: AgentSnapshot }> {
    return callEnded(this.core, callId, toMs(now));
  }

  liveOffers(): Offer[] {
    return [...this.core.offers.values()];
  }

  wrapUpDue(now: Instant): AgentSnapshot[] {
    return wrapUpDue(this.core, toMs(now));
  }

  overdue(now: Instant): OverdueCall[] {
    return overdue(this.core, toMs(now));
  }

  expiredOffers(now: Instant): Offer[] {
    return expiredOffers(this.core, toMs(now));
  }

  /**
   * When to look again: the earliest instant after `now` at which a timed rule changes something
   * (relaxation step, end of a no-answer pass-over, aging step, max wait, wrap-up end, ring
   * timeout), or `now` itself with 'match-pending' when events since the last match() may make a
   * pair. Undefined: nothing is timed. `now` must not go backwards between calls.
   */
  nextWakeUp(now: Instant): WakeUp | undefined {
    const t = toMs(now);
    // A wrap-up end or ring timeout that fell due since the caller's last turn (it read the clock
    // again, or its timer fired a millisecond early) is due now, not dropped: dropped, it would
    // leave the agent in wrap-up, or the offer ringing, until some other event.
    let unhandled: WakeUp | undefined;
    this.core.timers.drain(t, (w) => {
      if (!unhandled && (w.reason === 'wrap-up-end' || w.reason === 'ring-timeout') && this.core.isLive(w))
        unhandled = w;
      this.core.onDue(w, t);
    });
    if (unhandled) return { ...unhandled, at: t };
    if (this.core.method === 'indexed') {
      const [callId] = this.core.dirtyCalls;
      if (callId !== undefined) return { at: t, reason: 'match-pending', subject: callId };
      const [agentId] = this.core.freshAgents;
      if (agentId !== undefined) return { at: t, reason: 'match-pending', subject: agentId };
    }
    return this.core.timers.next((w) => this.core.isLive(w));
  }

  /** The full decision for a waiting caller as if match() ran now, every agent with its reason; reserves nobody. */
  explain(callId: CallId, now: Instant): Outcome<{ trace: DecisionTrace }> {
    const t = toMs(now);
    const rec = this.core.calls.get(callId);
    if (rec === undefined) return fail('unknown-call', `call ${callId} is not in the ACD`);
    if (rec.status !== 'waiting')
      return fail('call-not-waiting', `call ${callId} is ${rec.status}: see its offer's trace`);
    return { ok: true, trace: this.core.decide(rec, t, 'full').trace };
  }

  waitingCalls(now: Instant, queueId?: QueueId): WaitingView[] {
    return waitingCalls(this.core, toMs(now), queueId);
  }

  /** Every agent transition since the last call, oldest first, for storage; the buffer is emptied. */
  takeTransitions(): AgentTransition[] {
    return this.core.log.splice(0);
  }

  stats(queueId: QueueId, now: Instant): QueueStats | undefined {
    const queue = this.core.index.queue(queueId);
    return queue && statsOf(this.core, queue, toMs(now));
  }

  allStats(now: Instant): QueueStats[] {
    const t = toMs(now);
    return this.core.index.queues().map((q) => statsOf(this.core, q, t));
  }

  /** Starts a new statistics day: counters and each agent's calls-answered (fewest-calls ranks by it) go to 0. */
  resetDailyStats(now: Instant): void {
    this.core.statsSince = toMs(now);
    for (const id of this.core.counters.keys()) this.core.counters.set(id, newCounters());
    for (const agent of [...this.core.index.agents.values()])
      this.core.index.put({ ...agent, callsAnswered: 0 });
  }
}
