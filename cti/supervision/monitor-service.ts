import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { AriRequestError, ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import type { Logger } from '../infra/logger.js';
import { MonitorRefused } from './errors.js';
import { type MonitorMode, snoopDirections } from './modes.js';
import {
  describeSupervisor,
  Monitor,
  type MonitoredCall,
  type MonitorView,
  type Supervisor,
} from './monitor.js';
import { bridgeNameOf, PHONE_ARG } from './names.js';
import type { MonitorRegistry } from './registry.js';
import type { SnoopChannels } from './snoops.js';
import type { MonitorTeardown } from './teardown.js';

/** How long the supervisor's phone rings before the monitor gives up. */
const SUPERVISOR_RING_SECONDS = 30;

export interface MonitorServiceDeps {
  rest: () => AriRest;
  app: string;
  registry: MonitorRegistry;
  snoops: SnoopChannels;
  teardown: MonitorTeardown;
  audit: Pick<AuditLog, 'record'>;
  clock: () => Date;
  logger: Logger;
}

/** Who asks, for the audit log. */
export interface Requester {
  actor: AuditActor;
  ip?: string;
}

export interface StartRequest extends Requester {
  call: MonitoredCall;
  mode: MonitorMode;
  /** Dial string of the supervisor's phone, already checked (supervisor-phone.ts). */
  device: string;
  supervisor: Supervisor;
}

/**
 * Listen, whisper and barge on connected ACD calls, knowing nothing of HTTP: a snoop on the agent's
 * leg, the supervisor's phone rung, both bridged once it answers; a mode change swaps the snoop
 * under the same phone and bridge. Refusals throw MonitorRefused naming what is wrong.
 */
export class MonitorService {
  /** Monitor ids carry this process's start, so ids (and channel ids) never repeat across restarts. */
  private readonly idPrefix = Date.now().toString(36);
  private seq = 0;
  private readonly log: Logger;

  constructor(private readonly deps: MonitorServiceDeps) {
    this.log = deps.logger.child({ component: 'supervision' });
  }

  async start(req: StartRequest): Promise<MonitorView> {
    const { registry, snoops, teardown } = this.deps;
    const { call, supervisor } = req;
    const already = registry.monitoring(supervisor, call.callId);
    if (already)
      throw new MonitorRefused(
        'conflict',
        `${describeSupervisor(supervisor)} already monitors call ${call.callId} (monitor ${already.id}, ${already.mode}); change its mode with PATCH /api/monitors/${already.id}`,
      );
    this.seq += 1;
    const monitor = new Monitor(
      `${this.idPrefix}-${this.seq}`,
      call,
      supervisor,
      req.device,
      req.mode,
      this.deps.clock(),
    );
    registry.add(monitor);
    // Serially: a phone answering at once is bridged after this, so 'started' precedes 'connected'.
    return monitor.serially(async () => {
      try {
        monitor.snoopChannelId = await snoops.create(monitor, req.mode);
        await this.ringSupervisor(monitor, call);
      } catch (err) {
        await teardown.discard(monitor, `could not start: ${(err as Error).message}`);
        const details = { device: req.device, error: (err as Error).message };
        this.audit(req, 'monitor.start', monitor, details, 'failed');
        throw err;
      }
      this.audit(req, 'monitor.start', monitor, { device: req.device, ...snoopDirections(req.mode) });
      this.log.info({ monitorId: monitor.id, callId: call.callId, mode: req.mode }, 'monitor started');
      registry.emit('started', monitor);
      return monitor.view();
    });
  }

  private async ringSupervisor(monitor: Monitor, call: MonitoredCall): Promise<void> {
    const rest = this.deps.rest();
    const digits = (call.callerNumber ?? '').replace(/[^0-9+]/g, '').slice(0, 20);
    try {
      await rest.originate({
        endpoint: monitor.device,
        app: this.deps.app,
        appArgs: `${PHONE_ARG},${monitor.id}`,
        channelId: monitor.phoneChannelId,
        callerId: `"${monitor.mode} call ${call.callId}" <${digits}>`,
        timeout: SUPERVISOR_RING_SECONDS,
      });
    } catch (err) {
      if (err instanceof AriRequestError)
        throw new MonitorRefused(
          'bad_request',
          `device "${monitor.device}" could not be rung: ${err.detail}`,
        );
      throw err;
    }
    if (monitor.isOver()) {
      await ignoreNotFound(rest.hangup(monitor.phoneChannelId));
      throw new MonitorRefused('not_connected', `call ${call.callId} ended meanwhile`);
    }
  }

  /** The supervisor picked up: their phone and the current snoop go into the monitor's bridge. */
  phoneAnswered(channelId: string): void {
    const monitor = this.deps.registry.byChannel(channelId);
    if (!monitor || monitor.phoneChannelId !== channelId || monitor.isOver()) {
      // A phone of a monitor already over (or of an earlier daemon process): nobody to connect to.
      void ignoreNotFound(this.deps.rest().hangup(channelId)).catch(() => undefined);
      return;
    }
    monitor
      .serially(() => this.connect(monitor))
      .catch((err) => {
        this.log.error({ err, monitorId: monitor.id }, 'bridging the supervisor failed');
        this.deps.teardown.endSoon(monitor, `bridging the supervisor failed: ${(err as Error).message}`);
      });
  }

  private async connect(monitor: Monitor): Promise<void> {
    const rest = this.deps.rest();
    const over = async () => {
      if (!monitor.isOver()) return false;
      await ignoreNotFound(rest.destroyBridge(monitor.bridgeId));
      return true;
    };
    if ((await over()) || monitor.state !== 'ringing') return;
    await rest.createBridge(monitor.bridgeId, 'mixing', bridgeNameOf(monitor.id));
    if (await over()) return;
    try {
      await rest.addChannelToBridge(monitor.bridgeId, monitor.phoneChannelId);
      await rest.addChannelToBridge(monitor.bridgeId, monitor.snoopChannelId);
    } catch (err) {
      if (await over()) return;
      throw err;
    }
    if (await over()) return;
    monitor.state = 'connected';
    this.log.info({ monitorId: monitor.id }, 'supervisor connected');
    this.deps.registry.emit('connected', monitor);
  }

  /** A new snoop with the new directions joins the bridge before the old one goes: no gap. */
  changeMode(monitor: Monitor, mode: MonitorMode, by: Requester): Promise<MonitorView> {
    return monitor.serially(async () => {
      if (monitor.isOver()) throw ended(monitor);
      if (monitor.mode === mode) return monitor.view();
      const from = monitor.mode;
      const rest = this.deps.rest();
      const snoopId = await this.deps.snoops.create(monitor, mode);
      try {
        if (monitor.state === 'connected') await rest.addChannelToBridge(monitor.bridgeId, snoopId);
      } catch (err) {
        await this.deps.snoops.drop(monitor, snoopId);
        throw monitor.isOver() ? ended(monitor) : err;
      }
      const old = monitor.snoopChannelId;
      monitor.snoopChannelId = snoopId;
      monitor.mode = mode;
      await this.deps.snoops.drop(monitor, old);
      this.audit(by, 'monitor.mode', monitor, { from, to: mode, ...snoopDirections(mode) });
      this.log.info({ monitorId: monitor.id, from, to: mode }, 'monitor mode changed');
      this.deps.registry.emit('mode', monitor);
      return monitor.view();
    });
  }

  async stop(monitor: Monitor, by: Requester): Promise<MonitorView> {
    if (monitor.isOver()) throw ended(monitor);
    const who = by.actor.name ?? by.actor.type;
    await this.deps.teardown.end(monitor, `stopped by ${who}`, by);
    return monitor.view();
  }

  private audit(
    by: Requester,
    action: string,
    monitor: Monitor,
    details: Record<string, unknown>,
    outcome: 'ok' | 'failed' = 'ok',
  ): void {
    this.deps.audit.record({
      actor: by.actor,
      action,
      target: `call:${monitor.call.callId}`,
      outcome,
      details: {
        monitorId: monitor.id,
        mode: monitor.mode,
        queue: monitor.call.queueId,
        agentId: monitor.call.agentId,
        ...details,
      },
      ...(by.ip ? { ip: by.ip } : {}),
    });
  }
}

function ended(monitor: Monitor): MonitorRefused {
  return new MonitorRefused('not_found', `monitor ${monitor.id} has ended (${monitor.endReason ?? 'over'})`);
}
