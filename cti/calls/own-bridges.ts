import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriBridge, AriRest } from '../infra/ari/types.js';
import { BRIDGE_NAME_PREFIX } from './lobby.js';

/**
 * Destroys the daemon's bridges that hold no live call. Run on (re)connect and on graceful shutdown:
 * a leftover bridge keeps the Stasis app registered in Asterisk (inactive) after the daemon is gone.
 * `isLive` decides for each channel listed: a listing taken just after a StasisEnd can still show
 * the departed channel, so at shutdown the daemon's own tracker is the better judge.
 */
export async function destroyEmptyOwnBridges(
  rest: AriRest,
  isLive: (channelId: string) => boolean,
  bridges?: AriBridge[],
): Promise<string[]> {
  const destroyed: string[] = [];
  for (const bridge of bridges ?? (await rest.listBridges())) {
    if (!bridge.name.startsWith(BRIDGE_NAME_PREFIX) || bridge.channels.some(isLive)) continue;
    await ignoreNotFound(rest.destroyBridge(bridge.id));
    destroyed.push(bridge.id);
  }
  return destroyed;
}
