import type { WebSocket } from 'ws';
import type { Logger } from '../infra/logger.js';
import type { OutboundMessage } from './messages.js';

/** Close codes this server uses besides the standard ones (1001 going away, 1009 too big). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_TOO_SLOW = 4408;

const OPEN = 1;

/** The part of a `ws` socket this class uses, so tests can stand in for a client that stopped reading. */
export type WireSocket = Pick<
  WebSocket,
  'readyState' | 'bufferedAmount' | 'send' | 'ping' | 'close' | 'terminate'
>;

/**
 * One connected client: sends JSON without ever letting a slow reader pile up memory (past
 * `maxBufferedBytes` the socket is dropped with a log line and the client reconnects), and
 * tracks the pongs the keep-alive asks for.
 */
export class ClientSocket {
  private answeredPing = true;
  private dropped = false;

  constructor(
    readonly ws: WireSocket,
    readonly log: Logger,
    private readonly maxBufferedBytes: number,
  ) {}

  get open(): boolean {
    return this.ws.readyState === OPEN && !this.dropped;
  }

  send(message: OutboundMessage): boolean {
    if (!this.open) return false;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      this.dropped = true;
      this.log.warn(
        { bufferedBytes: this.ws.bufferedAmount, limit: this.maxBufferedBytes, dropping: message.type },
        'websocket client is not reading: dropping the connection',
      );
      this.ws.close(CLOSE_TOO_SLOW, 'too slow: reconnect');
      // A client that reads nothing will not read the close frame either.
      this.ws.terminate();
      return false;
    }
    this.ws.send(JSON.stringify(message));
    return true;
  }

  pong(): void {
    this.answeredPing = true;
  }

  /** One keep-alive round: false (and the socket is ended) when the last ping got no pong. */
  keepAlive(): boolean {
    if (this.ws.readyState !== OPEN) return false;
    if (!this.answeredPing) {
      this.log.info('websocket client stopped answering pings: dropping the connection');
      this.ws.terminate();
      return false;
    }
    this.answeredPing = false;
    this.ws.ping();
    return true;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === OPEN) this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }
}
