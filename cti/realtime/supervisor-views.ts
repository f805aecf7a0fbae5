import type { Router } from '../acd/engine/router.js';
import type { AgentTransition } from '../acd/engine/types.js';
import { type AccessScope, seesAgent, seesQueue } from '../auth/scope.js';
import type { ReportSettings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import { type CurrentCallView, currentCallOf } from '../wallboard/current-call.js';
import { ThresholdStore } from '../wallboard/threshold-store.js';
import { type Thresholds, thresholdsFor } from '../wallboard/thresholds.js';
import type { AgentToday } from '../wallboard/today-figures.js';
import { TodayFigures } from '../wallboard/today-store.js';
import type { AgentDirectory } from './agent-directory.js';
import type { AgentMessage, AgentView, QueueView } from './messages.js';

export type ViewRouter = Pick<
  Router,
  'stats' | 'allStats' | 'getAgent' | 'getCall' | 'liveOffers' | 'getQueue' | 'waitingCalls'
>;

export interface SupervisorViewDeps {
  router: ViewRouter;
  directory: AgentDirectory;
  db: Db;
  reports: Pick<ReportSettings, 'timeZone' | 'shortAbandonSeconds'>;
}

type AgentBody = Omit<AgentMessage, 'v' | 'type' | 'at'>;

/**
 * What the supervisor socket shows of queues and agents: the router's live statistics with
 * today's figures, each agent with their current call and day. An agent's day is read again only
 * when it changes (a call or a wrap-up ends) and at midnight.
 */
export class SupervisorViews {
  private readonly today: TodayFigures;
  private readonly thresholdStore: ThresholdStore;
  private readonly agentDays = new Map<string, AgentToday>();
  private day = 0;

  constructor(private readonly deps: SupervisorViewDeps) {
    this.today = new TodayFigures(deps);
    this.thresholdStore = new ThresholdStore(deps.db, () => new Date());
  }

  /** Midnight (epoch ms) of the day `now` is in: the feed sends fresh snapshots when it moves. */
  dayStart(now: Date): number {
    return this.today.dayStart(now).getTime();
  }

  /** Drops the cached figures of a day that is over. */
  private rollOver(now: Date): void {
    const start = this.dayStart(now);
    if (start === this.day) return;
    this.day = start;
    this.agentDays.clear();
  }

  queues(now: Date): QueueView[] {
    this.rollOver(now);
    const dayStart = new Date(this.day);
    return this.deps.router
      .allStats(now)
      .map((stats) => ({ ...stats, today: this.today.queue(stats.queueId, now, dayStart) }));
  }

  queue(queueId: string, now: Date): QueueView | undefined {
    const stats = this.deps.router.stats(queueId, now);
    if (!stats) return undefined;
    this.rollOver(now);
    return { ...stats, today: this.today.queue(queueId, now, new Date(this.day)) };
  }

  agents(now: Date): AgentView[] {
    return this.deps.directory
      .all()
      .map((agent) => ({ ...agent, call: this.callOf(agent.id), today: this.agentDay(agent.id, now) }));
  }

  /** Every transition, watched or not: the agent's day is read again once a call or a wrap-up ended. */
  transitioned(t: AgentTransition): void {
    if (t.from === 'on-call' || t.from === 'wrap-up') this.agentDays.delete(t.agentId);
  }

  /** The `agent` message body for a transition. */
  agentMessage(t: AgentTransition, now: Date): AgentBody {
    return {
      agentId: t.agentId,
      name: this.deps.directory.name(t.agentId),
      from: t.from,
      to: t.to,
      since: new Date(t.at).toISOString(),
      ...(t.reason !== undefined ? { reason: t.reason } : {}),
      queues: [...(this.deps.directory.view(t.agentId)?.queues ?? [])],
      call: this.callOf(t.agentId),
      today: this.agentDay(t.agentId, now),
    };
  }

  thresholds(): Thresholds {
    return this.thresholdStore.get().thresholds;
  }

  thresholdsVersion(): number {
    return this.thresholdStore.version();
  }

  private callOf(agentId: string): CurrentCallView | null {
    const live = this.deps.router.getAgent(agentId);
    return live ? currentCallOf(live, this.deps.router, this.deps.db) : null;
  }

  private agentDay(agentId: string, now: Date): AgentToday {
    this.rollOver(now);
    let figures = this.agentDays.get(agentId);
    if (!figures) {
      figures = this.today.agent(agentId, now, new Date(this.day));
      this.agentDays.set(agentId, figures);
    }
    return figures;
  }
}

/**
 * An agent (view or message) as a watcher with this scope may see it: null when the agent is in
 * none of their queues; otherwise only their queues are listed, and a call from a queue they do
 * not supervise shows as null.
 */
export function agentInScope<T extends { queues?: readonly string[]; call?: CurrentCallView | null }>(
  scope: AccessScope,
  agentId: string,
  item: T,
): T | null {
  if (scope.kind === 'all') return item;
  const queues = item.queues ?? [];
  if (!seesAgent(scope, { id: agentId, queues })) return null;
  const call = item.call && !seesQueue(scope, item.call.queueId) ? { call: null } : {};
  return { ...item, queues: queues.filter((q) => seesQueue(scope, q)), ...call };
}

export function thresholdsInScope(all: Thresholds, scope: AccessScope): Thresholds {
  return thresholdsFor(all, (queueId) => seesQueue(scope, queueId));
}

/** What a watcher can see, as one string: when it changes, the watcher gets a fresh snapshot. */
export function visibleSet(
  scope: AccessScope,
  queueIds: readonly string[],
  agents: readonly AgentView[],
): string {
  const queues = queueIds.filter((q) => seesQueue(scope, q)).sort();
  const seen = agents
    .map((a) => agentInScope(scope, a.id, a))
    .filter((a): a is AgentView => a !== null)
    .map((a) => `${a.id}:${a.queues.join(',')}`)
    .sort();
  return `${queues.join(',')}|${seen.join(';')}`;
}
