import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { AcdStore } from './acd-store.js';
import { AGENT_LEG_PREFIX } from './agent-legs.js';
import { CALL_BRIDGE_PREFIX } from './call-bridges.js';

// What a restarted daemon reads back from Asterisk about the ACD: who is still talking, which
// agent legs belong to no call any more.

function agentLegsIn(channelIds: string[]): string[] {
  // The far half of a Local agent device is "<id>;2": only the leg the daemon originated counts.
  return channelIds.filter((id) => id.startsWith(AGENT_LEG_PREFIX) && !id.includes(';'));
}

/** Agents whose leg still sits in a call bridge: busy before anything is matched. */
export async function agentsInCallBridges(rest: AriRest, store: AcdStore): Promise<Set<string>> {
  const agentIds = new Set<string>();
  for (const bridge of await rest.listBridges()) {
    if (!bridge.id.startsWith(CALL_BRIDGE_PREFIX)) continue;
    for (const channelId of agentLegsIn(bridge.channels)) {
      const agentId = store.offerAgent(channelId.slice(AGENT_LEG_PREFIX.length));
      if (agentId) agentIds.add(agentId);
    }
  }
  return agentIds;
}

/** Agent legs ringing or talking outside any call bridge, whose offer this process does not know: hung up. */
export async function hangUpStrayAgentLegs(
  rest: AriRest,
  store: AcdStore,
  isLiveOffer: (offerId: string) => boolean,
  clock: () => Date,
): Promise<void> {
  const [channels, bridges] = await Promise.all([rest.listChannels(), rest.listBridges()]);
  const bridged = new Set(
    bridges.filter((b) => b.id.startsWith(CALL_BRIDGE_PREFIX)).flatMap((b) => b.channels),
  );
  for (const channelId of agentLegsIn(channels.map((c) => c.id))) {
    const offerId = channelId.slice(AGENT_LEG_PREFIX.length);
    if (bridged.has(channelId) || isLiveOffer(offerId)) continue;
    store.offerOutcome(offerId, 'cancelled', clock());
    await ignoreNotFound(rest.hangup(channelId));
  }
}
