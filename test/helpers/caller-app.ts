import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ariRequest, sandboxEnv } from './sandbox.js';

export interface ObservedEvent {
  type: string;
  timestamp: string;
  channel?: { id: string };
  playback?: { id: string; media_uri: string; target_uri: string; state: string };
  digit?: string;
  [key: string]: unknown;
}

const TEST_APP = 'switchboard-test-caller';

/**
 * A real caller the test steers over ARI: its half of a Local channel sits in a separate Stasis
 * app (never the daemon's, so no events are stolen), subscribed to everything, so the test sees
 * the daemon's playbacks on the other half and presses keys at exact moments.
 */
export class CallerApp {
  readonly events: ObservedEvent[] = [];
  private readonly placed = new Set<string>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly socket: WebSocket,
    private readonly app: string,
  ) {
    socket.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as ObservedEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * `app` other than the default: another test Stasis app to hold by hand, e.g.
   * 'switchboard-test-phones' for phones the test answers itself (dialplan switchboard-test-phone).
   */
  static async connect(app = TEST_APP): Promise<CallerApp> {
    const env = sandboxEnv();
    const url = new URL(`${env.ariUrl.replace(/^http/, 'ws')}/ari/events`);
    url.searchParams.set('app', app);
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
    return new CallerApp(socket, app);
  }

  /** Dials `did` from `callerNumber`; resolves once the daemon answered and the caller is connected. */
  async call(did: string, callerNumber: string): Promise<{ caller: string; inbound: string }> {
    const caller = `ivr-caller-${randomUUID()}`;
    const inbound = `${caller}-in`;
    await ariRequest('POST', '/channels', {
      body: {
        endpoint: `Local/${did}@switchboard-test-dial/n`,
        app: this.app,
        channelId: caller,
        otherChannelId: inbound,
        callerId: callerNumber,
        variables: { SWITCHBOARD_TEST_CALLER: callerNumber },
      },
    });
    this.placed.add(caller);
    await this.waitFor(
      `the caller half of ${did} to be connected`,
      (e) => e.type === 'StasisStart' && e.channel?.id === caller,
    );
    return { caller, inbound };
  }

  async press(channelId: string, digits: string): Promise<void> {
    await ariRequest('POST', `/channels/${channelId}/dtmf`, {
      query: { dtmf: digits, between: 100, duration: 100 },
    });
  }

  async hangup(channelId: string): Promise<void> {
    try {
      await ariRequest('DELETE', `/channels/${channelId}`);
    } catch {
      // already gone
    }
  }

  /** Media the daemon started playing on a channel, in order (sound:hello-world, digits:42, ...). */
  playbacksOn(channelId: string): string[] {
    return this.events
      .filter((e) => e.type === 'PlaybackStarted' && e.playback?.target_uri === `channel:${channelId}`)
      .map((e) => e.playback?.media_uri ?? '');
  }

  /** Resolves with the first event (already seen or future) that matches. */
  async waitFor(
    what: string,
    match: (event: ObservedEvent) => boolean,
    timeoutMs = 15_000,
    from = 0,
  ): Promise<ObservedEvent> {
    const deadline = Date.now() + timeoutMs;
    let scanned = from;
    for (;;) {
      for (; scanned < this.events.length; scanned++) {
        const event = this.events[scanned] as ObservedEvent;
        if (match(event)) return event;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the n-th (1-based) playback of `media` on the channel to start. */
  playbackStarted(channelId: string, media: string, nth = 1, timeoutMs = 15_000): Promise<ObservedEvent> {
    let seen = 0;
    return this.waitFor(
      `playback ${nth} of ${media} on ${channelId}`,
      (e) => {
        if (
          e.type !== 'PlaybackStarted' ||
          e.playback?.target_uri !== `channel:${channelId}` ||
          e.playback.media_uri !== media
        )
          return false;
        seen += 1;
        return seen === nth;
      },
      timeoutMs,
    );
  }

  /** Hangs up every caller this app placed that is still there, then closes: tests leave no channel behind. */
  async close(): Promise<void> {
    await Promise.all([...this.placed].map((id) => this.hangup(id)));
    this.socket.close();
  }
}
