import {
  AGENT_STATES,
  type AgentSnapshot,
  type AgentState,
  type QueueConfig,
  type QueueId,
} from './types.js';

/**
 * Per-queue live statistics. Counters run from the last `resetDailyStats` (the lead calls it at
 * local midnight: the engine knows no time zone).
 *
 * Service level = answered within threshold / (answered + abandoned after threshold).
 * "Within" means waited ≤ serviceLevelSeconds, "after" means waited > serviceLevelSeconds; the
 * wait runs from the first enqueue to the answer (re-offers keep the original enqueue time).
 * Callers who hang up within the threshold count as abandoned but are left out of the service
 * level, as are overflowed and removed callers. With nothing answered or late-abandoned yet it is null.
 */
export const SERVICE_LEVEL_FORMULA =
  'answered within threshold / (answered + abandoned after threshold); short abandons, overflows and removals excluded';

export interface QueueCounters {
  entered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  abandonedAfterThreshold: number;
  overflowed: number;
  /** Turned away at enqueue because the queue was full. */
  rejectedFull: number;
  /** Offers that rang out, were busy or failed. */
  failedOffers: number;
  answerWaitTotalMs: number;
  longestAnswerWaitMs: number;
}

export function newCounters(): QueueCounters {
  return {
    entered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    abandonedAfterThreshold: 0,
    overflowed: 0,
    rejectedFull: 0,
    failedOffers: 0,
    answerWaitTotalMs: 0,
    longestAnswerWaitMs: 0,
  };
}

export function countAnswered(c: QueueCounters, queue: QueueConfig, waitedMs: number): void {
  c.answered += 1;
  if (waitedMs <= queue.serviceLevelSeconds * 1000) c.answeredWithinThreshold += 1;
  c.answerWaitTotalMs += waitedMs;
  c.longestAnswerWaitMs = Math.max(c.longestAnswerWaitMs, waitedMs);
}

export function countAbandoned(c: QueueCounters, queue: QueueConfig, waitedMs: number): void {
  c.abandoned += 1;
  if (waitedMs > queue.serviceLevelSeconds * 1000) c.abandonedAfterThreshold += 1;
}

export interface QueueStats extends QueueCounters {
  queueId: QueueId;
  name: string;
  /** Counters run from here (the last daily reset). */
  since: number;
  at: number;
  /** Callers waiting for an agent. */
  waiting: number;
  /** Callers whose offer is out to an agent. */
  offered: number;
  /** The longest current wait among waiting and offered callers; 0 when none. */
  longestWaitMs: number;
  /** Members of the queue by state. */
  agents: Record<AgentState, number>;
  /** Members logged in. */
  staffed: number;
  /** 0–1, or null when there is nothing to measure yet. */
  serviceLevel: number | null;
  serviceLevelFormula: string;
  averageAnswerWaitMs: number | null;
}

export interface LiveCall {
  enqueuedAt: number;
  status: 'waiting' | 'offered' | 'connected';
}

export function queueStats(
  queue: QueueConfig,
  counters: QueueCounters,
  since: number,
  now: number,
  calls: Iterable<LiveCall>,
  members: Iterable<AgentSnapshot>,
): QueueStats {
  let waiting = 0;
  let offered = 0;
  let longestWaitMs = 0;
  for (const c of calls) {
    if (c.status === 'connected') continue;
    if (c.status === 'waiting') waiting += 1;
    else offered += 1;
    longestWaitMs = Math.max(longestWaitMs, now - c.enqueuedAt);
  }
  const agents = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const a of members) agents[a.state] += 1;
  const measured = counters.answered + counters.abandonedAfterThreshold;
  return {
    queueId: queue.id,
    name: queue.name,
    since,
    at: now,
    waiting,
    offered,
    longestWaitMs,
    agents,
    staffed: Object.values(agents).reduce((a, b) => a + b, 0) - agents['logged-out'],
    ...counters,
    serviceLevel: measured === 0 ? null : counters.answeredWithinThreshold / measured,
    serviceLevelFormula: SERVICE_LEVEL_FORMULA,
    averageAnswerWaitMs: counters.answered === 0 ? null : counters.answerWaitTotalMs / counters.answered,
  };
}
