import { ignoreNotFound } from '../infra/ari/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import type { StasisArrivals } from './arrivals.js';
import { MonitorRefused } from './errors.js';
import { type MonitorMode, snoopDirections } from './modes.js';
import type { Monitor } from './monitor.js';
import { SNOOP_ARG } from './names.js';
import type { MonitorRegistry } from './registry.js';

/** A snoop channel enters the app within milliseconds; this long means Asterisk is in trouble. */
const SNOOP_ARRIVAL_TIMEOUT_MS = 5_000;

/** Makes the snoop channels of monitors on the agent's leg, with the directions of a mode. */
export class SnoopChannels {
  constructor(
    private readonly rest: () => AriRest,
    private readonly app: string,
    private readonly registry: MonitorRegistry,
    private readonly arrivals: StasisArrivals,
  ) {}

  /**
   * A new snoop for the monitor in that mode, in the Stasis app (so it can join a bridge); its id
   * is known to the monitor before Asterisk makes it, so the monitor's end always hangs it up.
   */
  async create(monitor: Monitor, mode: MonitorMode): Promise<string> {
    const snoopId = monitor.nextSnoopId();
    monitor.snoops.add(snoopId);
    this.registry.addChannel(snoopId, monitor);
    const inApp = this.arrivals.expect(snoopId, SNOOP_ARRIVAL_TIMEOUT_MS);
    const rest = this.rest();
    try {
      await rest.snoop(monitor.call.agentChannelId, {
        ...snoopDirections(mode),
        app: this.app,
        appArgs: `${SNOOP_ARG},${monitor.id}`,
        snoopId,
      });
      await inApp;
    } catch (err) {
      this.arrivals.forget(snoopId);
      await inApp.catch(() => undefined);
      await this.drop(monitor, snoopId);
      if ((err as { notFound?: boolean }).notFound)
        throw new MonitorRefused(
          'not_connected',
          `call ${monitor.call.callId}: the agent's leg ${monitor.call.agentChannelId} is gone`,
        );
      throw err;
    }
    // The call may have ended while Asterisk made the snoop, after the end hung up what it knew.
    if (monitor.isOver()) {
      await this.drop(monitor, snoopId);
      throw new MonitorRefused('not_connected', `call ${monitor.call.callId} ended meanwhile`);
    }
    return snoopId;
  }

  async drop(monitor: Monitor, snoopId: string): Promise<void> {
    monitor.snoops.delete(snoopId);
    await ignoreNotFound(this.rest().hangup(snoopId));
  }
}
