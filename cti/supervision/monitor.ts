import { type MonitorMode, type SnoopDirection, snoopDirections } from './modes.js';
import { bridgeIdOf, phoneChannelIdOf, snoopChannelIdOf } from './names.js';

/** The connected ACD call a monitor is on. */
export interface MonitoredCall {
  callId: number;
  /** The queue the call was answered from: its supervisors (and admins) may monitor the call. */
  queueId: string;
  agentId: string;
  /** The agent's leg in the call bridge: the channel the snoop sits on. */
  agentChannelId: string;
  callerNumber: string | null;
}

/** Who started the monitor (a supervisor or an admin, by user or API key). */
export interface Supervisor {
  kind: 'user' | 'api_key';
  id: number;
  name: string;
}

export type MonitorState = 'ringing' | 'connected' | 'ended';

/** A monitor as the API and the onMonitorChanged callback show it. */
export interface MonitorView {
  monitorId: string;
  callId: number;
  queueId: string;
  agentId: string;
  mode: MonitorMode;
  spy: SnoopDirection;
  whisper: SnoopDirection;
  /** ringing: the supervisor's phone rings; connected: they hear the call; ended: all torn down. */
  state: MonitorState;
  /** Dial string of the supervisor's phone. */
  device: string;
  snoopChannelId: string;
  supervisorChannelId: string;
  bridgeId: string;
  supervisor: Supervisor;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

/**
 * One supervisor on one call: a snoop channel on the agent's leg (replaced on a mode change), the
 * supervisor's phone, and once it answers a mixing bridge holding the two.
 */
export class Monitor {
  state: MonitorState = 'ringing';
  endedAt: Date | null = null;
  endReason: string | null = null;
  /** The snoop carrying the current mode; set once Asterisk made it. */
  snoopChannelId = '';
  /** Every snoop made for this monitor that may still exist: the end hangs up all of them. */
  readonly snoops = new Set<string>();
  private snoopSeq = 0;
  private work: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly call: MonitoredCall,
    readonly supervisor: Supervisor,
    readonly device: string,
    public mode: MonitorMode,
    readonly startedAt: Date,
  ) {}

  get phoneChannelId(): string {
    return phoneChannelIdOf(this.id);
  }

  get bridgeId(): string {
    return bridgeIdOf(this.id);
  }

  /** A fresh id: Asterisk refuses to reuse a channel id while the old channel is still going away. */
  nextSnoopId(): string {
    this.snoopSeq += 1;
    return snoopChannelIdOf(this.id, this.snoopSeq);
  }

  /** A method, not a field read: steps re-check it after each await (TypeScript would narrow a field). */
  isOver(): boolean {
    return this.state === 'ended';
  }

  isBy(who: Supervisor): boolean {
    return this.supervisor.kind === who.kind && this.supervisor.id === who.id;
  }

  /** Bridging the answered phone and mode changes run one after another, never interleaved. */
  serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.work.then(step, step);
    this.work = run.catch(() => undefined);
    return run;
  }

  view(): MonitorView {
    const { spy, whisper } = snoopDirections(this.mode);
    return {
      monitorId: this.id,
      callId: this.call.callId,
      queueId: this.call.queueId,
      agentId: this.call.agentId,
      mode: this.mode,
      spy,
      whisper,
      state: this.state,
      device: this.device,
      snoopChannelId: this.snoopChannelId,
      supervisorChannelId: this.phoneChannelId,
      bridgeId: this.bridgeId,
      supervisor: { ...this.supervisor },
      startedAt: this.startedAt.toISOString(),
      endedAt: this.endedAt?.toISOString() ?? null,
      endReason: this.endReason,
    };
  }
}

export function describeSupervisor(who: Supervisor): string {
  return who.kind === 'user' ? `user "${who.name}"` : `API key "${who.name}"`;
}
