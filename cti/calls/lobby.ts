import type { AriRest } from '../infra/ari/types.js';
import { BRIDGE_NAME_PREFIX, HoldingBridge } from './holding-bridge.js';

export { BRIDGE_NAME_PREFIX };
export const LOBBY_BRIDGE_ID = 'switchboard-lobby';

/** Where callers wait that no queue holds: the foundation's welcome-and-hold, flows without an ACD. */
export class Lobby extends HoldingBridge {
  constructor(rest: () => AriRest) {
    super(rest, LOBBY_BRIDGE_ID, 'lobby');
  }
}
