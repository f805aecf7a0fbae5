import type { AgentId, AgentState } from './types.js';

export type AcdErrorCode =
  | 'invalid-time'
  | 'invalid-config'
  | 'invalid-agent'
  | 'invalid-call'
  | 'unknown-queue'
  | 'unknown-agent'
  | 'unknown-call'
  | 'unknown-offer'
  | 'duplicate-queue'
  | 'duplicate-call'
  | 'call-not-connected'
  | 'call-not-waiting'
  | 'call-connected'
  | 'invalid-transition';

/** A request the engine refused. Nothing was changed. */
export class AcdError extends Error {
  override name = 'AcdError';
  constructor(
    readonly code: AcdErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A state change the agent state machine does not allow, naming from, to and why. */
export class AgentStateError extends AcdError {
  override name = 'AgentStateError';
  constructor(
    readonly agentId: AgentId,
    readonly from: AgentState,
    readonly to: AgentState,
    readonly why: string,
  ) {
    super('invalid-transition', `agent ${agentId} cannot go ${to} while ${from}: ${why}`);
  }
}

export type Failed = { ok: false; error: AcdError };
/** Every changing call answers with this: `ok: true` and its data, or the refusal. */
export type Outcome<T extends object> = ({ ok: true } & T) | Failed;

export function fail(code: AcdErrorCode, message: string): Failed {
  return { ok: false, error: new AcdError(code, message) };
}
