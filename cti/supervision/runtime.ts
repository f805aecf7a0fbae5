import type { AcdRuntime } from '../acd/call/acd-runtime.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CallLog } from '../calls/call-log.js';
import type { Settings } from '../config/settings.js';
import type { AriSupervisor } from '../infra/ari/supervisor.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import type { Softphone } from '../softphone/softphone-service.js';
import { StasisArrivals } from './arrivals.js';
import type { MonitorMode } from './modes.js';
import type { Monitor, MonitoredCall, MonitorView, Supervisor } from './monitor.js';
import { connectedCall } from './monitor-calls.js';
import { MonitorService, type Requester, type StartRequest } from './monitor-service.js';
import { recoverMonitors } from './recovery.js';
import { type MonitorListener, MonitorRegistry } from './registry.js';
import { SnoopChannels } from './snoops.js';
import { SupervisionStasis } from './stasis.js';
import { supervisorPhone } from './supervisor-phone.js';
import { MonitorTeardown } from './teardown.js';

/** What the HTTP routes (and the supervisor websocket, through onMonitorChanged) use. */
export interface SupervisionApi {
  /** The call if it is connected to its agent now; else throws MonitorRefused (not_found, not_connected). */
  connectedCall(callId: number): MonitoredCall;
  /** The dial string to ring for the supervisor (see supervisor-phone.ts); throws MonitorRefused. */
  phoneFor(requested: string | undefined, who: Supervisor): Promise<string>;
  start(req: StartRequest): Promise<MonitorView>;
  get(monitorId: string): Monitor | undefined;
  active(): Monitor[];
  changeMode(monitor: Monitor, mode: MonitorMode, by: Requester): Promise<MonitorView>;
  stop(monitor: Monitor, by: Requester): Promise<MonitorView>;
  /** Every start, answer, mode change and end, as it happens; returns the unsubscribe. */
  onMonitorChanged(listener: MonitorListener): () => void;
}

export interface Supervision extends SupervisionApi {
  /** At shutdown: every monitor ends (audited), its channels and bridge go. */
  endAll(reason: string): Promise<void>;
}

export interface SupervisionDeps {
  settings: Pick<Settings, 'ari' | 'supervision'>;
  db: Db;
  ari: Pick<AriSupervisor, 'rest' | 'onEvent' | 'onConnected'>;
  acd: Pick<AcdRuntime, 'connectedAgentOf' | 'events'>;
  callLog: Pick<CallLog, 'byId'>;
  softphone: Pick<Softphone, 'deviceOf'>;
  audit: Pick<AuditLog, 'record'>;
  clock: () => Date;
  logger: Logger;
}

/**
 * Supervisors' listen / whisper / barge on connected ACD calls over ARI snoop channels, wired to
 * ARI events, to the ACD's end of calls, and to every (re)connect.
 */
export function createSupervision(deps: SupervisionDeps): Supervision {
  const { settings, db, ari, acd, clock } = deps;
  const logger = deps.logger.child({ component: 'supervision' });
  const rest = () => ari.rest;
  const registry = new MonitorRegistry(logger);
  const arrivals = new StasisArrivals();
  const teardown = new MonitorTeardown(rest, registry, deps.audit, clock, logger);
  const snoops = new SnoopChannels(rest, settings.ari.app, registry, arrivals);
  const service = new MonitorService({
    rest,
    app: settings.ari.app,
    registry,
    snoops,
    teardown,
    audit: deps.audit,
    clock,
    logger,
  });
  const stasis = new SupervisionStasis({ registry, arrivals, service, teardown });
  ari.onEvent(stasis.handle);
  // 'ended' comes for a connected call whichever side hung up, and for a blind transfer.
  acd.events.on('ended', ({ callId }) => {
    for (const monitor of registry.onCall(callId)) teardown.endSoon(monitor, 'the call ended');
  });
  ari.onConnected(async () => {
    await recoverMonitors({ rest, registry, teardown, audit: deps.audit, logger });
  });
  const phoneDeps = {
    db,
    rest,
    localContexts: settings.supervision.localContexts,
    liveDevice: (agentId: string) => deps.softphone.deviceOf(agentId),
  };
  return {
    connectedCall: (callId) => connectedCall({ db, callLog: deps.callLog, acd }, callId),
    phoneFor: (requested, who) => supervisorPhone(phoneDeps, requested, who),
    start: (req) => service.start(req),
    get: (monitorId) => registry.get(monitorId),
    active: () => registry.active(),
    changeMode: (monitor, mode, by) => service.changeMode(monitor, mode, by),
    stop: (monitor, by) => service.stop(monitor, by),
    onMonitorChanged: (listener) => registry.onChanged(listener),
    endAll: (reason) => teardown.endAll(reason),
  };
}
