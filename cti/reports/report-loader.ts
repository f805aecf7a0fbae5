import { and, asc, desc, eq, gt, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { acdOffers, acdQueues, agentStateLog, agents, queueEntries } from '../acd/schema.js';
import { calls } from '../calls/schema.js';
import type { Db } from '../infra/db/client.js';
import type { AgentInfo, CallStart, EntryRow, OfferRow, QueueInfo, StateChange } from './report-rows.js';

/** SQLite allows a few thousand bound values per statement: long id lists go in slices. */
const SLICE = 500;

function slices<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += SLICE) out.push(list.slice(i, i + SLICE));
  return out;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/** Reads the stored ACD events a report needs, for one time range; computes nothing. */
export class ReportLoader {
  constructor(private readonly db: Db) {}

  queues(): QueueInfo[] {
    return this.db
      .select()
      .from(acdQueues)
      .orderBy(asc(acdQueues.id))
      .all()
      .map((q) => ({
        id: q.id,
        name: q.config.name,
        serviceLevelSeconds: q.config.serviceLevelSeconds,
        requiredSkills: (q.config.requiredSkills ?? []).map((s) => s.skill),
      }));
  }

  agents(): AgentInfo[] {
    return this.db
      .select()
      .from(agents)
      .orderBy(asc(agents.id))
      .all()
      .map((a) => ({ id: a.id, name: a.name, queues: a.queues, skills: Object.keys(a.skills) }));
  }

  /** Stays in these queues that began in [from, to). */
  entriesEnqueued(queueIds: readonly string[], from: number, to: number): EntryRow[] {
    return slices(queueIds).flatMap((ids) =>
      this.entries(
        and(
          inArray(queueEntries.queueId, ids),
          gte(queueEntries.enqueuedAt, new Date(from)),
          lt(queueEntries.enqueuedAt, new Date(to)),
        ),
      ),
    );
  }

  /** Stays these agents answered in [from, to), in these queues (undefined: any queue). */
  entriesAnswered(
    agentIds: readonly string[],
    queueIds: readonly string[] | undefined,
    from: number,
    to: number,
  ): EntryRow[] {
    const inQueues = queueIds === undefined ? undefined : new Set(queueIds);
    return slices(agentIds)
      .flatMap((ids) =>
        this.entries(
          and(
            eq(queueEntries.outcome, 'answered'),
            inArray(queueEntries.agentId, ids),
            gte(queueEntries.leftAt, new Date(from)),
            lt(queueEntries.leftAt, new Date(to)),
          ),
        ),
      )
      .filter((e) => inQueues === undefined || inQueues.has(e.queueId));
  }

  private entries(where: SQL | undefined): EntryRow[] {
    return this.db
      .select({ entry: queueEntries, callerNumber: calls.callerNumber, callStartedAt: calls.startedAt })
      .from(queueEntries)
      .innerJoin(calls, eq(calls.id, queueEntries.callId))
      .where(where)
      .orderBy(asc(queueEntries.enqueuedAt), asc(queueEntries.id))
      .all()
      .map(({ entry, callerNumber, callStartedAt }) => ({
        id: entry.id,
        callId: entry.callId,
        queueId: entry.queueId,
        skills: entry.skills.map((s) => s.skill),
        enqueuedAt: entry.enqueuedAt.getTime(),
        leftAt: ms(entry.leftAt),
        outcome: entry.outcome,
        agentId: entry.agentId,
        callerNumber,
        callStartedAt: callStartedAt.getTime(),
      }));
  }

