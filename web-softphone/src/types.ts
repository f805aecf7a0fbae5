/** Shapes of what the daemon sends (cti/realtime/README.md and the /api routes the desktop uses). */
import type { AgentState } from './lib/agent-states.js';
import type { IvrInput } from './lib/ivr-model.js';
import type { OpenTicket } from './lib/tickets.js';

export interface User {
  id: number;
  username: string;
  displayName?: string;
  role: 'admin' | 'supervisor' | 'agent';
}

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  user: User;
}

export interface Me {
  kind: 'user' | 'api_key';
  id: number;
  name: string;
  displayName?: string;
  role: User['role'];
}

export interface AgentInfo {
  id: string;
  name: string | null;
  state: AgentState;
  since: string;
  reason?: string;
  queues: string[];
  wrapUpSeconds?: Record<string, number>;
}

export interface CodeLabel {
  code: string;
  label: string;
}

export interface SoftphoneCredentials {
  sipUri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  wsServers: string[];
  iceServers: RTCIceServer[];
  expiresAt: string;
}

export interface ShiftCall {
  callId: number;
  callerNumber: string | null;
  dialedNumber: string | null;
  queue: { id: string; name: string } | null;
  answeredAt: string | null;
  endedAt: string | null;
  disposition: { code: string; notes: string | null } | null;
}

export interface PreviousCall {
  id: number;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

export interface ScreenPop {
  offerId: string;
  callId: number;
  callerNumber: string;
  dialedNumber: string | null;
  queue: { id: string; name: string };
  waitedMs: number;
  ivr: IvrInput | null;
  previousCalls: PreviousCall[];
  /** The caller's tickets still being worked on (absent from daemons before tickets). */
  openTickets?: OpenTicket[];
  replay?: boolean;
  at: string;
}

export interface AgentView {
  id: string;
  name: string | null;
  state: AgentState;
  since: string;
  reason?: string;
  queues: string[];
}

export interface QueueStatsView {
  queueId: string;
  name: string;
  waiting: number;
}

/** The wrap-up's answer (201); ticket is what the call was linked to, if anything. */
export interface WrapUpAnswer {
  callId: number;
  ticket: { id: number; subject: string; status: string; priority: string; created: boolean } | null;
}

export interface KnowledgeSuggestion {
  id: number;
  title: string;
  category: string | null;
  tags: string[];
  reasons: string[];
}

export interface KnowledgeHit {
  id: number;
  title: string;
  category: string | null;
  /** Escaped HTML with <mark> around the matches. */
  titleHtml: string;
  snippetHtml: string;
}

export interface KnowledgeArticle {
  id: number;
  title: string;
  body: string;
  category: string | null;
  tags: string[];
  updatedAt: string;
}
