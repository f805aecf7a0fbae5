import type { RawData } from 'ws';
import type { Router } from '../acd/engine/router.js';
import type { AgentTransition } from '../acd/engine/types.js';
import type { Logger } from '../infra/logger.js';
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
} from './messages.js';

export interface SupervisorFeedDeps {
  router: Pick<Router, 'stats' | 'allStats'>;
  directory: AgentDirectory;
  clock: () => Date;
  log: Logger;
  /** At most one `queue` message per queue per this many milliseconds. */
  queueIntervalMs: number;
}

/**
 * Everything supervisors watch: a snapshot on connect, then every agent transition as it happens
 * and queue statistics as they change. A busy queue changes many times a second (every caller in,
 * every offer, every answer): its stats go out at once, then at most once per interval, always
 * ending on the latest figures.
 */
export class SupervisorFeed {
  private readonly clients = new Set<ClientSocket>();
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: SupervisorFeedDeps) {}

  get size(): number {
    return this.clients.size;
  }

  add(client: ClientSocket): void {
    this.clients.add(client);
    const now = this.deps.clock();
    client.send(
      message<SnapshotMessage>('snapshot', now, {
        queues: this.deps.router.allStats(now),
        agents: this.deps.directory.all(),
      }),
    );
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
    if (this.clients.size === 0) return;
    this.broadcast(
      message<AgentMessage>('agent', this.deps.clock(), {
        agentId: t.agentId,
        name: this.deps.directory.name(t.agentId),
        from: t.from,
        to: t.to,
        since: new Date(t.at).toISOString(),
        ...(t.reason !== undefined ? { reason: t.reason } : {}),
      }),
    );
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
      try {
        this.sendQueue(queueId);
      } catch (err) {
        this.deps.log.error({ err, queueId }, 'could not send queue statistics to supervisors');
      }
    }, this.deps.queueIntervalMs - waited);
    timer.unref();
    this.pending.set(queueId, timer);
  }

  stop(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.clients.clear();
  }

  private sendQueue(queueId: string): void {
    this.lastSent.set(queueId, performance.now());
    const now = this.deps.clock();
    const stats = this.deps.router.stats(queueId, now);
    if (stats) this.broadcast(message<QueueMessage>('queue', now, { queue: stats }));
  }

  private broadcast(msg: AgentMessage | QueueMessage): void {
    for (const client of this.clients) client.send(msg);
  }
}
