import type { CallSession } from '../../calls/call-session.js';
import type { SkillRequirement } from '../engine/types.js';

/** A caller the ACD holds: waiting in a queue, offered to an agent, or talking to the one who answered. */
export interface QueuedCall {
  session: CallSession;
  queueId: string;
  callerNumber: string;
  dialedNumber: string | null;
  offerId?: string;
  agentChannelId?: string;
  agentId?: string;
  /**
   * Settles once the caller is in the holding bridge. The router may match the caller before
   * then (another event's turn), and bridging with the agent must not race that admission.
   */
  inHoldingBridge?: Promise<void>;
}

/** Who is calling, as the flow that queued them knew it. */
export interface CallerNumbers {
  number: string;
  dialed: string | null;
}

/** Puts a caller in a queue's holding bridge and the router (a transfer or overflow to a queue lands here too). */
export type Admit = (
  session: CallSession,
  queueId: string,
  want: { priority: number; skills: SkillRequirement[] },
  caller: CallerNumbers,
) => Promise<void>;

/**
 * The ACD's callers by call id, and its live offers (offer id → call id). A caller who hangs up
 * while an offer rings leaves the offer here until the agent leg reports back.
 */
export class WaitingCalls {
  private readonly calls = new Map<string, QueuedCall>();
  private readonly offers = new Map<string, string>();

  get(callId: string): QueuedCall | undefined {
    return this.calls.get(callId);
  }

  add(callId: string, call: QueuedCall): void {
    this.calls.set(callId, call);
  }

  /** The caller left the queue (abandoned, overflowed); any offer stays until its leg reports. */
  forget(callId: string): void {
    this.calls.delete(callId);
  }

  /** A connected call is over for the ACD: the call and its offer both go. */
  release(callId: string, call: QueuedCall): void {
    this.calls.delete(callId);
    if (call.offerId) this.offers.delete(call.offerId);
  }

  offered(offerId: string, callId: string): void {
    this.offers.set(offerId, callId);
  }

  callOf(offerId: string): string | undefined {
    return this.offers.get(offerId);
  }

  hasOffer(offerId: string): boolean {
    return this.offers.has(offerId);
  }

  dropOffer(offerId: string): void {
    this.offers.delete(offerId);
  }
}
