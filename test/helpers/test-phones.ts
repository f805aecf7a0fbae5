import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ObservedEvent } from './caller-app.js';
import { ariRequest, sandboxEnv } from './sandbox.js';

const PHONES_APP = 'switchboard-test-phones';

/**
 * Phones a test holds in its own hands, in their own Stasis app (never the daemon's): the far ends
 * of the caller and of Local/<id>@switchboard-test-phone/n devices (agents, supervisors), which
 * this app answers at once (ids starting "ring" are left ringing, never answered). Each phone
 * sends silence, as a real phone's RTP stream does (Asterisk mixes a whisper into frames going by:
 * with no frames there is nothing to mix into), and has TALK_DETECT on what it hears, so a test sees who hears whom as ChannelTalkingStarted events.
 * Subscribed to everything: it also sees the daemon's channels come and go.
 */
export class TestPhones {
  readonly events: ObservedEvent[] = [];
  /** Far-end channel id of each phone by its id (the Local extension, or "caller-<n>"). */
  readonly phones = new Map<string, string>();
  /** Far ends left ringing (ids starting "ring": never answered), by phone id. */
  readonly ringing = new Map<string, string>();
  private readonly placed = new Set<string>();
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as ObservedEvent;
      this.events.push(event);
      if (event.type === 'StasisStart' && event.application === PHONES_APP) void this.pickUp(event);
      if (event.type === 'StasisEnd') this.hungUp(event.channel?.id);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(): Promise<TestPhones> {
    const env = sandboxEnv();
    const url = new URL(`${env.ariUrl.replace(/^http/, 'ws')}/ari/events`);
    url.searchParams.set('app', PHONES_APP);
    url.searchParams.set('subscribeAll', 'true');
    const socket = new WebSocket(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${env.ariUser}:${env.ariPassword}`).toString('base64')}`,
      },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestPhones(socket);
  }

  private async pickUp(event: ObservedEvent): Promise<void> {
    const channelId = event.channel?.id ?? '';
    const args = (event.args as string[] | undefined) ?? [];
    if (args[0] === 'phone' && args[1]?.startsWith('ring')) {
      this.ringing.set(args[1], channelId);
      for (const wake of this.waiters.splice(0)) wake();
      return;
    }
    try {
      if (args[0] === 'phone') await ariRequest('POST', `/channels/${enc(channelId)}/answer`);
      // Silence threshold 300 ms: a sentence is one talk spurt, and it ends soon after.
      await ariRequest('POST', `/channels/${enc(channelId)}/variable`, {
        query: { variable: 'TALK_DETECT(set)', value: '300' },
      });
      await this.silence(channelId);
      this.phones.set(args[0] === 'phone' ? (args[1] ?? channelId) : (args[0] ?? channelId), channelId);
      for (const wake of this.waiters.splice(0)) wake();
    } catch {
      // hung up while being picked up
    }
  }

  private hungUp(channelId: string | undefined): void {
    for (const [name, id] of this.phones) if (id === channelId) this.phones.delete(name);
    for (const [name, id] of this.ringing) if (id === channelId) this.ringing.delete(name);
  }

  private silence(channelId: string): Promise<unknown> {
    return ariRequest('POST', `/channels/${enc(channelId)}/silence`);
  }

  /** Dials `did` into the daemon as `callerNumber`; resolves with the caller's far end once answered. */
  async call(did: string, callerNumber: string, name: string): Promise<{ caller: string; inbound: string }> {
    const caller = `phones-caller-${randomUUID()}`;
    const inbound = `${caller}-in`;
    await ariRequest('POST', '/channels', {
      body: {
        endpoint: `Local/${did}@switchboard-test-dial/n`,
        app: PHONES_APP,
        appArgs: name,
        channelId: caller,
        otherChannelId: inbound,
        callerId: callerNumber,
        variables: { SWITCHBOARD_TEST_CALLER: callerNumber },
      },
    });
    this.placed.add(caller);
    await this.phone(name);
    return { caller, inbound };
  }

  /** The far end of phone `name` once it is answered and sends silence. */
  phone(name: string, timeoutMs = 15_000): Promise<string> {
    return this.until(`phone ${name} to be picked up`, () => this.phones.get(name), timeoutMs);
  }

  /** The far end of phone `name` (an id starting "ring") once it rings, left unanswered. */
  ringingPhone(name: string): Promise<string> {
    return this.until(`phone ${name} to ring`, () => this.ringing.get(name));
  }

  /**
   * `speaker` says a sentence (hello-world, about 1.3 s); resolves with the phones among
   * `listeners` that heard talk meanwhile, once everybody who did has gone quiet again.
   */
  async speak(speaker: string, listeners: string[]): Promise<string[]> {
    const from = this.events.length;
    const playbackId = `say-${randomUUID()}`;
    await ariRequest('POST', `/channels/${enc(speaker)}/play`, {
      query: { media: 'sound:hello-world', playbackId },
    });
    await this.until(`${speaker} to finish speaking`, () =>
      this.seen(from, (e) => e.type === 'PlaybackFinished' && e.playback?.id === playbackId),
    );
    await this.silence(speaker).catch(() => undefined);
    // Talk is detected within a few frames; give the last frames (and a jitter) time to arrive.
    await new Promise((r) => setTimeout(r, 400));
    const heard = listeners.filter((id) => this.talkOn(from, id, 'ChannelTalkingStarted') !== undefined);
    await this.until(`${heard.join(', ')} to go quiet`, () =>
      heard.every((id) => this.talkOn(from, id, 'ChannelTalkingFinished')) ? true : undefined,
    );
    return heard;
  }

  async hangup(channelId: string): Promise<void> {
    try {
      await ariRequest('DELETE', `/channels/${enc(channelId)}`);
    } catch {
      // already gone
    }
  }

  /** Hangs up every call this app placed and every phone still up, then closes. */
  async close(): Promise<void> {
    const up = [...this.placed, ...this.phones.values(), ...this.ringing.values()];
    await Promise.all(up.map((id) => this.hangup(id)));
    this.socket.close();
  }

  private talkOn(from: number, channelId: string, type: string): ObservedEvent | undefined {
    return this.seen(from, (e) => e.type === type && e.channel?.id === channelId);
  }

  private seen(from: number, match: (e: ObservedEvent) => boolean): ObservedEvent | undefined {
    return this.events.slice(from).find(match);
  }

  private async until<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

const enc = encodeURIComponent;
