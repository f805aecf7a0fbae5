import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Router } from '../acd/engine/router.js';
import { acdQueues, agentStateLog } from '../acd/schema.js';
import type { ReportSettings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import { startOfDay } from './day.js';
import {
  type AgentToday,
  agentToday,
  pastThresholdMs,
  type QueueDayCounts,
  type QueueToday,
  queueToday,
  type StateRow,
} from './today-figures.js';

export interface TodayDeps {
  db: Db;
  router: Pick<Router, 'getQueue' | 'waitingCalls'>;
  reports: Pick<ReportSettings, 'timeZone' | 'shortAbandonSeconds'>;
}

/** A queue's threshold when the router does not have it yet (before the ACD loads on the first ARI connect). */
const FALLBACK_SERVICE_LEVEL_SECONDS = 20;

/**
 * Today's figures read from what the ACD stores (queue_entries, agent_state_log) plus the callers
 * waiting now. Counting happens in SQLite, so a busy day costs one indexed range scan per queue.
 */
export class TodayFigures {
  constructor(private readonly deps: TodayDeps) {}

  dayStart(now: Date): Date {
    return startOfDay(now, this.deps.reports.timeZone);
  }

  queue(queueId: string, now: Date, dayStart = this.dayStart(now)): QueueToday {
    const serviceLevelSeconds = this.serviceLevelSeconds(queueId);
    const slMs = serviceLevelSeconds * 1000;
    const shortMs = this.deps.reports.shortAbandonSeconds * 1000;
    const counts = this.deps.db.get<QueueDayCounts>(sql`
      select
        count(*) as offered,
        coalesce(sum(left_at is not null), 0) as finished,
        coalesce(sum(outcome = 'answered'), 0) as answered,
        coalesce(sum(outcome = 'answered' and left_at - enqueued_at <= ${slMs}), 0) as answeredWithinThreshold,
        coalesce(sum(outcome = 'abandoned' and left_at - enqueued_at >= ${shortMs}), 0) as abandoned,
        coalesce(sum(outcome = 'abandoned' and left_at - enqueued_at < ${shortMs}), 0) as shortAbandoned,
        coalesce(sum(outcome in ('overflow', 'removed') and left_at - enqueued_at <= ${slMs}), 0) as leftUnansweredInTime
      from queue_entries
      where queue_id = ${queueId} and enqueued_at >= ${dayStart.getTime()}`);
    const lateMs = pastThresholdMs(serviceLevelSeconds, this.deps.reports.shortAbandonSeconds);
    const start = dayStart.getTime();
    const waitingLate = this.deps.router
      .waitingCalls(now, queueId)
      .filter((w) => w.call.enqueuedAt >= start && w.waitedMs > lateMs).length;
    return queueToday(counts, waitingLate, dayStart, serviceLevelSeconds);
  }

  agent(agentId: string, now: Date, dayStart = this.dayStart(now)): AgentToday {
    const columns = { toState: agentStateLog.toState, at: agentStateLog.at };
    const before = this.deps.db
      .select(columns)
      .from(agentStateLog)
      .where(and(eq(agentStateLog.agentId, agentId), lt(agentStateLog.at, dayStart)))
      .orderBy(desc(agentStateLog.at), desc(agentStateLog.id))
      .limit(1)
      .get();
    const today = this.deps.db
      .select(columns)
      .from(agentStateLog)
      .where(and(eq(agentStateLog.agentId, agentId), gte(agentStateLog.at, dayStart)))
      .orderBy(asc(agentStateLog.at), asc(agentStateLog.id))
      .all();
    const rows: StateRow[] = [...(before ? [before] : []), ...today].map((r) => ({
      toState: r.toState,
      at: r.at.getTime(),
    }));
    return agentToday(rows, dayStart);
  }

  private serviceLevelSeconds(queueId: string): number {
    const live = this.deps.router.getQueue(queueId)?.serviceLevelSeconds;
    if (live !== undefined) return live;
    const row = this.deps.db
      .select({ config: acdQueues.config })
      .from(acdQueues)
      .where(eq(acdQueues.id, queueId))
      .get();
    return row?.config.serviceLevelSeconds ?? FALLBACK_SERVICE_LEVEL_SECONDS;
  }
}
