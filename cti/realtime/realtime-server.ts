import { once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Gauge } from 'prom-client';
import { type WebSocket, WebSocketServer } from 'ws';
import { AcdAdmin } from '../acd/acd-admin.js';
import type { AcdEventMap } from '../acd/call/acd-events.js';
import type { Principal } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import type { Logger } from '../infra/logger.js';
import { AgentConnection } from './agent-connection.js';
import { AgentDirectory } from './agent-directory.js';
import { AgentFanout } from './agent-fanout.js';
import { CLOSE_SESSION_ENDED, ClientSocket } from './client-socket.js';
import { type ErrorMessage, message, SUBPROTOCOL } from './messages.js';
import { refuseUpgrade as refuse } from './refuse.js';
import { ScreenPops } from './screen-pop.js';
import { AGENT_PATH, SocketAuth, type SocketGrant, SUPERVISOR_PATH } from './socket-auth.js';
import { SupervisorFeed } from './supervisor-feed.js';

export interface RealtimeOptions {
  /** Every socket is pinged this often; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Bytes waiting to go out to one client before it counts as too slow and is dropped. */
  maxBufferedBytes: number;
  /** At most one `queue` message per queue in this window. */
  queueIntervalMs: number;
  /** How often supervisors' scopes, the wallboard thresholds and the day are checked again. */
  supervisorRefreshMs: number;
  /** Largest frame a client may send; bigger ones close the socket (1009). */
  maxPayloadBytes: number;
  /** On shutdown, how long clients get to answer the close frame before their sockets are cut. */
  closeGraceMs: number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  pingIntervalMs: 30_000,
  maxBufferedBytes: 1024 * 1024,
  queueIntervalMs: 200,
  supervisorRefreshMs: 5_000,
  maxPayloadBytes: 16 * 1024,
  closeGraceMs: 1_000,
};

type RealtimeDeps = Pick<
  AppDeps,
  'db' | 'clock' | 'settings' | 'audit' | 'acd' | 'callLog' | 'logger' | 'metrics'
>;

/**
 * The agent and supervisor websockets on the daemon's HTTP server. Upgrades are decided before
 * any websocket exists (401/403 with a JSON body), then each socket is fed from the ACD's events.
 * Nothing here may throw into the ACD: its events are emitted in the middle of routing a call.
 */
export class RealtimeServer {
  private readonly options: RealtimeOptions;
  private readonly log: Logger;
  private readonly wss: WebSocketServer;
  private readonly auth: SocketAuth;
  private readonly directory: AgentDirectory;
  private readonly agents: AgentFanout;
  private readonly feed: SupervisorFeed;
  private readonly admin: AcdAdmin;
  private readonly clients = new Map<ClientSocket, SocketGrant>();
  private readonly unsubscribe: Array<() => void> = [];
  private server: Server | null = null;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private nextSocketId = 1;

  constructor(
    private readonly deps: RealtimeDeps,
    options: Partial<RealtimeOptions> = {},
  ) {
    this.options = { ...DEFAULT_REALTIME_OPTIONS, ...options };
    this.log = deps.logger.child({ component: 'realtime' });
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.options.maxPayloadBytes,
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    this.auth = new SocketAuth(deps);
    this.directory = new AgentDirectory(deps.db, deps.acd.router);
    const pops = new ScreenPops({
      db: deps.db,
      clock: deps.clock,
      callLog: deps.callLog,
      router: deps.acd.router,
    });
    this.agents = new AgentFanout(pops, deps.acd.router, this.log);
    this.feed = new SupervisorFeed({
      router: deps.acd.router,
      directory: this.directory,
      db: deps.db,
      reports: deps.settings.reports,
      clock: deps.clock,
      log: this.log,
      queueIntervalMs: this.options.queueIntervalMs,
      refreshIntervalMs: this.options.supervisorRefreshMs,
    });
    this.admin = new AcdAdmin(deps.db, deps.acd, deps.clock);
    this.subscribe();
    this.registerMetrics();
  }

  /** Takes over `upgrade` on the server for /ws/agent and /ws/supervisor. */
  attach(server: Server): void {
    if (this.server) throw new Error('the realtime server is already attached to an HTTP server');
    this.server = server;
    server.on('upgrade', this.onUpgrade);
    this.keepAliveTimer = setInterval(() => this.keepAlive(), this.options.pingIntervalMs);
    this.keepAliveTimer.unref();
  }

  get connections(): { agents: number; supervisors: number } {
    return { agents: this.clients.size - this.feed.size, supervisors: this.feed.size };
  }

  /** Closes every socket (1001, so clients reconnect to the next daemon) and stops listening to the ACD. */
  close(reason: string): Promise<void> {
    this.closing ??= this.closeAll(reason);
    return this.closing;
  }

