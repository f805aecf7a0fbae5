import type { AuditLog } from '../audit/audit-log.js';
import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import type { Logger } from '../infra/logger.js';
import { isMonitorChannel, MONITOR_BRIDGE_PREFIX, monitorIdOfChannel } from './names.js';
import type { MonitorRegistry } from './registry.js';
import type { MonitorTeardown } from './teardown.js';

/**
 * On every (re)connect to ARI. Events missed while away are never re-sent, so: a monitor this process
 * knows whose agent leg, snoop or phone vanished meanwhile is ended; snoops, supervisor phones and
 * monitor bridges nobody knows (an earlier daemon process left them) are hung up and destroyed.
 * A snoop or a supervisor's phone is never adopted as a caller: their Stasis arguments are not
 * "inbound", which is all reconcileCalls (calls/reconcile.ts) adopts. Monitors live in memory only:
 * the end of a left-behind one is audited here, so every audited start has its end.
 */
export async function recoverMonitors(deps: {
  rest: () => AriRest;
  registry: MonitorRegistry;
  teardown: MonitorTeardown;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
}): Promise<{ ended: string[]; hungUp: string[]; bridgesDestroyed: string[] }> {
  const { registry, teardown } = deps;
  const rest = deps.rest();
  const [channels, bridges] = await Promise.all([rest.listChannels(), rest.listBridges()]);
  const live = new Set(channels.map((c) => c.id));
  const ended: string[] = [];
  for (const monitor of registry.active()) {
    const parts = [monitor.call.agentChannelId, monitor.snoopChannelId, monitor.phoneChannelId];
    if (parts.every((id) => live.has(id))) continue;
    await teardown.end(monitor, 'its call or phone went away while Asterisk was not reachable', 'system');
    ended.push(monitor.id);
  }
  const hungUp: string[] = [];
  for (const { id } of channels) {
    if (!isMonitorChannel(id) || registry.knowsChannel(id)) continue;
    await ignoreNotFound(rest.hangup(id));
    hungUp.push(id);
  }
  const leftBehind = new Set(hungUp.map(monitorIdOfChannel).filter((id) => id !== undefined));
  for (const monitorId of leftBehind)
    deps.audit.record({
      actor: { type: 'system', name: 'supervision' },
      action: 'monitor.end',
      target: `monitor:${monitorId}`,
      details: { monitorId, reason: 'left behind by an earlier daemon process: hung up' },
    });
  const ours = new Set(registry.active().map((m) => m.bridgeId));
  const bridgesDestroyed: string[] = [];
  for (const { id } of bridges) {
    if (!id.startsWith(MONITOR_BRIDGE_PREFIX) || ours.has(id)) continue;
    await ignoreNotFound(rest.destroyBridge(id));
    bridgesDestroyed.push(id);
  }
  if (ended.length + hungUp.length + bridgesDestroyed.length > 0)
    deps.logger.info(
      { ended, hungUp, bridgesDestroyed },
      'supervision: tidied up after (re)connecting to ARI',
    );
  return { ended, hungUp, bridgesDestroyed };
}