  /** Offers to these agents made in [from, to), in these queues (undefined: any queue). */
  offers(
    agentIds: readonly string[],
    queueIds: readonly string[] | undefined,
    from: number,
    to: number,
  ): OfferRow[] {
    const inQueues = queueIds === undefined ? undefined : new Set(queueIds);
    return slices(agentIds)
      .flatMap((ids) =>
        this.db
          .select({
            agentId: acdOffers.agentId,
            queueId: acdOffers.queueId,
            offeredAt: acdOffers.offeredAt,
            outcome: acdOffers.outcome,
          })
          .from(acdOffers)
          .where(
            and(
              inArray(acdOffers.agentId, ids),
              gte(acdOffers.offeredAt, new Date(from)),
              lt(acdOffers.offeredAt, new Date(to)),
            ),
          )
          .all(),
      )
      .filter((o) => inQueues === undefined || inQueues.has(o.queueId))
      .map((o) => ({ ...o, offeredAt: o.offeredAt.getTime() }));
  }

  /**
   * Each agent's state changes in [from, until), preceded by their last change before `from` (the
   * state they were in when the range began), oldest first.
   */
  stateChanges(agentIds: readonly string[], from: number, until: number): StateChange[] {
    const row = (r: typeof agentStateLog.$inferSelect): StateChange => ({
      agentId: r.agentId,
      to: r.toState as StateChange['to'],
      reason: r.reason,
      at: r.at.getTime(),
    });
    const before = agentIds.flatMap((agentId) => {
      const last = this.db
        .select()
        .from(agentStateLog)
        .where(and(eq(agentStateLog.agentId, agentId), lt(agentStateLog.at, new Date(from))))
        .orderBy(desc(agentStateLog.at), desc(agentStateLog.id))
        .limit(1)
        .get();
      return last ? [row(last)] : [];
    });
    const within = slices(agentIds).flatMap((ids) =>
      this.db
        .select()
        .from(agentStateLog)
        .where(
          and(
            inArray(agentStateLog.agentId, ids),
            gte(agentStateLog.at, new Date(from)),
            lt(agentStateLog.at, new Date(until)),
          ),
        )
        .orderBy(asc(agentStateLog.at), asc(agentStateLog.id))
        .all()
        .map(row),
    );
    return [...before, ...within];
  }

  /** Calls from these numbers that started in (after, until]: the candidates for repeat calls. */
  callsFrom(numbers: readonly string[], after: number, until: number): CallStart[] {
    return this.callStarts(
      numbers,
      and(gt(calls.startedAt, new Date(after)), lte(calls.startedAt, new Date(until)))!,
    );
  }

  /**
   * Calls from these numbers that started in [from, until) and were answered in a queue: the
   * contacts a call may repeat (then it is not a first contact).
   */
  answeredCallsFrom(numbers: readonly string[], from: number, until: number): CallStart[] {
    return this.callStarts(
      numbers,
      and(
        gte(calls.startedAt, new Date(from)),
        lt(calls.startedAt, new Date(until)),
        sql`exists (select 1 from ${queueEntries} where ${queueEntries.callId} = ${calls.id} and ${queueEntries.outcome} = 'answered')`,
      )!,
    );
  }

  private callStarts(numbers: readonly string[], when: SQL): CallStart[] {
    return slices(numbers).flatMap((list) =>
      this.db
        .select({ callId: calls.id, callerNumber: calls.callerNumber, startedAt: calls.startedAt })
        .from(calls)
        .where(and(inArray(calls.callerNumber, list), when))
        .all()
        .map((c) => ({
          callId: c.callId,
          callerNumber: c.callerNumber ?? '',
          startedAt: c.startedAt.getTime(),
        })),
    );
  }

  /** Whether an agent has this skill, a queue requires it or a stored caller ever asked for it. */
  skillKnown(skill: string): boolean {
    const row = this.db.get<{ known: number }>(sql`select
      exists (select 1 from agents, json_each(agents.skills) s where s.key = ${skill})
      or exists (select 1 from acd_queues, json_each(acd_queues.config, '$.requiredSkills') s
                 where json_extract(s.value, '$.skill') = ${skill})
      or exists (select 1 from queue_entries, json_each(queue_entries.skills) s
                 where json_extract(s.value, '$.skill') = ${skill}) as known`);
    return row.known === 1;
  }
}
