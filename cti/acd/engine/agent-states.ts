import { AgentStateError } from './errors.js';
import type { AgentSnapshot, AgentState, AgentTransition } from './types.js';

/**
 * Who may make a transition: the agent side (desktop, supervisor, the lead's handlers via
 * `Router.agentState`), the router itself (offers and ACD calls), or either.
 */
export type TransitionActor = 'agent' | 'router';
type Allowed = TransitionActor | 'any';

/**
 * The agent state machine. A missing entry is not allowed. Reserved and ringing belong to the
 * router: it reserves an agent as it makes the offer and releases it when the offer ends, so no
 * agent is ever in two offers and nobody else can pull an agent out from under an offer.
 */
export const AGENT_TRANSITIONS: Readonly<Record<AgentState, Partial<Record<AgentState, Allowed>>>> = {
  'logged-out': { available: 'agent', paused: 'agent' },
  available: { reserved: 'router', paused: 'agent', 'logged-out': 'agent', 'on-call': 'agent' },
  reserved: { ringing: 'router', 'on-call': 'router', available: 'router', paused: 'router' },
  ringing: { 'on-call': 'router', available: 'router', paused: 'router' },
  'on-call': { 'wrap-up': 'any', available: 'any', paused: 'agent' },
  'wrap-up': { available: 'agent', paused: 'agent', 'logged-out': 'agent' },
  paused: { available: 'agent', paused: 'agent', 'logged-out': 'agent', 'on-call': 'agent' },
};

/** Why a transition missing from the table is missing, in the words an agent desktop can show. */
function whyNot(from: AgentState, to: AgentState): string {
  if (from === to) return `already ${from}`;
  if (to === 'reserved' || to === 'ringing')
    return 'only the router reserves and rings agents, as part of an offer';
  if (from === 'reserved' || from === 'ringing')
    return 'the agent has a live offer: it must be answered or failed first';
  if (from === 'on-call') return 'the call must end first';
  if (from === 'logged-out') return 'log in first (to available or paused)';
  if (to === 'wrap-up') return 'wrap-up follows a call';
  return 'the state machine has no such transition';
}

export type TransitionResult =
  | { ok: true; agent: AgentSnapshot; record: AgentTransition }
  | { ok: false; error: AgentStateError };

/**
 * The agent after moving to `to` at `now`, or why it cannot. Pure: the input is never changed.
 * A pause carries its reason code; becoming available restarts the idle clock; fields that belong
 * to the old state (offer, call, wrap-up end) are dropped and the router sets the new ones.
 */
export function transition(
  agent: AgentSnapshot,
  to: AgentState,
  now: number,
  reason?: string,
  actor: TransitionActor = 'agent',
): TransitionResult {
  const from = agent.state;
  const allowed = AGENT_TRANSITIONS[from][to];
  if (allowed === undefined) return refuse(agent, to, whyNot(from, to));
  if (allowed !== 'any' && allowed !== actor) {
    const why =
      allowed === 'router'
        ? from === 'reserved' || from === 'ringing'
          ? 'the agent has a live offer: it must be answered or failed first'
          : 'only the router reserves and rings agents, as part of an offer'
        : `only the agent side makes this change, not the ${actor}`;
    return refuse(agent, to, why);
  }
  if (to === 'paused' && (reason === undefined || reason === ''))
    return refuse(agent, to, 'a pause needs a reason code');
  const { offerId: _o, callId: _c, wrapUpEndsAt: _w, pauseReason: _p, ...rest } = agent;
  const next: AgentSnapshot = {
    ...rest,
    state: to,
    stateSince: now,
    ...(to === 'paused' ? { pauseReason: reason } : {}),
    ...(to === 'available' ? { idleSince: now } : {}),
  };
  const record: AgentTransition = { agentId: agent.id, from, to, at: now, ...(reason ? { reason } : {}) };
  return { ok: true, agent: next, record };
}

function refuse(agent: AgentSnapshot, to: AgentState, why: string): TransitionResult {
  return { ok: false, error: new AgentStateError(agent.id, agent.state, to, why) };
}

/** States in which an agent counts as staffed (logged in). */
export function isLoggedIn(state: AgentState): boolean {
  return state !== 'logged-out';
}
