import WebSocket from 'ws';
import { sandboxEnv } from '../../test/helpers/sandbox.js';

/** The events that say a channel is going: whichever reaches a client first. */
const ENDING = new Set(['ChannelHangupRequest', 'StasisEnd', 'ChannelDestroyed']);

/**
 * The peer figure: a bare ARI websocket client of the same Asterisk (its own app, subscribed to
 * everything, doing nothing), stamping when each channel's first ending event arrives. Asterisk →
 * this client is how long Asterisk itself takes to tell anyone; the wallboard figure beside it
 * adds the daemon, the websocket and the page.
 */
export class AriPeer {
  private readonly endedAt = new Map<string, number>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const at = Date.now();
      const event = JSON.parse(data.toString()) as { type: string; channel?: { id: string } };
      const id = event.channel?.id;
      if (id && ENDING.has(event.type) && !this.endedAt.has(id)) this.endedAt.set(id, at);
    });
  }

  static async connect(): Promise<AriPeer> {
    const env = sandboxEnv();
    const url = new URL(`${env.ariUrl.replace(/^http/, 'ws')}/ari/events`);
    url.searchParams.set('app', 'switchboard-bench-peer');
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
    return new AriPeer(socket);
  }

  /** When the first ending event of `channelId` arrived (ms epoch); waits up to 20 s. */
  async endedAtOf(channelId: string): Promise<number> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const at = this.endedAt.get(channelId);
      if (at !== undefined) return at;
      if (Date.now() > deadline) throw new Error(`no ending event of ${channelId} reached the peer`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
