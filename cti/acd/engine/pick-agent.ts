import type { AgentIndex } from './agent-index.js';
import type { CallBook, CallRecord } from './call-book.js';
import { effectivePriority, effectiveRequirements } from './call-rules.js';
import { compareRank, decidingRule, type RankEntry, rankWords } from './strategy.js';
import { COMPACT_TRACE_LIMIT, recentFailure, skillGap, skipReason, traceHeader } from './trace.js';
import type {
  AgentSnapshot,
  ConsideredAgent,
  DecisionTrace,
  QueueConfig,
  SkillRequirement,
  SkippedAgent,
} from './types.js';

/** 'indexed' reads the per-queue and per-skill indexes; 'linear-scan' looks at every agent (the baseline). */
export type DecisionMethod = 'indexed' | 'linear-scan';
/** 'compact' traces what the search looked at; 'full' gives every agent with its reason (costs a scan). */
export type TraceDetail = 'compact' | 'full';

/** Marks a full trace whose scan disagrees with the index (a bug the property tests look for). */
export const INDEX_MISMATCH = 'INDEX MISMATCH';

export interface Decision {
  winner?: AgentSnapshot;
  trace: DecisionTrace;
}

interface Search {
  best?: RankEntry;
  runnerUp?: RankEntry;
  eligible: number;
  examined: number;
  considered: ConsideredAgent[];
  skipped: SkippedAgent[];
  plan: string;
  ordered: boolean;
  /** Why nobody was found, should that be the outcome. */
  nobody: string;
}

/** The best agent for a caller at `now`, by the queue's strategy, with the trace of the decision. */
export function decide(
  index: AgentIndex,
  calls: CallBook,
  queue: QueueConfig,
  rec: CallRecord,
  now: number,
  method: DecisionMethod,
  detail: TraceDetail,
): Decision {
  const reqs = effectiveRequirements(queue, rec.call, now);
  const header = traceHeader(queue, rec, now, reqs, effectivePriority(queue, rec.call, now));
  const search =
    method === 'linear-scan'
      ? scanAll(index, calls, queue, rec, reqs.requirements, now, detail === 'full')
      : searchIndex(index, calls, queue, rec, reqs.requirements, now);
  let shown = search;
  if (method === 'indexed' && detail === 'full') {
    shown = scanAll(index, calls, queue, rec, reqs.requirements, now, true);
    // cannot happen while the indexes are right; said in the trace rather than thrown mid-match
    if (shown.best?.agentId !== search.best?.agentId) {
      shown.plan += ` ${INDEX_MISMATCH}: the index chose ${search.best?.agentId}, the scan ${shown.best?.agentId}`;
    }
  }
  const winner = search.best === undefined ? undefined : index.get(search.best.agentId);
  const rule =
    search.best === undefined
      ? `nobody: ${shown.nobody}`
      : search.ordered && shown === search
        ? `${queue.strategy}: first eligible in ${queue.strategy} order`
        : `${decidingRule(queue.strategy, search.best, shown.runnerUp ?? search.runnerUp)} among ${shown.eligible} eligible`;
  const trace: DecisionTrace = {
    ...header,
    plan: shown.plan,
    considered: shown.considered,
    skipped: shown.skipped,
    notExamined: index.agents.size - shown.examined,
    ...(winner ? { winner: winner.id } : {}),
    rule,
  };
  return winner ? { winner, trace } : { trace };
}

const NO_FIT = 'no available member meets the requirements';

function newSearch(plan: string, ordered: boolean, nobody = NO_FIT): Search {
  return { eligible: 0, examined: 0, considered: [], skipped: [], plan, ordered, nobody };
}

/** Keeps the best two entries; the second explains what decided the first. */
function offerEntry(s: Search, e: RankEntry): void {
  s.eligible += 1;
  if (s.best === undefined || compareRank(e, s.best) < 0) {
    s.runnerUp = s.best;
    s.best = e;
  } else if (s.runnerUp === undefined || compareRank(e, s.runnerUp) < 0) {
    s.runnerUp = e;
  }
}

function skip(s: Search, skipped: SkippedAgent, limit: number): void {
  if (s.skipped.length < limit) s.skipped.push(skipped);
}

function meets(agent: AgentSnapshot, reqs: readonly SkillRequirement[]): boolean {
  for (const r of reqs) if ((agent.skills[r.skill] ?? 0) < r.minLevel) return false;
  return true;
}

