import type { QueueStats } from '../acd/engine/stats.js';
import type { AgentState } from '../acd/engine/types.js';
import type { CurrentCallView } from '../wallboard/current-call.js';
import type { Thresholds } from '../wallboard/thresholds.js';
import type { AgentToday, QueueToday } from '../wallboard/today-figures.js';

export type { AgentToday, CurrentCallView, QueueToday, Thresholds };

/**
 * The JSON spoken on /ws/agent and /ws/supervisor (README.md in this folder is the reference).
 * Every message carries `v` (the protocol version), `type` and `at` (ISO time the server sent it).
 * A change that would break a client bumps `v`; new optional fields and new types do not.
 */
export const PROTOCOL_VERSION = 1;

/** The subprotocol browsers offer (with `token.<token>`) and the server echoes. */
export const SUBPROTOCOL = 'switchboard';

interface Envelope<T extends string> {
  v: typeof PROTOCOL_VERSION;
  type: T;
  at: string;
}

/** An agent as the sockets show it: supervisors get a list of these in the snapshot. */
export interface AgentView {
  id: string;
  name: string | null;
  state: AgentState;
  since: string;
  /** The pause reason code (paused only). */
  reason?: string;
  queues: string[];
  /** Supervisor socket only: the ACD call offered to or answered by the agent (null: none, or in a queue the watcher does not supervise). */
  call?: CurrentCallView | null;
  /** Supervisor socket only: calls handled today and the average handle time. */
  today?: AgentToday;
}

/** A queue on the supervisor socket: the live statistics plus today's figures. */
export type QueueView = QueueStats & { today?: QueueToday };

export interface HelloMessage extends Envelope<'hello'> {
  agent: AgentView;
}

export interface IvrStepView {
  node: string;
  outcome: string;
  digits?: string;
}

export interface PreviousCallView {
  id: number;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

export interface ScreenPopMessage extends Envelope<'screen-pop'> {
  offerId: string;
  callId: number;
  callerNumber: string;
  dialedNumber: string | null;
  queue: { id: string; name: string };
  waitedMs: number;
  /** Null when the call reached the queue without an IVR flow. */
  ivr: {
    flowId: number;
    flowName: string | null;
    flowVersion: number | null;
    steps: IvrStepView[];
    /** What the flow collected (digits keyed in, values set), by variable name. */
    variables: Record<string, string>;
  } | null;
  /** Newest first, at most 5; empty for an unknown or withheld caller number. */
  previousCalls: PreviousCallView[];
  /** True when sent again on (re)connect for an offer or call still in progress. */
  replay?: boolean;
}

export interface AnsweredMessage extends Envelope<'answered'> {
  offerId: string;
  callId: number;
}

export interface EndedMessage extends Envelope<'ended'> {
  callId: number;
}

export interface StateMessage extends Envelope<'state'> {
  agentId: string;
  state: AgentState;
  from: AgentState;
  since: string;
  reason?: string;
  /** The `id` of the set-state this change answers, when the client sent one. */
  replyTo?: string | number;
}

export interface ErrorMessage extends Envelope<'error'> {
  /** invalid-json, invalid-message, unknown-type, binary, bad_request, state_not_allowed, not_found. */
  code: string;
  message: string;
  replyTo?: string | number;
}

export interface PongMessage extends Envelope<'pong'> {
  replyTo?: string | number;
}

export interface SnapshotMessage extends Envelope<'snapshot'> {
  queues: QueueView[];
  agents: AgentView[];
  /** The wallboard's colour levels (per-queue overrides of the watcher's queues only). */
  thresholds?: Thresholds;
}

export interface QueueMessage extends Envelope<'queue'> {
  queue: QueueView;
}

/** Sent when an administrator changes the wallboard's thresholds. */
export interface ThresholdsMessage extends Envelope<'thresholds'> {
  thresholds: Thresholds;
}

export interface AgentMessage extends Envelope<'agent'> {
  agentId: string;
  name: string | null;
  from: AgentState;
  to: AgentState;
  since: string;
  reason?: string;
  /** The agent's queues the watcher supervises. */
  queues?: string[];
  call?: CurrentCallView | null;
  today?: AgentToday;
}

export type ToAgent =
  | HelloMessage
  | ScreenPopMessage
  | AnsweredMessage
  | EndedMessage
  | StateMessage
  | ErrorMessage
  | PongMessage;

export type ToSupervisor =
  | SnapshotMessage
  | QueueMessage
  | AgentMessage
  | ThresholdsMessage
  | ErrorMessage
  | PongMessage;

export type OutboundMessage = ToAgent | ToSupervisor;

/** What agents send: `id` is optional and comes back as `replyTo` on the answer. */
export type FromAgent =
  | { type: 'set-state'; state: string; reason?: string; id?: string | number }
  | { type: 'ping'; id?: string | number };

type Body<M extends OutboundMessage> = Omit<M, 'v' | 'type' | 'at'>;

/** Stamps a message with the protocol version and the time; `at` comes from the daemon's clock. */
export function message<M extends OutboundMessage>(type: M['type'], at: Date, body: Body<M>): M {
  return { v: PROTOCOL_VERSION, type, at: at.toISOString(), ...body } as M;
}
