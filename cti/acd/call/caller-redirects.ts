import type { CallSession } from '../../calls/call-session.js';

/**
 * Where a queue's overflow sends a caller outside the ACD. Both resolve when the caller is done
 * there (the flow ended, the message is recorded) and reject with a sentence naming what is missing.
 */
export interface CallerRedirects {
  /** The live version of the named flow, its steps added to the call's stored path. */
  toFlow(
    session: CallSession,
    flowName: string,
    caller: { number: string; dialed: string | null },
    reason: string,
  ): Promise<void>;
  toVoicemail(session: CallSession, mailbox: string, reason: string): Promise<void>;
}
