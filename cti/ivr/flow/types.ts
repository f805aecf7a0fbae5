/**
 * A flow document as administrators write it (ivr-flows/schema/flow.schema.json is the published form).
 * Optional outlets (`next`, `onFailure`, ...) are optional here because drafts may lack them;
 * validateFlow reports the missing ones as dead ends before a flow can be published.
 */

export type NodeId = string;
export type Scalar = string | number | boolean;

export type Prompt =
  | { sound: string }
  | { upload: string }
  | { say: string; voice?: string }
  | { digits: string };

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface OpeningHours {
  days: Weekday[];
  /** HH:MM, local time. */
  from: string;
  /** HH:MM, local time; "24:00" means until midnight. */
  to: string;
}

interface NodeBase {
  description?: string;
}

export interface PlayNode extends NodeBase {
  type: 'play';
  prompts: Prompt[];
  next?: NodeId;
}

export interface MenuNode extends NodeBase {
  type: 'menu';
  prompts: Prompt[];
  options: Record<string, NodeId>;
  timeoutSeconds?: number;
  maxAttempts?: number;
  timeoutPrompts?: Prompt[];
  invalidPrompts?: Prompt[];
  onFailure?: NodeId;
}

export interface CollectNode extends NodeBase {
  type: 'collect';
  prompts: Prompt[];
  variable: string;
  minDigits?: number;
  maxDigits: number;
  terminator?: '#' | '*' | 'none';
  timeoutSeconds?: number;
  interDigitTimeoutSeconds?: number;
  pattern?: string;
  maxAttempts?: number;
  timeoutPrompts?: Prompt[];
  invalidPrompts?: Prompt[];
  next?: NodeId;
  onFailure?: NodeId;
}

export interface BranchCondition {
  variable: string;
  equals?: Scalar;
  notEquals?: Scalar;
  startsWith?: string;
  matches?: string;
  in?: Scalar[];
  isEmpty?: boolean;
  next: NodeId;
}

export interface BranchNode extends NodeBase {
  type: 'branch';
  conditions: BranchCondition[];
  otherwise?: NodeId;
}

export interface TimeNode extends NodeBase {
  type: 'time';
  timezone: string;
  hours: OpeningHours[];
  holidays?: string[];
  open?: NodeId;
  closed?: NodeId;
  holiday?: NodeId;
}

export interface SetNode extends NodeBase {
  type: 'set';
  variables: Record<string, Scalar>;
  next?: NodeId;
}

export interface HttpNode extends NodeBase {
  type: 'http';
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutSeconds?: number;
  /** variable → dotted path into the JSON answer. */
  results?: Record<string, string>;
  next?: NodeId;
  onError?: NodeId;
}

export interface QueueNode extends NodeBase {
  type: 'queue';
  prompts?: Prompt[];
  queue: string;
  skills?: string[];
  priority?: number;
}

export interface TransferNode extends NodeBase {
  type: 'transfer';
  prompts?: Prompt[];
  to: string;
  route: string;
  timeoutSeconds?: number;
  onError?: NodeId;
}

export interface VoicemailNode extends NodeBase {
  type: 'voicemail';
  prompts?: Prompt[];
  mailbox: string;
  maxSeconds?: number;
  beep?: boolean;
}

export interface HangupNode extends NodeBase {
  type: 'hangup';
  prompts?: Prompt[];
}

export type FlowNode =
  | PlayNode
  | MenuNode
  | CollectNode
  | BranchNode
  | TimeNode
  | SetNode
  | HttpNode
  | QueueNode
  | TransferNode
  | VoicemailNode
  | HangupNode;

export type NodeType = FlowNode['type'];

export const NODE_TYPES: readonly NodeType[] = [
  'play',
  'menu',
  'collect',
  'branch',
  'time',
  'set',
  'http',
  'queue',
  'transfer',
  'voicemail',
  'hangup',
];

/** Nodes where the call leaves the flow. */
export const TERMINAL_TYPES: readonly NodeType[] = ['queue', 'transfer', 'voicemail', 'hangup'];

/** Nodes that wait for the caller; a loop must pass through one of these or it would spin. */
export const INPUT_TYPES: readonly NodeType[] = ['menu', 'collect'];

export interface FlowDocument {
  $schema?: string;
  name: string;
  description?: string;
  start: NodeId;
  variables?: Record<string, Scalar>;
  nodes: Record<NodeId, FlowNode>;
}

/** Set by the interpreter on every call; flows may read them but not assign them. */
export const BUILT_IN_VARIABLES = ['caller_number', 'dialed_number'] as const;

/** A prompt with its ${variables} filled in, ready for the port to play. */
export type ResolvedPrompt =
  | { kind: 'sound'; name: string }
  | { kind: 'upload'; id: string }
  | { kind: 'say'; text: string; voice?: string }
  | { kind: 'digits'; digits: string };

/** One node visit (or one attempt of a menu/collect), as the call went through it. */
export interface PathStep {
  node: NodeId;
  type: NodeType;
  /** ISO time from port.now() when the step began. */
  enteredAt: string;
  /** What the caller hears during this step. */
  prompts?: ResolvedPrompt[];
  /** Keys the caller pressed in this step (terminator excluded). */
  digits?: string;
  variable?: string;
  value?: string;
  /** Variables assigned by set and http nodes. */
  assigned?: Record<string, string>;
  /** e.g. 'option 2', 'timeout', 'invalid', 'open', 'matched condition 1', 'http 200', 'queued'. */
  outcome: string;
  /** Why, when the outcome alone does not say (e.g. 'fewer than 4 digits'). */
  note?: string;
  /** The node the call goes to next, when it stays in the flow. */
  next?: NodeId;
}

export type FlowExit =
  | { kind: 'hangup'; node: NodeId }
  | { kind: 'queue'; node: NodeId; queue: string; skills: string[]; priority: number }
  | { kind: 'transfer'; node: NodeId; to: string; route: string }
  | { kind: 'voicemail'; node: NodeId; mailbox: string }
  | { kind: 'caller-hung-up'; node: NodeId }
  | { kind: 'error'; node?: NodeId; message: string };

export interface FlowOutcome {
  path: PathStep[];
  variables: Record<string, string>;
  exit: FlowExit;
}
