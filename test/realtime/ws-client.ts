import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export interface Received {
  v: number;
  type: string;
  at: string;
  [key: string]: unknown;
}

/**
 * A websocket client for tests: keeps every message it got, in order, and waits for the next
 * one of a type (or fails naming what it waited for and what it got instead).
 */
export class TestSocket {
  readonly messages: Received[] = [];
  /** Date.now() as each message arrived, by index in `messages`. */
  readonly arrivals: number[] = [];
  closed: { code: number; reason: string } | null = null;
  private read = 0;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Received);
      this.arrivals.push(Date.now());
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(
    url: string,
    options: { protocols?: string[]; headers?: Record<string, string>; autoPong?: boolean } = {},
  ): Promise<TestSocket> {
    const ws = new WebSocket(url, options.protocols ?? [], {
      headers: options.headers ?? {},
      autoPong: options.autoPong ?? true,
    });
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused with ${res.statusCode}`)),
      );
    });
    return socket;
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The next message not yet taken (of `type`, skipping others when `skip` is set). */
  async next(type?: string, options: { timeoutMs?: number; skip?: boolean } = {}): Promise<Received> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    for (;;) {
      while (this.read < this.messages.length) {
        const message = this.messages[this.read++] as Received;
        if (type === undefined || message.type === type) return message;
        if (!options.skip)
          throw new Error(`expected a ${type} message, got ${JSON.stringify(message).slice(0, 300)}`);
      }
      if (this.closed)
        throw new Error(`socket closed (${this.closed.code}) while waiting for ${type ?? 'a message'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? ''} message within ${options.timeoutMs ?? 5_000} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** When a message (one of `messages`) arrived. */
  arrivalOf(message: Received): number {
    return this.arrivals[this.messages.indexOf(message)] ?? Number.NaN;
  }

  /** Messages of a type received so far (taken or not). */
  all(type: string): Received[] {
    return this.messages.filter((m) => m.type === type);
  }

  async waitClosed(timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`socket still open after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** What the server answered an upgrade it refused: status and JSON body. */
export async function refusal(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: { error: string; message: string }; headers: Record<string, unknown> }> {
  const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      reject(new Error(`${url} was upgraded; expected a refusal`));
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers });
        } catch (err) {
          reject(new Error(`refusal body is not JSON: ${text} (${String(err)})`));
        }
      });
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Starts the app on a free loopback port; returns its ws:// base URL. */
export async function listenWs(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the app is not listening on TCP');
  return `ws://127.0.0.1:${address.port}`;
}
