import type { RawData } from 'ws';
import type { AgentTransition } from '../acd/engine/types.js';
import type { Principal } from '../auth/access.js';
import { type AccessScope, accessScope, seesQueue } from '../auth/scope.js';
import { onScopeChanged } from '../auth/scope-changes.js';
import type { ReportSettings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { onThresholdsSaved } from '../wallboard/threshold-store.js';
import type { AgentDirectory } from './agent-directory.js';
import type { ClientSocket } from './client-socket.js';
import { parseInbound } from './inbound.js';
import {
  type AgentMessage,
  type ErrorMessage,
  message,
  type PongMessage,
  type QueueMessage,
  type SnapshotMessage,
  type ThresholdsMessage,
} from './messages.js';
import {
  agentInScope,
  SupervisorViews,
  thresholdsInScope,
  type ViewRouter,
  visibleSet,
} from './supervisor-views.js';

export interface SupervisorFeedDeps {
  router: ViewRouter;
  directory: AgentDirectory;
  db: Db;
  reports: Pick<ReportSettings, 'timeZone' | 'shortAbandonSeconds'>;
  clock: () => Date;
  log: Logger;
  /** At most one `queue` message per queue per this many milliseconds. */
  queueIntervalMs: number;
  /**
   * How often scopes, thresholds and the day are looked at again, for what no save in this
   * process announced (writes from elsewhere, midnight, callers waiting past the threshold).
   */
  refreshIntervalMs: number;
}

/** One open supervisor socket and what its holder may see. */
interface Watcher {
  principal: Principal;
  scope: AccessScope;
  /** visibleSet() when the last snapshot went out. */
  visible: string;
}

/**
 * Everything supervisors watch: a snapshot on connect, then every agent transition as it happens
 * and queue statistics as they change, each limited to the watcher's queues (admins see all; a
 * supervisor their queues and the agents who are members of them). A busy queue changes many
 * times a second: its stats go out at once, then at most once per interval, always ending on
 * the latest figures.
 */
export class SupervisorFeed {
  private readonly clients = new Map<ClientSocket, Watcher>();
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly views: SupervisorViews;
  private readonly refreshTimer: NodeJS.Timeout;
  private readonly offThresholds: () => void;
  private readonly offScopes: () => void;
  private day: number;
  private thresholdsVersion: number;

  constructor(private readonly deps: SupervisorFeedDeps) {
    this.views = new SupervisorViews(deps);
    this.day = this.views.dayStart(deps.clock());
    this.thresholdsVersion = this.views.thresholdsVersion();
    this.refreshTimer = setInterval(
      () => this.guarded('refresh', () => this.refresh()),
      deps.refreshIntervalMs,
    );
    this.refreshTimer.unref();
    this.offThresholds = onThresholdsSaved(deps.db, () =>
      this.guarded('thresholds', () => this.pushThresholds()),
    );
    this.offScopes = onScopeChanged(deps.db, () => this.guarded('scopes', () => this.rescope()));
  }

  get size(): number {
    return this.clients.size;
  }

  add(client: ClientSocket, principal: Principal): void {
    const watcher: Watcher = { principal, scope: accessScope(this.deps.db, principal), visible: '' };
    this.clients.set(client, watcher);
    this.sendSnapshot(client, watcher);
  }

  remove(client: ClientSocket): void {
    this.clients.delete(client);
  }

  received(client: ClientSocket, data: RawData, isBinary: boolean): void {
    const parsed = parseInbound(data, isBinary);
    const now = this.deps.clock();
    if (parsed.ok && parsed.message.type === 'ping') {
      const id = parsed.message.id;
      client.send(message<PongMessage>('pong', now, id !== undefined ? { replyTo: id } : {}));
      return;
    }
    const replyTo = parsed.ok ? parsed.message.id : parsed.replyTo;
    client.send(
      message<ErrorMessage>('error', now, {
        code: parsed.ok ? 'unknown-type' : parsed.code,
        message: parsed.ok
          ? `the supervisor socket only watches: it takes ping, not ${parsed.message.type}`
          : parsed.message,
        ...(replyTo !== undefined ? { replyTo } : {}),
      }),
    );
  }

  agentChanged(t: AgentTransition): void {
    this.views.transitioned(t);
    if (this.clients.size === 0) return;
    const now = this.deps.clock();
    const body = this.views.agentMessage(t, now);
    for (const [client, watcher] of this.clients) {
      const visible = agentInScope(watcher.scope, t.agentId, body);
      if (visible) client.send(message<AgentMessage>('agent', now, visible));
    }
    // Agents by state are part of each of their queues' statistics.
    for (const queueId of this.deps.directory.queuesOf(t.agentId)) this.queueChanged(queueId);
  }

  queueChanged(queueId: string): void {
    if (this.clients.size === 0 || this.pending.has(queueId)) return;
    const waited = performance.now() - (this.lastSent.get(queueId) ?? Number.NEGATIVE_INFINITY);
    if (waited >= this.deps.queueIntervalMs) {
      this.sendQueue(queueId);
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(queueId);
      this.guarded(`queue statistics of ${queueId}`, () => this.sendQueue(queueId));
    }, this.deps.queueIntervalMs - waited);
    timer.unref();
    this.pending.set(queueId, timer);
  }

  stop(): void {
    clearInterval(this.refreshTimer);
    this.offThresholds();
    this.offScopes();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.clients.clear();
  }

  private sendSnapshot(client: ClientSocket, watcher: Watcher): void {
    const now = this.deps.clock();
    const { scope } = watcher;
    const agents = this.views.agents(now);
    const queues = this.views.queues(now).filter((q) => seesQueue(scope, q.queueId));
    watcher.visible = visibleSet(
      scope,
      queues.map((q) => q.queueId),
      agents,
    );
    client.send(
      message<SnapshotMessage>('snapshot', now, {
        queues,
        agents: agents.flatMap((a) => agentInScope(scope, a.id, a) ?? []),
        thresholds: thresholdsInScope(this.views.thresholds(), scope),
      }),
    );
  }

  private sendQueue(queueId: string): void {
    this.lastSent.set(queueId, performance.now());
    const now = this.deps.clock();
    const queue = this.views.queue(queueId, now);
    if (!queue) return;
    const msg = message<QueueMessage>('queue', now, { queue });
    for (const [client, watcher] of this.clients) if (seesQueue(watcher.scope, queueId)) client.send(msg);
  }

  /**
   * The slow loop: a new day (fresh snapshots), new thresholds (pushed), a watcher whose view
   * changed (their queues were reassigned, an agent joined or left one: a fresh snapshot), and
   * busy queues again, since a caller waiting past the threshold moves the service level.
   */
  private refresh(): void {
    if (this.clients.size === 0) return;
    const now = this.deps.clock();
    const day = this.views.dayStart(now);
    if (day !== this.day) {
      this.day = day;
      for (const [client, watcher] of this.clients) this.sendSnapshot(client, watcher);
      return;
    }
    this.pushThresholds();
    this.rescope();
    for (const q of this.deps.router.allStats(now))
      if (q.waiting + q.offered > 0) this.queueChanged(q.queueId);
  }

  /**
   * Reads every watcher's queues again; one whose view changed (their queues were reassigned, an
   * agent joined or left one of them) gets a fresh snapshot, so what they lost stops at once.
   */
  private rescope(): void {
    if (this.clients.size === 0) return;
    const queueIds = this.deps.router.allStats(this.deps.clock()).map((q) => q.queueId);
    const agents = this.deps.directory.all();
    for (const [client, watcher] of this.clients) {
      watcher.scope = accessScope(this.deps.db, watcher.principal);
      if (visibleSet(watcher.scope, queueIds, agents) !== watcher.visible) this.sendSnapshot(client, watcher);
    }
  }

  /** New thresholds (a save here, or one the slow loop noticed) go to every watcher, scoped. */
  private pushThresholds(): void {
    const version = this.views.thresholdsVersion();
    if (version === this.thresholdsVersion || this.clients.size === 0) return;
    this.thresholdsVersion = version;
    const now = this.deps.clock();
    const all = this.views.thresholds();
    for (const [client, watcher] of this.clients)
      client.send(
        message<ThresholdsMessage>('thresholds', now, { thresholds: thresholdsInScope(all, watcher.scope) }),
      );
  }

  private guarded(what: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.deps.log.error({ err }, `supervisor feed: ${what} failed`);
    }
  }
}
