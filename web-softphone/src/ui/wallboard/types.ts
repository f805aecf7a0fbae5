/** What /ws/supervisor sends for the wallboard (cti/realtime/README.md, "To supervisors"). */
import type { AgentState } from '../../lib/agent-states.js';

export interface Level {
  amber: number;
  red: number;
}

export const QUEUE_METRICS = [
  'waiting',
  'longestWaitSeconds',
  'serviceLevelPercent',
  'abandonedToday',
] as const;
export type QueueMetric = (typeof QUEUE_METRICS)[number];
export const TIMED_STATES = ['available', 'reserved', 'ringing', 'on-call', 'wrap-up', 'paused'] as const;
export type TimedState = (typeof TIMED_STATES)[number];

export interface Thresholds {
  queue: Record<QueueMetric, Level>;
  agentStateSeconds: Partial<Record<TimedState, Level>>;
  queues: Record<string, Partial<Record<QueueMetric, Level>>>;
}

export interface QueueToday {
  since: string;
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  serviceLevelPercent: number | null;
  serviceLevelSeconds: number;
}

export interface QueueView {
  queueId: string;
  name: string;
  waiting: number;
  offered: number;
  longestWaitMs: number;
  agents: Record<AgentState, number>;
  staffed: number;
  today?: QueueToday;
}

/** A queue as the page keeps it: when it arrived, so the longest wait can tick on without skew. */
export interface QueueRow extends QueueView {
  receivedAt: number;
}

export interface CurrentCall {
  callId: number;
  callerNumber: string | null;
  queueId: string;
  stage: 'offered' | 'connected';
  since: string;
  waitedMs: number;
}

export interface AgentToday {
  since: string;
  handled: number;
  averageHandleMs: number | null;
}

export interface AgentRow {
  id: string;
  name: string | null;
  state: AgentState;
  since: string;
  reason?: string;
  queues: string[];
  /** Null: no call, or a call in a queue this watcher does not supervise (while on-call). */
  call?: CurrentCall | null;
  today?: AgentToday;
}

export interface IvrPath {
  callId: number;
  flowId: number;
  version: number | null;
  steps: Array<{ node: string; outcome: string; digits?: string }>;
  variables: Record<string, string>;
}

export type MonitorMode = 'listen' | 'whisper' | 'barge';
export const MONITOR_MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];
