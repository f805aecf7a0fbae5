import type { AriEvent } from '../infra/ari/types.js';
import type { StasisArrivals } from './arrivals.js';
import type { MonitorService } from './monitor-service.js';
import { PHONE_ARG } from './names.js';
import type { MonitorRegistry } from './registry.js';
import type { MonitorTeardown } from './teardown.js';

export interface SupervisionStasisDeps {
  registry: MonitorRegistry;
  arrivals: StasisArrivals;
  service: Pick<MonitorService, 'phoneAnswered'>;
  teardown: Pick<MonitorTeardown, 'endSoon'>;
}

/**
 * ARI events for monitors: a snoop entering the app, the supervisor's phone answering, and any of
 * a monitor's channels (or the agent's leg it snoops on) going away, which ends the monitor.
 * Call handling ignores these channels: their Stasis arguments are never "inbound".
 */
export class SupervisionStasis {
  constructor(private readonly deps: SupervisionStasisDeps) {}

  handle = (event: AriEvent): void => {
    if (!('channel' in event)) return;
    const channelId = event.channel.id;
    // The far half ";2" of a Local phone follows its ";1", which is the one the daemon watches.
    if (channelId.includes(';')) return;
    if (event.type === 'StasisStart') {
      this.deps.arrivals.arrived(channelId);
      if (event.args[0] === PHONE_ARG) this.deps.service.phoneAnswered(channelId);
    } else if (event.type === 'StasisEnd') {
      this.gone(channelId, null);
    } else if (event.type === 'ChannelDestroyed') {
      this.gone(channelId, event.cause_txt);
    }
  };

  /** StasisEnd, then maybe ChannelDestroyed: the first ends the monitor, the second finds it over. */
  private gone(channelId: string, cause: string | null): void {
    const { registry, teardown } = this.deps;
    for (const monitor of registry.onAgentChannel(channelId))
      teardown.endSoon(monitor, 'the agent left the call');
    const monitor = registry.byChannel(channelId);
    if (!monitor) return;
    if (channelId === monitor.phoneChannelId) {
      const why =
        monitor.state === 'ringing'
          ? `the supervisor's phone was not answered${cause ? ` (${cause})` : ''}`
          : 'the supervisor hung up';
      teardown.endSoon(monitor, why);
    } else if (channelId === monitor.snoopChannelId) {
      // A snoop hangs itself up once the channel it snoops on is gone (res_stasis_snoop.c).
      teardown.endSoon(monitor, 'the agent left the call');
    } else {
      // A snoop replaced by a mode change, or one whose creation failed.
      registry.forgetChannel(channelId);
    }
  }
}
