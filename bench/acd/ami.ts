// A small AMI client over a raw TCP socket, for the benchmark only (the product's AMI adapter lives in
// cti/infra/ami). It sends actions with an ActionID, resolves each with its response, and hands every
// event to listeners together with the moment it was read off the socket.
import { connect, type Socket } from 'node:net';
import { wallClockUs } from './clock.js';

export type AmiMessage = Record<string, string>;
export type AmiEventListener = (event: AmiMessage, receivedUs: number) => void;

interface Pending {
  resolve: (message: AmiMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class AmiClient {
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<AmiEventListener>();
  private closedError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('close', () => this.failAll(new Error(`AMI ${where}: connection closed`)));
    socket.on('error', (error) => this.failAll(new Error(`AMI ${where}: ${error.message}`)));
  }

  /** Connects and logs in; `events` is the AMI event class filter (e.g. "agent"), "off" for none. */
  static async login(options: {
    host: string;
    port: number;
    username: string;
    secret: string;
    events: string;
    timeoutMs?: number;
  }): Promise<AmiClient> {
    const where = `${options.host}:${options.port}`;
    const socket = connect(options.port, options.host);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`AMI ${where}: no connection within ${options.timeoutMs ?? 5000} ms`)),
        options.timeoutMs ?? 5000,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`AMI ${where}: ${error.message}`));
      });
    });
    const client = new AmiClient(socket, where);
    const answer = await client.action({
      Action: 'Login',
      Username: options.username,
      Secret: options.secret,
      Events: options.events,
    });
    if (answer.Response !== 'Success') {
      client.close();
      throw new Error(
        `AMI ${where}: login as ${options.username} refused: ${answer.Message ?? '(no message)'}`,
      );
    }
    return client;
  }

  onEvent(listener: AmiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one action; resolves with its response (Response: Success or Error), rejects on timeout. */
  action(fields: AmiMessage, timeoutMs = 10_000): Promise<AmiMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = `bench-${this.nextId++}`;
    const lines = Object.entries({ ...fields, ActionID: id }).map(([key, value]) => {
      if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) {
        throw new Error(`AMI action ${fields.Action}: field ${key} contains a line break`);
      }
      return `${key}: ${value}\r\n`;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`AMI ${this.where}: no response to ${fields.Action} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(`${lines.join('')}\r\n`);
    });
  }

  /** Like action(), but a Response other than Success is an error naming the action and its message. */
  async expectSuccess(fields: AmiMessage): Promise<AmiMessage> {
    const answer = await this.action(fields);
    if (answer.Response !== 'Success') {
      const shown = Object.entries(fields)
        .filter(([key]) => key !== 'Secret')
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      throw new Error(`AMI ${shown}: ${answer.Response ?? 'no Response'}: ${answer.Message ?? ''}`);
    }
    return answer;
  }

  close(): void {
    this.failAll(new Error(`AMI ${this.where}: closed by the bench`));
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    const receivedUs = wallClockUs();
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      const message: AmiMessage = {};
      for (const line of block.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) message[line.slice(0, colon)] = line.slice(colon + 1).trim();
      }
      this.dispatch(message, receivedUs);
    }
  }

  private dispatch(message: AmiMessage, receivedUs: number): void {
    const id = message.ActionID;
    if (message.Response !== undefined && id !== undefined) {
      const waiting = this.pending.get(id);
      if (waiting) {
        this.pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve(message);
      }
      return;
    }
    if (message.Event !== undefined) for (const listener of this.listeners) listener(message, receivedUs);
  }

  private failAll(error: Error): void {
    this.closedError ??= error;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }
}
