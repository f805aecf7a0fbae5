/** Agent states and what colour each one shows in: one meaning per colour, everywhere. */

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

/** green: ready for calls; blue: busy with a call; amber: not taking calls for a while; grey: away. */
export type Tone = 'ok' | 'busy' | 'wait' | 'off' | 'bad';

export function toneOf(state: AgentState | string): Tone {
  switch (state) {
    case 'available':
      return 'ok';
    case 'reserved':
    case 'ringing':
    case 'on-call':
      return 'busy';
    case 'wrap-up':
    case 'paused':
      return 'wait';
    case 'logged-out':
      return 'off';
    default:
      return 'bad';
  }
}

/** The states a person may choose (the ACD decides the rest). */
export const CHOOSABLE_STATES = ['available', 'paused', 'logged-out'] as const;
export type ChoosableState = (typeof CHOOSABLE_STATES)[number];

export function isAgentState(value: unknown): value is AgentState {
  return typeof value === 'string' && (AGENT_STATES as readonly string[]).includes(value);
}
