import type { AgentState } from '../acd/engine/types.js';

/**
 * The stored events the figures are computed from, as plain rows (times in epoch ms). The loader
 * reads them from the database; tests may build them by hand.
 */

/** A caller's stay in a queue (queue_entries joined with its calls row). */
export interface EntryRow {
  id: number;
  callId: number;
  queueId: string;
  /** Skills the caller asked for on top of the queue's own. */
  skills: string[];
  enqueuedAt: number;
  /** Null while the caller still waits. */
  leftAt: number | null;
  outcome: 'answered' | 'abandoned' | 'overflow' | 'removed' | null;
  /** The agent who answered. */
  agentId: string | null;
  callerNumber: string | null;
  callStartedAt: number;
}

/** One agent state change (agent_state_log). */
export interface StateChange {
  agentId: string;
  to: AgentState;
  reason: string | null;
  at: number;
}

/** An offer of a caller to an agent (acd_offers). */
export interface OfferRow {
  agentId: string;
  queueId: string;
  offeredAt: number;
  outcome: 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled' | null;
}

/** A call's start and caller number (calls), for finding repeat callers. */
export interface CallStart {
  callId: number;
  callerNumber: string;
  startedAt: number;
}

export interface QueueInfo {
  id: string;
  name: string;
  serviceLevelSeconds: number;
  requiredSkills: string[];
}

export interface AgentInfo {
  id: string;
  name: string;
  queues: string[];
  skills: string[];
}

/** How a report counts, after settings and per-request overrides. */
export interface CountingRules {
  /** Callers who hang up after waiting less than this are short abandons. */
  shortAbandonMs: number;
  /** A call from the same number within this long after an answered call's start is a repeat. */
  repeatWindowMs: number;
}
