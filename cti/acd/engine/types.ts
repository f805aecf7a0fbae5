/**
 * The ACD's vocabulary. Everything here is plain data: the router keeps it in memory, the lead's
 * storage and HTTP layers persist and show it. Times are milliseconds since the epoch.
 */

import type { AcdError } from './errors.js';

/** A point in time as callers pass it: epoch milliseconds or a Date. The engine has no clock of its own. */
export type Instant = number | Date;

export type QueueId = string;
export type AgentId = string;
export type CallId = string;
export type OfferId = string;

/** Skill levels run 1 (beginner) to 10 (expert). */
export const MIN_SKILL_LEVEL = 1;
export const MAX_SKILL_LEVEL = 10;

export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

export type RoutingStrategy = 'longest-idle' | 'fewest-calls' | 'best-skill' | 'round-robin';
export const ROUTING_STRATEGIES: readonly RoutingStrategy[] = [
  'longest-idle',
  'fewest-calls',
  'best-skill',
  'round-robin',
];

export type OverflowKind = 'queue' | 'flow' | 'voicemail';
export interface OverflowTarget {
  kind: OverflowKind;
  target: string;
}

/** After `afterSeconds` of waiting, the requirement on `skill` drops to `minLevel`, or goes away. */
export type RelaxationStep =
  | { afterSeconds: number; skill: string; minLevel: number; drop?: undefined }
  | { afterSeconds: number; skill: string; drop: true; minLevel?: undefined };

/** Every `everySeconds` of waiting adds `step` to the caller's priority, `max` in all at most. */
export interface PriorityAging {
  everySeconds: number;
  step: number;
  max: number;
}

export interface QueueConfig {
  id: QueueId;
  name: string;
  requiredSkills: SkillRequirement[];
  /** Added to each caller's own priority: a busier-than-thou queue wins shared agents. */
  priority: number;
  strategy: RoutingStrategy;
  maxWaitSeconds?: number;
  /** Callers waiting or being offered; the next one is turned away to `overflow`. */
  maxSize?: number;
  overflow?: OverflowTarget;
  serviceLevelSeconds: number;
  wrapUpSeconds: number;
  ringTimeoutSeconds: number;
  /** Pause an agent who lets an offer ring out, with this reason code. */
  pauseOnNoAnswer?: { reason: string };
  relaxation?: RelaxationStep[];
  priorityAging?: PriorityAging;
  /** Told to each waiting caller every `everySeconds`: their place in line and/or the usual hold time. */
  announcements?: QueueAnnouncements;
}

export interface QueueAnnouncements {
  everySeconds: number;
  position: boolean;
  holdTime: boolean;
}

export type AgentState =
  | 'logged-out'
  | 'available'
  | 'reserved'
  | 'ringing'
  | 'on-call'
  | 'wrap-up'
  | 'paused';
export const AGENT_STATES: readonly AgentState[] = [
  'logged-out',
  'available',
  'reserved',
  'ringing',
  'on-call',
  'wrap-up',
  'paused',
];

/** Who an agent is, as administrators set it up; state is changed only through transitions. */
export interface AgentProfile {
  id: AgentId;
  name?: string;
  /** skill → level 1–10. */
  skills: Record<string, number>;
  queues: QueueId[];
}

export interface AgentSnapshot {
  readonly id: AgentId;
  readonly name?: string;
  readonly skills: Readonly<Record<string, number>>;
  readonly queues: readonly QueueId[];
  readonly state: AgentState;
  readonly stateSince: number;
  readonly pauseReason?: string;
  /** When the agent last became available: longest-idle ranks by it. */
  readonly idleSince?: number;
  /** ACD calls answered since the daily reset: fewest-calls ranks by it. */
  readonly callsAnswered: number;
  /** Set while reserved or ringing. */
  readonly offerId?: OfferId;
  /** The ACD call the agent is on (on-call only). */
  readonly callId?: CallId;
  /** When the agent's wrap-up after an ACD call ends. */
  readonly wrapUpEndsAt?: number;
}