  private async closeAll(reason: string): Promise<void> {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    for (const off of this.unsubscribe.splice(0)) off();
    const open = [...this.clients.keys()];
    if (open.length > 0) this.log.info({ sockets: open.length, reason }, 'closing websockets');
    // once() rejects on an 'error' before 'close': a socket that errors is as good as closed here.
    const closed = open.map((client) =>
      client.open ? once(client.ws as WebSocket, 'close').catch(() => undefined) : null,
    );
    for (const client of open) client.close(1001, reason.slice(0, 120));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closed),
      new Promise((resolve) => {
        grace = setTimeout(resolve, this.options.closeGraceMs);
      }),
    ]);
    clearTimeout(grace);
    for (const client of this.clients.keys()) client.terminate();
    this.feed.stop();
    this.server?.off('upgrade', this.onUpgrade);
    this.wss.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (err) => this.log.debug({ err }, 'upgrade socket error'));
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://switchboard.invalid');
    } catch {
      refuse(socket, { status: 400, error: 'bad_request', message: 'the request target is not a URL' });
      return;
    }
    if (url.pathname !== AGENT_PATH && url.pathname !== SUPERVISOR_PATH) {
      // Another part of the daemon may serve its own websockets some day: answer only when nobody else can.
      if ((this.server?.listenerCount('upgrade') ?? 0) <= 1)
        refuse(socket, { status: 404, error: 'not_found', message: `no websocket at ${url.pathname}` });
      return;
    }
    if (this.closing) {
      refuse(socket, {
        status: 503,
        error: 'unavailable',
        message: 'the daemon is stopping; reconnect shortly',
      });
      return;
    }
    const remote = request.socket.remoteAddress;
    let decision: ReturnType<SocketAuth['decide']>;
    try {
      decision = this.auth.decide(request, url);
    } catch (err) {
      this.log.error({ err, path: url.pathname }, 'deciding a websocket upgrade failed');
      refuse(socket, { status: 500, error: 'internal', message: 'internal error; see the daemon log' });
      return;
    }
    if (!decision.ok) {
      // The path only: the query may hold a token.
      this.log.info(
        { path: url.pathname, status: decision.refusal.status, remote, why: decision.refusal.message },
        'websocket refused',
      );
      refuse(socket, decision.refusal);
      return;
    }
    const { grant } = decision;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, grant, remote));
  };

  private accept(ws: WebSocket, grant: SocketGrant, remote: string | undefined): void {
    const { principal, channel } = grant;
    const log = this.log.child({
      socket: this.nextSocketId++,
      who: `${principal.kind === 'user' ? 'user' : 'api key'} ${principal.name}`,
      ...(channel.kind === 'agent' ? { agentId: channel.agentId } : { channel: 'supervisor' }),
    });
    const client = new ClientSocket(ws, log, this.options.maxBufferedBytes);
    this.clients.set(client, grant);
    ws.on('pong', () => client.pong());
    ws.on('error', (err) => log.info({ err: err.message }, 'websocket error'));
    if (channel.kind === 'agent') this.acceptAgent(ws, client, channel.agentId);
    else this.acceptSupervisor(ws, client, principal);
    log.info({ remote, role: principal.role }, 'websocket open');
  }

  private acceptAgent(ws: WebSocket, client: ClientSocket, agentId: string): void {
    const connection = new AgentConnection(agentId, client, {
      admin: this.admin,
      directory: this.directory,
      clock: this.deps.clock,
    });
    ws.on('message', (data, isBinary) => this.guard(client, () => connection.received(data, isBinary)));
    ws.on('close', (code: number) => {
      this.clients.delete(client);
      this.agents.remove(connection);
      client.log.info({ code }, 'websocket closed');
    });
    this.agents.add(connection);
  }

  private acceptSupervisor(ws: WebSocket, client: ClientSocket, principal: Principal): void {
    ws.on('message', (data, isBinary) =>
      this.guard(client, () => this.feed.received(client, data, isBinary)),
    );
    ws.on('close', (code: number) => {
      this.clients.delete(client);
      this.feed.remove(client);
      client.log.info({ code }, 'websocket closed');
    });
    this.feed.add(client, principal);
  }

  /** Whatever a client sends, the socket stays up and the daemon keeps running. */
  private guard(client: ClientSocket, handle: () => void): void {
    try {
      handle();
    } catch (err) {
      client.log.error({ err }, 'handling a websocket message failed');
      client.send(
        message<ErrorMessage>('error', this.deps.clock(), {
          code: 'internal',
          message: 'internal error; see the daemon log',
        }),
      );
    }
  }

  private subscribe(): void {
    const events = this.deps.acd.events;
    const on = <K extends keyof AcdEventMap>(name: K, handle: (...args: AcdEventMap[K]) => void) => {
      const listener = (...args: AcdEventMap[K]) => {
        try {
          handle(...args);
        } catch (err) {
          this.log.error({ err, event: name }, 'realtime could not pass on an ACD event');
        }
      };
      // biome-ignore lint/suspicious/noExplicitAny: EventEmitter's typed overloads do not accept a generic key.
      events.on(name, listener as any);
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      this.unsubscribe.push(() => events.off(name, listener as any));
    };
    on('offer', (event) => this.agents.offered(event));
    on('answered', (event) => this.agents.answered(event));
    on('ended', (event) => this.agents.ended(event));
    on('agentState', (transition) => {
      this.agents.transition(transition);
      this.feed.agentChanged(transition);
    });
    on('queueChanged', ({ queueId }) => this.feed.queueChanged(queueId));
  }

  /** One keep-alive round for every socket; a session that ended (logout, disabled user) ends its sockets. */
  private keepAlive(): void {
    for (const [client, grant] of this.clients) {
      try {
        if (!grant.stillValid()) {
          client.log.info('credential no longer valid: closing the websocket');
          client.close(CLOSE_SESSION_ENDED, 'session ended: log in again');
          continue;
        }
        client.keepAlive();
      } catch (err) {
        client.log.error({ err }, 'websocket keep-alive failed');
      }
    }
  }

  private registerMetrics(): void {
    const registry = this.deps.metrics.registry;
    if (registry.getSingleMetric('switchboard_websockets_open')) return;
    const connections = () => this.connections;
    new Gauge({
      name: 'switchboard_websockets_open',
      help: 'Agent and supervisor websockets open now',
      labelNames: ['channel'],
      registers: [registry],
      collect() {
        const now = connections();
        this.set({ channel: 'agent' }, now.agents);
        this.set({ channel: 'supervisor' }, now.supervisors);
      },
    });
  }
}
