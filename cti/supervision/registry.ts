import type { Logger } from '../infra/logger.js';
import type { Monitor, MonitorView, Supervisor } from './monitor.js';

/** What changed, for listeners through onMonitorChanged (meant for the supervisor websocket; not wired to it yet). */
export interface MonitorChange {
  kind: 'started' | 'connected' | 'mode' | 'ended';
  monitor: MonitorView;
}

export type MonitorListener = (change: MonitorChange) => void;

/**
 * The live monitors of this process, found by id, by call, and by any channel id of theirs (so an
 * ARI event about a snoop or a supervisor's phone finds its monitor), and who hears of changes.
 */
export class MonitorRegistry {
  private readonly monitors = new Map<string, Monitor>();
  private readonly channels = new Map<string, Monitor>();
  private readonly listeners = new Set<MonitorListener>();

  constructor(private readonly log: Logger) {}

  /** Registered before any of its channels exists: their first events may beat the REST answers. */
  add(monitor: Monitor): void {
    this.monitors.set(monitor.id, monitor);
    this.channels.set(monitor.phoneChannelId, monitor);
  }

  addChannel(channelId: string, monitor: Monitor): void {
    this.channels.set(channelId, monitor);
  }

  /** The monitor is over: it is no longer listed; its channel ids are forgotten once hung up. */
  remove(monitor: Monitor): void {
    this.monitors.delete(monitor.id);
  }

  forgetChannel(channelId: string): void {
    this.channels.delete(channelId);
  }

  get(monitorId: string): Monitor | undefined {
    return this.monitors.get(monitorId);
  }

  byChannel(channelId: string): Monitor | undefined {
    return this.channels.get(channelId);
  }

  /** Whether the channel belongs to a monitor this process knows (live, or still being hung up). */
  knowsChannel(channelId: string): boolean {
    return this.channels.has(channelId);
  }

  active(): Monitor[] {
    return [...this.monitors.values()];
  }

  onCall(callId: number): Monitor[] {
    return this.active().filter((m) => m.call.callId === callId);
  }

  onAgentChannel(channelId: string): Monitor[] {
    return this.active().filter((m) => m.call.agentChannelId === channelId);
  }

  /** The supervisor's live monitor of that call, if any: one each is enough. */
  monitoring(who: Supervisor, callId: number): Monitor | undefined {
    return this.onCall(callId).find((m) => m.isBy(who));
  }

  onChanged(listener: MonitorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(kind: MonitorChange['kind'], monitor: Monitor): void {
    const change = { kind, monitor: monitor.view() };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        // A listener's bug must not break the call path.
        this.log.error({ err, kind, monitorId: monitor.id }, 'onMonitorChanged listener threw');
      }
    }
  }
}