/** Every agent: the polling baseline, and (keeping every reason) the full trace. */
function scanAll(
  index: AgentIndex,
  calls: CallBook,
  queue: QueueConfig,
  rec: CallRecord,
  reqs: readonly SkillRequirement[],
  now: number,
  keepLists: boolean,
): Search {
  const s = newSearch(`linear scan of all ${index.agents.size} agents`, false);
  const eligible: RankEntry[] = [];
  let availableMembers = 0;
  for (const agent of index.agents.values()) {
    s.examined += 1;
    if (!keepLists) {
      // the baseline's hot loop: a plain check, no reason objects
      if (agent.state !== 'available' || !agent.queues.includes(queue.id)) continue;
      availableMembers += 1;
      if (!meets(agent, reqs) || calls.excludedUntil(rec, agent.id, now) !== undefined) continue;
      offerEntry(s, index.rankOf(queue, agent));
      continue;
    }
    const why = skipReason(agent, queue.id, reqs, calls.excludedUntil(rec, agent.id, now));
    if (why === undefined || !['not-member', 'state', 'reserved'].includes(why.kind)) availableMembers += 1;
    if (why !== undefined) {
      s.skipped.push(why);
      continue;
    }
    const e = index.rankOf(queue, agent);
    offerEntry(s, e);
    eligible.push(e);
  }
  if (availableMembers === 0) s.nobody = 'no available member of the queue';
  if (keepLists) {
    eligible.sort(compareRank);
    s.considered = eligible.map((e) => ({ agentId: e.agentId, rank: rankWords(queue.strategy, e, now) }));
  } else {
    s.considered = [s.best, s.runnerUp]
      .filter((e): e is RankEntry => e !== undefined)
      .map((e) => ({ agentId: e.agentId, rank: rankWords(queue.strategy, e, now) }));
  }
  return s;
}

/**
 * Either walk the queue's available members in strategy order and stop at the first who meets
 * the requirements, or, when one required skill is rare among available agents, walk that
 * skill's buckets and rank what is found. The cheaper walk is chosen by the sizes at hand.
 */
function searchIndex(
  index: AgentIndex,
  calls: CallBook,
  queue: QueueConfig,
  rec: CallRecord,
  reqs: readonly SkillRequirement[],
  now: number,
): Search {
  const members = index.availableIn(queue.id);
  let rarest: { r: SkillRequirement; count: number } | undefined;
  for (const r of reqs) {
    const count = index.countAtLeast(r.skill, r.minLevel);
    if (rarest === undefined || count < rarest.count) rarest = { r, count };
  }
  if (members.length === 0 || rarest?.count === 0) {
    const why =
      members.length === 0
        ? 'no available member of the queue'
        : `no available agent has ${rarest?.r.skill} ≥ ${rarest?.r.minLevel}`;
    return newSearch(`index: ${why}`, true, why);
  }
  const s =
    rarest !== undefined && rarest.count * 4 < members.length
      ? walkBucket(index, calls, queue, rec, reqs, now, rarest.r, rarest.count)
      : walkOrdered(index, calls, queue, rec, reqs, now, members);
  for (const e of [s.best, s.runnerUp]) {
    if (e !== undefined) s.considered.push({ agentId: e.agentId, rank: rankWords(queue.strategy, e, now) });
  }
  return s;
}

function walkOrdered(
  index: AgentIndex,
  calls: CallBook,
  queue: QueueConfig,
  rec: CallRecord,
  reqs: readonly SkillRequirement[],
  now: number,
  members: readonly RankEntry[],
): Search {
  const s = newSearch(`index: ${members.length} available members in ${queue.strategy} order`, true);
  for (const e of members) {
    const agent = index.get(e.agentId);
    if (agent === undefined) continue;
    s.examined += 1;
    const until = calls.excludedUntil(rec, agent.id, now);
    const why = skillGap(agent, reqs) ?? (until === undefined ? undefined : recentFailure(agent, until));
    if (why === undefined) {
      offerEntry(s, e);
      break;
    }
    skip(s, why, COMPACT_TRACE_LIMIT);
  }
  if (s.examined - s.eligible > COMPACT_TRACE_LIMIT)
    s.plan += ` (${s.examined - s.eligible} skipped, first ${COMPACT_TRACE_LIMIT} shown)`;
  return s;
}

function walkBucket(
  index: AgentIndex,
  calls: CallBook,
  queue: QueueConfig,
  rec: CallRecord,
  reqs: readonly SkillRequirement[],
  now: number,
  rarest: SkillRequirement,
  count: number,
): Search {
  const s = newSearch(`index: ${count} available agents with ${rarest.skill} ≥ ${rarest.minLevel}`, false);
  for (const id of index.agentsAtLeast(rarest.skill, rarest.minLevel)) {
    const e = index.entryOf(queue.id, id);
    const agent = index.get(id);
    if (e === undefined || agent === undefined) continue;
    s.examined += 1;
    const until = calls.excludedUntil(rec, id, now);
    const why = skillGap(agent, reqs) ?? (until === undefined ? undefined : recentFailure(agent, until));
    if (why === undefined) offerEntry(s, e);
    else skip(s, why, COMPACT_TRACE_LIMIT);
  }
  return s;
}
