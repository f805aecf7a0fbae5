import { AgentIndex } from './agent-index.js';
import { type TransitionActor, type TransitionResult, transition } from './agent-states.js';
import { CallBook, type CallRecord } from './call-book.js';
import { futureRelaxations, maxWaitAt, nextAgingStep, relaxationAt, sortedSteps } from './call-rules.js';
import { type Decision, type DecisionMethod, decide, type TraceDetail } from './pick-agent.js';
import { newCounters, type QueueCounters } from './stats.js';
import type {
  AgentId,
  AgentSnapshot,
  AgentState,
  AgentTransition,
  CallId,
  Offer,
  OfferId,
  QueueConfig,
  QueueId,
  WakeUp,
} from './types.js';
import { WakeTimers } from './wake-timers.js';

export interface RouterOptions {
  /** 'indexed' (default) or 'linear-scan': every decision scans every agent and every match every caller, like polling. */
  decision?: DecisionMethod;
  /** 'compact' (default): what the search looked at. 'full': every agent with its reason, at the cost of a scan. */
  trace?: TraceDetail;
  /** Offer ids are this prefix and a counter: "o1", "o2", ... */
  offerIdPrefix?: string;
}

/** Fields the router sets on an agent beside the state machine's own. */
type AgentExtras = Partial<Pick<AgentSnapshot, 'offerId' | 'callId' | 'wrapUpEndsAt' | 'callsAnswered'>>;

/**
 * The router's state and the bookkeeping every operation shares. Invariant after each match():
 * no waiting caller has an available agent it could be offered to. So only what happened since
 * can make a pair: callers marked dirty (new, back from a failed offer, relaxed, queue changed)
 * and agents marked fresh (became available, or changed skills or queues while available).
 */
export class RouterCore {
  readonly index: AgentIndex;
  readonly calls = new CallBook();
  readonly offers = new Map<OfferId, Offer>();
  readonly counters = new Map<QueueId, QueueCounters>();
  readonly timers = new WakeTimers();
  readonly dirtyCalls = new Set<CallId>();
  readonly freshAgents = new Set<AgentId>();
  readonly wrapUps = new Set<AgentId>();
  readonly log: AgentTransition[] = [];
  readonly method: DecisionMethod;
  readonly detail: TraceDetail;
  readonly offerIdPrefix: string;
  statsSince = 0;
  offerSeq = 0;

  constructor(options: RouterOptions = {}) {
    this.method = options.decision ?? 'indexed';
    this.detail = options.trace ?? 'compact';
    this.offerIdPrefix = options.offerIdPrefix ?? 'o';
    this.index = new AgentIndex(this.method === 'indexed');
  }

  queueOf(rec: CallRecord): QueueConfig {
    const q = this.index.queue(rec.call.queueId);
    if (q === undefined)
      throw new Error(`ACD: call ${rec.call.callId} is in unknown queue ${rec.call.queueId}`);
    return q;
  }

  /** The best agent for the caller now, by its queue's strategy, with the trace. */
  decide(rec: CallRecord, now: number, detail: TraceDetail = this.detail): Decision {
    return decide(this.index, this.calls, this.queueOf(rec), rec, now, this.method, detail);
  }

  counter(queueId: QueueId): QueueCounters {
    let c = this.counters.get(queueId);
    if (c === undefined) {
      c = newCounters();
      this.counters.set(queueId, c);
    }
    return c;
  }

  /** The one way an agent's state changes: the state machine, then indexes, log and timers. */
  moveAgent(
    agentId: AgentId,
    to: AgentState,
    now: number,
    reason: string | undefined,
    actor: TransitionActor,
    extras: AgentExtras = {},
  ): TransitionResult {
    const agent = this.index.get(agentId);
    if (agent === undefined) throw new Error(`ACD: unknown agent ${agentId}`);
    const res = transition(agent, to, now, reason, actor);
    if (!res.ok) return res;
    const next: AgentSnapshot = { ...res.agent, ...extras };
    this.index.put(next);
    this.log.push(res.record);
    if (to === 'available') this.freshAgents.add(agentId);
    if (to === 'wrap-up') {
      this.wrapUps.add(agentId);
      this.timers.schedule(next.wrapUpEndsAt, 'wrap-up-end', agentId);
    } else this.wrapUps.delete(agentId);
    return { ok: true, agent: next, record: res.record };
  }

  /** The caller is (again) waiting: route it at the next match and schedule its timed rules. */
  waitAgain(rec: CallRecord, now: number): void {
    delete rec.offerId;
    delete rec.agentId;
    this.calls.setStatus(rec, 'waiting');
    this.dirtyCalls.add(rec.call.callId);
    this.scheduleCallTimers(rec, now);
  }

  /**
   * Every timed change ahead of a waiting caller. Called whenever it (again) waits: its entries went
   * stale, and may have been dropped by nextWakeUp, while it was being offered or away.
   */
  scheduleCallTimers(rec: CallRecord, now: number): void {
    const queue = this.queueOf(rec);
    const id = rec.call.callId;
    for (const at of futureRelaxations(queue, rec.call, now)) this.timers.schedule(at, 'relaxation', id);
    for (const until of rec.failures.values())
      if (until > now) this.timers.schedule(until, 'retry-after-failure', id);
    this.timers.schedule(nextAgingStep(queue, rec.call, now), 'priority-aging', id);
    const maxWait = maxWaitAt(queue, rec.call);
    if (maxWait !== undefined && maxWait > now) this.timers.schedule(maxWait, 'max-wait', id);
  }

  /** A timer came due at or before `now`. */
  onDue(w: WakeUp, now: number): void {
    const rec = this.calls.get(w.subject);
    if (rec?.status !== 'waiting') return;
    if (w.reason === 'relaxation' || w.reason === 'retry-after-failure') this.dirtyCalls.add(w.subject);
    if (w.reason === 'priority-aging') {
      this.timers.schedule(nextAgingStep(this.queueOf(rec), rec.call, now), 'priority-aging', w.subject);
    }
  }

  /** Does the timer still stand for a change (its caller, agent or offer unchanged since it was set)? */
  isLive(w: WakeUp): boolean {
    if (w.reason === 'wrap-up-end') {
      const agent = this.index.get(w.subject);
      return agent?.state === 'wrap-up' && agent.wrapUpEndsAt === w.at;
    }
    if (w.reason === 'ring-timeout') return this.offers.get(w.subject)?.ringDeadline === w.at;
    const rec = this.calls.get(w.subject);
    if (rec?.status !== 'waiting') return false;
    const queue = this.queueOf(rec);
    switch (w.reason) {
      case 'relaxation':
        return sortedSteps(queue).some((s) => relaxationAt(s, rec.call) === w.at);
      case 'retry-after-failure':
        return [...rec.failures.values()].includes(w.at);
      case 'priority-aging':
        return nextAgingStep(queue, rec.call, w.at - 1) === w.at;
      case 'max-wait':
        return maxWaitAt(queue, rec.call) === w.at;
      default:
        return false;
    }
  }
}
