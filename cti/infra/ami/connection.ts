import Manager, { type ManagerInstance } from 'asterisk-manager';
import type { ProbeResult } from '../ari/probe.js';
import type { Logger } from '../logger.js';

export interface AmiOptions {
  host: string;
  port: number;
  user: string;
  password: string;
}

export type AmiState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

/**
 * AMI for what ARI lacks (queue and device-state commands, module reloads).
 * asterisk-manager's own reconnect waits 10-60 s and logs to stdout, so this keeps one connection
 * alive itself, retrying every 2 s, and gives every action its own id (the library's default id
 * is a millisecond timestamp, which collides under load).
 */
export class AmiConnection {
  private manager: ManagerInstance | null = null;
  private state: AmiState = 'disconnected';
  private lastError: string | null = null;
  private nextActionId = 1;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly eventHandlers: Array<(event: Record<string, string>) => void> = [];

  constructor(
    private readonly options: AmiOptions,
    private readonly logger: Logger,
  ) {}

  status(): { state: AmiState; lastError: string | null } {
    return { state: this.state, lastError: this.lastError };
  }

  /** Register before start(): the login asks Asterisk for events only if someone listens. */
  onEvent(handler: (event: Record<string, string>) => void): void {
    this.eventHandlers.push(handler);
  }

  /** Connects and logs in; resolves on the first outcome, keeps retrying in the background after a failure. */
  start(): Promise<ProbeResult> {
    return new Promise((resolve) => this.connect(resolve));
  }

  private connect(firstOutcome?: (result: ProbeResult) => void): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const { host, port, user, password } = this.options;
    // Every AMI event costs Asterisk and this process work: ask for them only when someone listens.
    const manager = Manager(undefined, host, user, password, this.eventHandlers.length > 0);
    this.manager = manager;
    manager.on('error', (err: Error) => {
      this.lastError = `AMI at ${host}:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`;
    });
    manager.on('close', () => this.handleLoss());
    manager.on('managerevent', (event: Record<string, string>) => {
      for (const handler of this.eventHandlers) handler(event);
    });
    manager.connect(port, host, () => {
      manager.login((err) => {
        if (err) {
          this.lastError = `AMI at ${host}:${port} refused user "${user}": ${err.message ?? 'authentication failed'}`;
          firstOutcome?.({ ok: false, detail: this.lastError });
          manager.disconnect();
          this.handleLoss();
          return;
        }
        this.state = 'connected';
        this.lastError = null;
        this.logger.info({ host, port }, 'AMI connected');
        firstOutcome?.({ ok: true, detail: `AMI at ${host}:${port}` });
      });
    });
    // A refused TCP connection never calls back: report it after the first error.
    manager.once('error', () => {
      if (this.state !== 'connected')
        firstOutcome?.({ ok: false, detail: this.lastError ?? 'AMI unreachable' });
    });
  }

  private handleLoss(): void {
    if (this.state === 'stopped' || this.retryTimer) return;
    if (this.state === 'connected')
      this.logger.warn({ err: this.lastError }, 'AMI connection lost; reconnecting');
    this.state = 'disconnected';
    this.manager?.removeAllListeners();
    this.manager = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, 2000);
    this.retryTimer.unref();
  }

  /** Sends an action and resolves with the response; rejects on an Error response or after timeoutMs. */
  action(fields: Record<string, string>, timeoutMs = 5000): Promise<Record<string, string>> {
    const manager = this.manager;
    if (!manager || this.state !== 'connected') {
      return Promise.reject(new Error(`AMI not connected (${this.lastError ?? this.state})`));
    }
    const actionid = `switchboard-${process.pid}-${this.nextActionId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`AMI action ${fields.action} got no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      manager.action({ ...fields, actionid }, (err, res) => {
        clearTimeout(timer);
        if (err)
          reject(new Error(`AMI action ${fields.action} failed: ${err.message ?? JSON.stringify(err)}`));
        else resolve(res);
      });
    });
  }

  async ping(): Promise<ProbeResult> {
    try {
      await this.action({ action: 'Ping' }, 2000);
      return { ok: true, detail: `AMI at ${this.options.host}:${this.options.port}` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  stop(): void {
    this.state = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.manager?.disconnect();
    this.manager?.removeAllListeners();
    this.manager = null;
  }
}
