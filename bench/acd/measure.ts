// Where the benchmark's times come from.
//
// Every latency is the difference of two marks Asterisk itself takes in the dialplan: a UserEvent
// carrying At = ${STRFTIME(,,%s.%6q)}, Asterisk's wall clock in microseconds, read in the channel's
// own thread at the step that matters (see the bench section of dialplan/extensions.conf):
//   BenchCallArrived  the caller is handed to the distributor (just before Queue() or Stasis())
//   BenchAgentRing    the agent's leg runs its first step, i.e. the agent is being called
//   BenchAgentFree    the agent ends the call and hangs up
// The same agent context serves app_queue (it dials its Local members) and our ACD (which
// originates them over ARI), so "ring" means the same thing for both. AMI AgentCalled exists for
// app_queue only, and auto-answering Local agents never enter the Ringing state (;2 goes Ring -> Up),
// so Newstate Ringing has nothing to offer. The marks travel as ChannelUserevent on an ARI websocket
// with subscribeAll=true under the bench's own app name (it sees the channels of every system,
// including the ones app_queue creates); delivery delay does not enter the figures, because the
// time is taken before the event leaves Asterisk.
import WebSocket from 'ws';
import type { AmiClient, AmiMessage } from './ami.js';
import type { AriClient } from './ari.js';

export const OBSERVER_APP = 'switchboard-bench-observer';

export type MarkKind = 'arrived' | 'ring' | 'free' | 'ended';

export interface Mark {
  kind: MarkKind;
  /** The bench caller's number, which identifies the call ("" if the channel had none). */
  caller: string;
  agent?: string;
  /** QUEUESTATUS / DIALSTATUS for `ended`. */
  status?: string;
  /** Asterisk's wall clock, microseconds since the epoch. */
  atUs: number;
  /** False when At was missing and the event's millisecond ARI timestamp was used instead. */
  precise: boolean;
  channelId: string;
}

export interface ChannelGone {
  channelId: string;
  cause: number;
  causeText: string;
  atUs: number;
}

const KINDS: Record<string, MarkKind> = {
  BenchCallArrived: 'arrived',
  BenchAgentRing: 'ring',
  BenchAgentFree: 'free',
  BenchCallEnded: 'ended',
};

/** "1795264130.159685" -> 1795264130159685; undefined unless it is seconds with 1-6 decimals. */
export function parseAtUs(text: string | undefined): number | undefined {
  const match = /^(\d{9,11})\.(\d{1,6})$/.exec(text ?? '');
  if (!match) return undefined;
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** An ARI timestamp ("2026-11-21T12:28:50.159+0000") in microseconds. */
export function parseAriTimestampUs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

interface AriEvent {
  type?: string;
  timestamp?: string;
  eventname?: string;
  userevent?: Record<string, unknown>;
  channel?: { id?: string };
  cause?: number;
  cause_txt?: string;
}

/** The mark a ChannelUserevent carries, if it is one of the bench's. */
export function markFromEvent(event: AriEvent): Mark | undefined {
  if (event.type !== 'ChannelUserevent') return undefined;
  const kind = KINDS[event.eventname ?? ''];
  if (kind === undefined) return undefined;
  const fields = event.userevent ?? {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  const precise = parseAtUs(text('At'));
  const atUs = precise ?? parseAriTimestampUs(event.timestamp);
  if (atUs === undefined) return undefined;
  const mark: Mark = {
    kind,
    caller: text('Caller') ?? '',
    atUs,
    precise: precise !== undefined,
    channelId: event.channel?.id ?? '',
  };
  const agent = text('Agent');
  if (agent !== undefined) mark.agent = agent;
  const status = text('Status');
  if (status !== undefined) mark.status = status;
  return mark;
}

/** The bench's own ARI application: subscribed to everything, keeps the marks and channel ends. */
export class Observer {
  private readonly markListeners = new Set<(mark: Mark) => void>();
  private readonly goneListeners = new Set<(gone: ChannelGone) => void>();
  /** Set once the websocket is lost or replaced: every figure after that would be incomplete. */
  failure: string | undefined;
  filtered = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('close', (code) => {
      this.failure ??= `the observer's ARI websocket closed (code ${code})`;
    });
  }

  static async connect(ari: AriClient): Promise<Observer> {
    const socket = new WebSocket(ari.eventsUrl(OBSERVER_APP, true), {
      headers: { authorization: ari.authorization },
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ARI events websocket: no connection in 5 s')), 5000);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`ARI events websocket ${OBSERVER_APP}: ${error.message}`));
      });
    });
    const observer = new Observer(socket);
    // Only the two event types the bench reads: less JSON over the socket and into this process.
    try {
      await ari.request('PUT', `/applications/${OBSERVER_APP}/eventFilter`, {
        body: { allowed: [{ type: 'ChannelUserevent' }, { type: 'ChannelDestroyed' }] },
      });
      observer.filtered = true;
    } catch {
      // Without the filter everything still works; the report says so.
    }
    return observer;
  }

  onMark(listener: (mark: Mark) => void): () => void {
    this.markListeners.add(listener);
    return () => this.markListeners.delete(listener);
  }

  onChannelGone(listener: (gone: ChannelGone) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  close(): void {
    this.failure ??= 'closed';
    this.socket.close();
  }

  private receive(text: string): void {
    let event: AriEvent;
    try {
      event = JSON.parse(text) as AriEvent;
    } catch {
      return;
    }
    if (event.type === 'ApplicationReplaced') {
      this.failure = `another client connected as ARI app ${OBSERVER_APP} and took its events`;
      return;
    }
    if (event.type === 'ChannelDestroyed' && event.channel?.id) {
      const gone: ChannelGone = {
        channelId: event.channel.id,
        cause: event.cause ?? 0,
        causeText: event.cause_txt ?? '',
        atUs: parseAriTimestampUs(event.timestamp) ?? 0,
      };
      for (const listener of this.goneListeners) listener(gone);
      return;
    }
    const mark = markFromEvent(event);
    if (mark) for (const listener of this.markListeners) listener(mark);
  }
}

/**
 * A cross-check for app_queue only: when AMI AgentCalled reaches us, per caller number. app_queue
 * publishes it right after calling the member, so it should trail the BenchAgentRing mark by no
 * more than AMI's delivery time; the report shows that offset.
 */
export class AgentCalledWatcher {
  readonly receivedUs = new Map<string, number>();
  private readonly stop: () => void;

  constructor(ami: AmiClient) {
    this.stop = ami.onEvent((event: AmiMessage, receivedUs: number) => {
      if (event.Event !== 'AgentCalled') return;
      const caller = event.CallerIDNum ?? '';
      if (caller !== '' && !this.receivedUs.has(caller)) this.receivedUs.set(caller, receivedUs);
    });
  }

  close(): void {
    this.stop();
  }
}
