import type { AgentState } from './lib/agent-states.js';
import type { TicketMode } from './lib/tickets.js';
import type { AgentInfo, CodeLabel, ScreenPop, User } from './types.js';

/** Everything the panels show, in one place; a panel subscribes and redraws its part. */

export type Registration = 'idle' | 'connecting' | 'registered' | 'reconnecting' | 'failed' | 'unavailable';
export type Mic = 'unknown' | 'ok' | 'denied' | 'notfound' | 'busy';
export type CallStatus = 'ringing' | 'connecting' | 'active' | 'ended';

export interface PhoneCall {
  status: CallStatus;
  remote: string;
  muted: boolean;
  held: boolean;
  startedAt: number | null;
}

export interface WrapUp {
  callId: number;
  callerNumber: string | null;
  queueId: string | null;
  startedAt: number;
  seconds: number;
  /** The screen-pop of the call, kept for the ticket part (open tickets, a subject from the IVR path). */
  pop: ScreenPop | null;
}

/**
 * The ticket a call is to be linked to: chosen in the screen-pop or the wrap-up, sent with the
 * wrap-up. category (of the linked ticket, or typed for a new one) narrows knowledge suggestions.
 */
export interface TicketPick {
  callId: number;
  mode: TicketMode;
  ticketId: number | null;
  category: string | null;
}

export interface Banner {
  kind: 'error' | 'info' | 'ok';
  text: string;
}

export interface AppState {
  user: User | null;
  agent: AgentInfo | null;
  /** The user has no agent record (an admin or supervisor only watching). */
  noAgent: boolean;
  socket: { status: 'connecting' | 'open' | 'reconnecting'; retryAt: number | null };
  pauseReasons: CodeLabel[];
  dispositions: CodeLabel[];
  pop: ScreenPop | null;
  popStatus: 'offered' | 'answered' | 'ended';
  wrap: WrapUp | null;
  ticketPick: TicketPick | null;
  registration: Registration;
  registrationReason: string | null;
  mic: Mic;
  call: PhoneCall | null;
  banner: Banner | null;
  view: 'desk' | 'team';
  historyVersion: number;
}

export const initialState = (): AppState => ({
  user: null,
  agent: null,
  noAgent: false,
  socket: { status: 'connecting', retryAt: null },
  pauseReasons: [],
  dispositions: [],
  pop: null,
  popStatus: 'offered',
  wrap: null,
  ticketPick: null,
  registration: 'idle',
  registrationReason: null,
  mic: 'unknown',
  call: null,
  banner: null,
  view: 'desk',
  historyVersion: 0,
});

type Listener = (state: AppState, previous: AppState) => void;

let state = initialState();
const listeners = new Set<Listener>();

export function getState(): AppState {
  return state;
}

export function update(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
  const previous = state;
  state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  for (const fn of listeners) fn(state, previous);
}

export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function resetState(): void {
  update(initialState());
}

export function setAgentState(next: AgentState, since: string, reason?: string): void {
  update((s) => ({ agent: s.agent ? { ...s.agent, state: next, since, reason } : s.agent }));
}

export function showBanner(kind: Banner['kind'], text: string): void {
  update({ banner: { kind, text } });
}
