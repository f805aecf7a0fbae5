import { EventEmitter } from 'node:events';
import type { AgentTransition, Offer } from '../engine/types.js';

/** What the ACD tells the rest of the daemon (agent and supervisor websockets, reports). */
export interface AcdEventMap {
  /** Emitted BEFORE the agent's device rings, so the screen-pop is there first. */
  offer: [{ offer: Offer; callId: number; callerNumber: string; dialedNumber: string | null }];
  answered: [{ offerId: string; agentId: string; callId: number }];
  ended: [{ agentId: string; callId: number }];
  agentState: [AgentTransition];
  /** Something changed in a queue's statistics (enqueue, dequeue, offer, answer). */
  queueChanged: [{ queueId: string }];
}

export class AcdEvents extends EventEmitter<AcdEventMap> {}
