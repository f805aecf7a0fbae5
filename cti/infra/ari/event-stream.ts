import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { AriEvent } from './types.js';

export interface EventStreamOptions {
  url: string;
  user: string;
  password: string;
  app: string;
  /** A socket that answers no ping within this time is treated as dead (Asterisk killed, cable cut). */
  pingIntervalMs?: number;
}

/**
 * The Stasis app's event websocket, reconnecting with capped backoff forever.
 * Exactly one socket exists at a time: a second one for the same app would steal its events.
 * Emits 'open', 'close' (reason), 'event' (AriEvent), 'error' (Error, informational).
 */
export class AriEventStream extends EventEmitter {
  private socket: WebSocket | null = null;
  private stopped = false;
  private retryDelayMs = 250;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;

  constructor(private readonly options: EventStreamOptions) {
    super();
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    const base = new URL(this.options.url);
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    base.pathname = `${base.pathname.replace(/\/$/, '')}/ari/events`;
    base.searchParams.set('app', this.options.app);
    const auth = Buffer.from(`${this.options.user}:${this.options.password}`).toString('base64');
    const socket = new WebSocket(base, {
      headers: { authorization: `Basic ${auth}` },
      handshakeTimeout: 5000,
    });
    this.socket = socket;
    socket.on('open', () => {
      this.retryDelayMs = 250;
      this.startPinging(socket);
      this.emit('open');
    });
    socket.on('message', (data) => this.handleMessage(data));
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    socket.on('error', (err) => this.emit('error', err));
    socket.on('close', (code, reason) => {
      this.stopPinging();
      if (this.socket !== socket) return;
      this.socket = null;
      this.emit('close', `${code}${reason.length ? ` ${reason.toString()}` : ''}`);
      this.scheduleReconnect();
    });
  }

  private handleMessage(data: WebSocket.RawData): void {
    let event: AriEvent;
    try {
      event = JSON.parse(data.toString()) as AriEvent;
    } catch (err) {
      this.emit('error', new Error(`ARI sent an event that is not JSON: ${(err as Error).message}`));
      return;
    }
    this.emit('event', event);
  }

  private startPinging(socket: WebSocket): void {
    const interval = this.options.pingIntervalMs ?? 5000;
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        this.emit('error', new Error(`ARI websocket answered no ping for ${interval} ms; reconnecting`));
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
    }, interval);
    this.pingTimer.unref();
  }

  private stopPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 2000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  /** Closes for good; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopPinging();
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1000).unref();
    });
  }
}