/** One stored agent state change. */
export interface AgentTransition {
  agentId: AgentId;
  from: AgentState;
  to: AgentState;
  at: number;
  reason?: string;
}

/** A caller handed to the ACD (by the IVR's queue node). */
export interface NewCall {
  callId: CallId;
  queueId: QueueId;
  priority?: number;
  /** Required on top of the queue's own skills (the IVR node's choice, e.g. the caller's language). */
  skills?: SkillRequirement[];
  /** Defaults to the `now` of enqueue; pass the original time when a caller moves between queues. */
  enqueuedAt?: Instant;
}

export interface WaitingCall {
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly enqueuedAt: number;
  readonly priority: number;
  readonly skills: readonly SkillRequirement[];
}

export type CallStatus = 'waiting' | 'offered' | 'connected';
export type OfferFailure = 'no-answer' | 'busy' | 'failed';
export type DequeueReason = 'abandoned' | 'overflow' | 'removed';

/** A caller paired with an agent. The agent is already reserved when the offer is handed out. */
export interface Offer {
  readonly offerId: OfferId;
  readonly callId: CallId;
  readonly queueId: QueueId;
  readonly agentId: AgentId;
  readonly createdAt: number;
  /** createdAt + the queue's ring timeout; `expiredOffers` lists offers past it. */
  readonly ringDeadline: number;
  /** 1 for the caller's first offer, 2 after one failed offer, ... */
  readonly attempt: number;
  readonly waitedMs: number;
  readonly effectivePriority: number;
  readonly trace: DecisionTrace;
}

export type SkipKind =
  | 'not-member'
  | 'state'
  | 'reserved'
  | 'skill-missing'
  | 'skill-level'
  | 'recent-failure';

/** An agent left out of a decision: `reason` is terse ('skill-level:english 3<5'), `words` a sentence. */
export interface SkippedAgent {
  agentId: AgentId;
  kind: SkipKind;
  reason: string;
  words: string;
}

/** An eligible agent compared by the queue's strategy; `rank` describes its standing. */
export interface ConsideredAgent {
  agentId: AgentId;
  rank: string;
}

export interface DecisionTrace {
  callId: CallId;
  queueId: QueueId;
  at: number;
  waitedMs: number;
  basePriority: number;
  agingBonus: number;
  effectivePriority: number;
  /** The requirements in force at `at`, relaxation applied. */
  requirements: SkillRequirement[];
  /** The relaxation steps applied so far, in words. */
  relaxed: string[];
  strategy: RoutingStrategy;
  /** How the candidates were found (which index, how many agents it held). */
  plan: string;
  considered: ConsideredAgent[];
  skipped: SkippedAgent[];
  /** Agents the index ruled out without looking at them (compact traces only). */
  notExamined: number;
  winner?: AgentId;
  /** Why the winner won, or why nobody did. */
  rule: string;
}

export interface OverdueCall {
  call: WaitingCall;
  waitedMs: number;
  maxWaitSeconds: number;
  /** Missing when the queue has no overflow target: the caller keeps waiting unless you act. */
  overflow?: OverflowTarget;
}

export type WakeReason =
  /** Events since the last match() may pair a caller with an agent: call match(now) now. */
  | 'match-pending'
  | 'relaxation'
  | 'retry-after-failure'
  | 'priority-aging'
  | 'max-wait'
  | 'wrap-up-end'
  | 'ring-timeout';

export interface WakeUp {
  at: number;
  reason: WakeReason;
  /** The call, agent or offer the rule is about. */
  subject: string;
}

/** enqueue's answer: in, turned away because the queue is full (send the caller to `target`), or refused. */
export type EnqueueResult =
  | { ok: true; call: WaitingCall }
  | { ok: false; overflow: { reason: 'max-size'; queueId: QueueId; target?: OverflowTarget } }
  | { ok: false; error: AcdError };

export interface CallView {
  call: WaitingCall;
  status: CallStatus;
  offerId?: OfferId;
  agentId?: AgentId;
  /** Offers made so far. */
  attempts: number;
}
