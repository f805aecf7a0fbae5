import type { AriChannel } from '../infra/ari/types.js';
import type { CallSession } from './call-session.js';

export interface LiveCall {
  session: CallSession;
  channel: AriChannel;
  /** Stasis() arguments from the dialplan, e.g. ['inbound', '<dialled number>']. */
  args: string[];
  /** When adopted after a (re)connect: the bridge the channel already sits in, if any. */
  bridgeId?: string;
}

/**
 * What happens to a call once it is logged. The foundation plays a welcome and holds the caller;
 * the IVR engine replaces it. `resume` takes over a call whose progress was lost (daemon restart).
 */
export interface CallHandler {
  start(call: LiveCall): Promise<void>;
  resume(call: LiveCall): Promise<void>;
}
