import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import type { Logger } from '../infra/logger.js';
import type { Monitor } from './monitor.js';
import type { MonitorRegistry } from './registry.js';

/** Who ended a monitor: a person through the API, or the daemon when the call or a leg went away. */
export type EndedBy = { actor: AuditActor; ip?: string } | 'system';

/**
 * Ends monitors: everything of theirs in Asterisk goes (every snoop, the supervisor's phone, the
 * bridge), the audit log says who ended it and why, and listeners hear of it. Ending twice is a no-op.
 */
export class MonitorTeardown {
  constructor(
    private readonly rest: () => AriRest,
    private readonly registry: MonitorRegistry,
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  async end(monitor: Monitor, reason: string, by: EndedBy): Promise<void> {
    if (monitor.isOver()) return;
    // Synchronously first: steps still under way (bridging, a mode change) see it after their next await.
    monitor.state = 'ended';
    monitor.endedAt = this.clock();
    monitor.endReason = reason;
    this.registry.remove(monitor);
    const details = { monitorId: monitor.id, mode: monitor.mode, queue: monitor.call.queueId, reason };
    this.audit.record(
      by === 'system'
        ? {
            actor: { type: 'system', name: 'supervision' },
            action: 'monitor.end',
            target: `call:${monitor.call.callId}`,
            details,
          }
        : {
            actor: by.actor,
            action: 'monitor.stop',
            target: `call:${monitor.call.callId}`,
            details,
            ...(by.ip ? { ip: by.ip } : {}),
          },
    );
    this.log.info({ monitorId: monitor.id, callId: monitor.call.callId, reason }, 'monitor ended');
    this.registry.emit('ended', monitor);
    await this.release(monitor);
  }

  /** A monitor that never started (its start failed): cleaned up, with nothing to announce. */
  async discard(monitor: Monitor, reason: string): Promise<void> {
    if (monitor.isOver()) return;
    monitor.state = 'ended';
    monitor.endedAt = this.clock();
    monitor.endReason = reason;
    this.registry.remove(monitor);
    await this.release(monitor);
  }

  private async release(monitor: Monitor): Promise<void> {
    const rest = this.rest();
    const channels = [...monitor.snoops, monitor.phoneChannelId];
    await Promise.all(channels.map((id) => ignoreNotFound(rest.hangup(id))));
    await ignoreNotFound(rest.destroyBridge(monitor.bridgeId));
    for (const id of channels) this.registry.forgetChannel(id);
  }

  /** Ends it without waiting, logging a failure (an event handler or a timer has nobody to tell). */
  endSoon(monitor: Monitor, reason: string): void {
    this.end(monitor, reason, 'system').catch((err) =>
      this.log.error({ err, monitorId: monitor.id }, 'tearing down a monitor failed'),
    );
  }

  async endAll(reason: string): Promise<void> {
    await Promise.all(this.registry.active().map((m) => this.end(m, reason, 'system')));
  }
}
