import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { AriEventStream } from './event-stream.js';
import { connectAriRest } from './rest.js';
import type { AriEvent, AriRest } from './types.js';

/** 'replaced': another process opened a websocket for the same app and now gets its events. */
export type AriState = 'connecting' | 'connected' | 'disconnected' | 'replaced' | 'stopped';

export interface AriSupervisorOptions {
  url: string;
  user: string;
  password: string;
  app: string;
  logger: Logger;
  metrics: Metrics;
}

export interface AriStatus {
  state: AriState;
  since: Date;
  lastError: string | null;
  reconnects: number;
}

type EventHandler = (event: AriEvent) => void;
type ConnectedHandler = () => Promise<void>;

/**
 * Owns the one ARI connection: loads the REST API, keeps the app's event websocket open,
 * and after every (re)connect runs the registered handlers (reconciliation) before trusting its state.
 */
export class AriSupervisor {
  private restApi: AriRest | null = null;
  private readonly stream: AriEventStream;
  private readonly eventHandlers: EventHandler[] = [];
  private readonly connectedHandlers: ConnectedHandler[] = [];
  private currentStatus: AriStatus = {
    state: 'connecting',
    since: new Date(),
    lastError: null,
    reconnects: 0,
  };
  private everConnected = false;
  private readonly log: Logger;

  constructor(private readonly options: AriSupervisorOptions) {
    this.log = options.logger.child({ component: 'ari' });
    this.stream = new AriEventStream(options);
    this.stream.on('open', () => void this.handleOpen());
    this.stream.on('close', (reason: string) => this.handleClose(reason));
    this.stream.on('error', (err: Error) => {
      this.currentStatus.lastError = err.message;
      this.log.debug({ err: err.message }, 'ARI websocket error');
    });
    this.stream.on('event', (event: AriEvent) => this.dispatch(event));
  }

  get rest(): AriRest {
    if (!this.restApi) throw new Error('ARI REST API is not loaded yet (Asterisk not reached since start)');
    return this.restApi;
  }

  status(): AriStatus {
    return { ...this.currentStatus };
  }

  onEvent(handler: EventHandler): void {
    this.eventHandlers.push(handler);
  }

  /** Runs after each (re)connect, in registration order; the daemon reconciles calls here. */
  onConnected(handler: ConnectedHandler): void {
    this.connectedHandlers.push(handler);
  }

  /** Loads the REST API (caller probes reachability first) and opens the event stream. */
  async start(): Promise<void> {
    this.restApi = await connectAriRest(this.options.url, this.options.user, this.options.password);
    this.stream.start();
  }

  async waitUntilConnected(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.currentStatus.state !== 'connected') {
      if (Date.now() > deadline)
        throw new Error(
          `ARI not connected within ${timeoutMs} ms: ${this.currentStatus.lastError ?? 'no reason given'}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.setState('stopped');
    await this.stream.stop();
  }

  private async handleOpen(): Promise<void> {
    if (this.everConnected) this.options.metrics.ariReconnects.inc();
    this.everConnected = true;
    this.log.info(
      { app: this.options.app, reconnects: this.currentStatus.reconnects },
      'ARI event websocket open; reconciling',
    );
    for (const handler of this.connectedHandlers) {
      try {
        await handler();
      } catch (err) {
        this.log.error({ err }, 'reconciliation after ARI connect failed');
      }
    }
    if (this.currentStatus.state === 'stopped' || this.currentStatus.state === 'replaced') return;
    this.setState('connected');
    this.options.metrics.ariConnected.set(1);
  }

  private handleClose(reason: string): void {
    if (this.currentStatus.state === 'stopped') return;
    this.options.metrics.ariConnected.set(0);
    if (this.currentStatus.state === 'connected') {
      this.currentStatus.reconnects += 1;
      this.log.warn({ reason }, 'ARI event websocket lost; reconnecting');
    }
    this.currentStatus.lastError = `websocket closed (${reason})`;
    this.setState('disconnected');
  }

  /**
   * Two consumers of one app steal each other's events. Reconnecting would start a tug of war, so
   * the daemon stays out, says so in /readyz and the log, and waits to be restarted or stopped.
   */
  private replaced(): void {
    this.currentStatus.lastError = `another process took over Stasis app "${this.options.app}"; this daemon receives no calls (run one daemon per app name)`;
    this.log.error({ app: this.options.app }, this.currentStatus.lastError);
    this.options.metrics.ariConnected.set(0);
    this.setState('replaced');
  }

  private setState(state: AriState): void {
    if (this.currentStatus.state === state) return;
    this.currentStatus = { ...this.currentStatus, state, since: new Date() };
  }

  private dispatch(event: AriEvent): void {
    if (event.type === 'ApplicationReplaced') {
      this.replaced();
      return;
    }
    const started = process.hrtime.bigint();
    if (this.log.isLevelEnabled('trace')) this.log.trace({ event }, 'ARI event');
    for (const handler of this.eventHandlers) {
      try {
        handler(event);
      } catch (err) {
        this.log.error({ err, type: event.type }, 'ARI event handler threw');
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.metrics.ariEventSeconds.observe({ type: event.type }, seconds);
  }
}
