import type { AriBridge, AriChannel, AriRest } from '../infra/ari/types.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { parseAriTime } from './ari-time.js';
import type { CallHandler } from './call-handler.js';
import type { CallLog } from './call-log.js';
import type { CallTracker } from './call-tracker.js';
import type { Lobby } from './lobby.js';
import { destroyEmptyOwnBridges } from './own-bridges.js';
import type { CallStasisHandlers } from './stasis.js';

export interface ReconcileDeps {
  rest: () => AriRest;
  app: string;
  callLog: CallLog;
  tracker: CallTracker;
  handler: CallHandler;
  stasis: CallStasisHandlers;
  lobby: Lobby;
  logger: Logger;
  metrics: Metrics;
  clock: () => Date;
}

export interface ReconcileReport {
  adopted: string[];
  kept: string[];
  lost: string[];
  bridgesDestroyed: string[];
}

/**
 * Run on every (re)connect. Asterisk re-sends nothing that happened while the daemon was away,
 * so compare what it has with what the daemon believes: adopt calls still in the app, close the
 * log of calls that ended unseen, and destroy our empty bridges.
 */
export async function reconcileCalls(deps: ReconcileDeps): Promise<ReconcileReport> {
  const rest = deps.rest();
  deps.lobby.invalidate();
  const [channels, bridges] = await Promise.all([rest.listChannels(), rest.listBridges()]);
  const inApp = channels.filter((c) => isInApp(c, deps.app));
  const bridgeOf = channelBridgeIndex(bridges);
  const report: ReconcileReport = { adopted: [], kept: [], lost: [], bridgesDestroyed: [] };
  const liveIds = new Set(channels.map((c) => c.id));

  for (const channel of inApp) {
    if (deps.tracker.get(channel.id)) {
      report.kept.push(channel.id);
      continue;
    }
    if (adopt(deps, channel, bridgeOf.get(channel.id))) report.adopted.push(channel.id);
  }

  const now = deps.clock();
  for (const channelId of deps.tracker.channelIds()) {
    if (!liveIds.has(channelId)) endLost(deps, channelId, now, report);
  }
  for (const row of deps.callLog.unfinished()) {
    if (!liveIds.has(row.channelId)) endLost(deps, row.channelId, now, report);
  }

  report.bridgesDestroyed = await destroyEmptyOwnBridges(rest, (id) => liveIds.has(id), bridges);

  deps.metrics.callsReconciled.inc({ outcome: 'adopted' }, report.adopted.length);
  deps.metrics.callsReconciled.inc({ outcome: 'lost' }, report.lost.length);
  deps.logger.info(
    {
      adopted: report.adopted.length,
      kept: report.kept.length,
      lost: report.lost.length,
      bridgesDestroyed: report.bridgesDestroyed.length,
    },
    'reconciled calls with Asterisk',
  );
  return report;
}

/** Stasis(app,...) shows in the channel's dialplan location while the channel is in the app. */
function isInApp(channel: AriChannel, app: string): boolean {
  const { app_name: appName, app_data: appData } = channel.dialplan;
  if (appName?.toLowerCase() !== 'stasis' || appData === undefined) return false;
  return appData.split(',')[0]?.trim() === app;
}

function channelBridgeIndex(bridges: AriBridge[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const bridge of bridges) for (const channelId of bridge.channels) index.set(channelId, bridge.id);
  return index;
}

function adopt(deps: ReconcileDeps, channel: AriChannel, bridgeId: string | undefined): boolean {
  const args = (channel.dialplan.app_data ?? '').split(',').slice(1);
  if (args[0] !== 'inbound') return false;
  const row = deps.callLog.recordStart({
    channelId: channel.id,
    callerNumber: channel.caller.number || null,
    callerName: channel.caller.name || null,
    dialedNumber: args[1] ?? null,
    startedAt: parseAriTime(channel.creationtime, deps.clock()),
  });
  if (channel.state === 'Up' && !row.answeredAt) deps.callLog.recordAnswer(channel.id, deps.clock());
  const session = deps.stasis.newSession(channel.id, row.id);
  deps.logger.info({ callId: row.id, channelId: channel.id, bridgeId }, 'adopted call found in the app');
  void session.enqueue(() => deps.handler.resume({ session, channel, args, bridgeId }));
  return true;
}

function endLost(deps: ReconcileDeps, channelId: string, at: Date, report: ReconcileReport): void {
  if (report.lost.includes(channelId)) return;
  deps.callLog.recordEnd(channelId, {
    at,
    cause: null,
    causeText: 'ended while the daemon was not connected',
    endedBy: 'lost',
  });
  deps.tracker.remove(channelId);
  report.lost.push(channelId);
}
