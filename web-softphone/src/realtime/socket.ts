import { api } from '../lib/api.js';
import { backoffDelay } from '../lib/format.js';

/**
 * A websocket to /ws/agent or /ws/supervisor that reconnects with backoff
 * (cti/realtime/README.md: token as a subprotocol, 4401 means log in again).
 */

export type SocketStatus = 'connecting' | 'open' | 'reconnecting';

export interface SocketOptions {
  path: string;
  token: () => string | null;
  onMessage: (msg: { type: string; [k: string]: unknown }) => void;
  onStatus: (status: SocketStatus, retryAt: number | null) => void;
  onSessionEnded: () => void;
}

export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private greeted = false;
  private nextId = 1;

  constructor(private readonly opts: SocketOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000, 'signed out');
    this.ws = null;
  }

  /** Sends a message with an `id`; returns the id so the answer's `replyTo` can be matched. */
  send(msg: Record<string, unknown>): string | null {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return null;
    const id = `c${this.nextId++}`;
    this.ws.send(JSON.stringify({ ...msg, id }));
    return id;
  }

  private connect(): void {
    const token = this.opts.token();
    if (!token) return;
    this.opts.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', null);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}${this.opts.path}`, [
      'switchboard',
      `token.${token}`,
    ]);
    this.ws = ws;
    this.greeted = false;
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: { type: string; [k: string]: unknown };
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (!this.greeted) {
        this.greeted = true;
        this.attempt = 0;
        this.opts.onStatus('open', null);
      }
      this.opts.onMessage(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === 4401) {
        this.opts.onSessionEnded();
        return;
      }
      // Refused before any message: maybe the token is gone (the browser hides the 401).
      if (!this.greeted) void api('GET', '/api/auth/me').catch(() => {});
      const delay = backoffDelay(this.attempt++);
      this.opts.onStatus('reconnecting', Date.now() + delay);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }
}
