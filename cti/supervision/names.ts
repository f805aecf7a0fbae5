import { BRIDGE_NAME_PREFIX } from '../calls/holding-bridge.js';

/**
 * Asterisk ids of a monitor's parts. They carry the monitor id, so every ARI event finds its
 * monitor, and a restarted daemon recognises (and hangs up) what an earlier process left behind.
 */
export const MONITOR_CHANNEL_PREFIX = 'monitor-';
export const MONITOR_BRIDGE_PREFIX = 'switchboard-monitor-';

/** Stasis arguments: never "inbound", so call handling and reconciliation never take them for callers. */
export const SNOOP_ARG = 'monitor-snoop';
export const PHONE_ARG = 'monitor-phone';

export const phoneChannelIdOf = (monitorId: string) => `${MONITOR_CHANNEL_PREFIX}${monitorId}-phone`;
export const snoopChannelIdOf = (monitorId: string, seq: number) =>
  `${MONITOR_CHANNEL_PREFIX}${monitorId}-snoop-${seq}`;
export const bridgeIdOf = (monitorId: string) => `${MONITOR_BRIDGE_PREFIX}${monitorId}`;
/** The "switchboard:" name prefix marks the bridge as ours for destroyEmptyOwnBridges (calls/own-bridges.ts). */
export const bridgeNameOf = (monitorId: string) => `${BRIDGE_NAME_PREFIX}monitor:${monitorId}`;

/** A channel id of a monitor (snoop or supervisor's leg), not the far half ";2" of a Local phone. */
export function isMonitorChannel(channelId: string): boolean {
  return channelId.startsWith(MONITOR_CHANNEL_PREFIX) && !channelId.includes(';');
}

/** The monitor id in one of its channel ids ("monitor-<id>-phone", "monitor-<id>-snoop-<n>"). */
export function monitorIdOfChannel(channelId: string): string | undefined {
  return /^monitor-([a-z0-9]+-[0-9]+)-(?:phone|snoop-[0-9]+)$/.exec(channelId)?.[1];
}
