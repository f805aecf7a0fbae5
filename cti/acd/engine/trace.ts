import type { CallRecord } from './call-book.js';
import type { EffectivePriority, EffectiveRequirements } from './call-rules.js';
import { seconds } from './instant.js';
import type {
  AgentSnapshot,
  DecisionTrace,
  QueueConfig,
  QueueId,
  SkillRequirement,
  SkippedAgent,
} from './types.js';

/** Compact traces keep at most this many skipped agents; the plan says how many more there were. */
export const COMPACT_TRACE_LIMIT = 20;

/** The first requirement the agent falls short of, if any. */
export function skillGap(
  agent: AgentSnapshot,
  requirements: readonly SkillRequirement[],
): SkippedAgent | undefined {
  for (const r of requirements) {
    const have = agent.skills[r.skill];
    if (have === undefined) {
      return {
        agentId: agent.id,
        kind: 'skill-missing',
        reason: `skill-missing:${r.skill}`,
        words: `has no ${r.skill} skill (needs level ${r.minLevel})`,
      };
    }
    if (have < r.minLevel) {
      return {
        agentId: agent.id,
        kind: 'skill-level',
        reason: `skill-level:${r.skill} ${have}<${r.minLevel}`,
        words: `has ${r.skill} at level ${have}, needs ${r.minLevel}`,
      };
    }
  }
  return undefined;
}

export function recentFailure(agent: AgentSnapshot, until: number): SkippedAgent {
  return {
    agentId: agent.id,
    kind: 'recent-failure',
    reason: 'recent-failure',
    words: `failed an offer of this call; passed over for it until ${new Date(until).toISOString()}`,
  };
}

/**
 * Why the agent cannot take the call, checked in the order a supervisor would ask:
 * in the queue? free? skilled enough? not the one who just let it ring out?
 */
export function skipReason(
  agent: AgentSnapshot,
  queueId: QueueId,
  requirements: readonly SkillRequirement[],
  excludedUntil: number | undefined,
): SkippedAgent | undefined {
  if (!agent.queues.includes(queueId)) {
    return {
      agentId: agent.id,
      kind: 'not-member',
      reason: 'not-member',
      words: `not a member of queue ${queueId}`,
    };
  }
  if (agent.state === 'reserved') {
    return {
      agentId: agent.id,
      kind: 'reserved',
      reason: 'reserved',
      words: `reserved for offer ${agent.offerId ?? '?'}`,
    };
  }
  if (agent.state !== 'available') {
    const why = agent.state === 'paused' && agent.pauseReason ? ` (${agent.pauseReason})` : '';
    return {
      agentId: agent.id,
      kind: 'state',
      reason: `state:${agent.state}`,
      words: `is ${agent.state}${why}`,
    };
  }
  const gap = skillGap(agent, requirements);
  if (gap !== undefined) return gap;
  if (excludedUntil !== undefined) return recentFailure(agent, excludedUntil);
  return undefined;
}

/** The parts of a trace that describe the caller rather than the search. */
export function traceHeader(
  queue: QueueConfig,
  rec: CallRecord,
  now: number,
  reqs: EffectiveRequirements,
  prio: EffectivePriority,
): Omit<DecisionTrace, 'plan' | 'considered' | 'skipped' | 'notExamined' | 'rule'> {
  return {
    callId: rec.call.callId,
    queueId: queue.id,
    at: now,
    waitedMs: now - rec.call.enqueuedAt,
    basePriority: prio.base,
    agingBonus: prio.bonus,
    effectivePriority: prio.effective,
    requirements: reqs.requirements,
    relaxed: reqs.relaxed,
    strategy: queue.strategy,
  };
}

/** One line for logs: "c1 → a7 (longest-idle: longest idle; 3 skipped)". */
export function formatTrace(trace: DecisionTrace): string {
  const who = trace.winner === undefined ? 'nobody' : trace.winner;
  const skipped = trace.skipped.map((s) => `${s.agentId}:${s.reason}`).join(', ');
  return (
    `${trace.callId} → ${who} after ${seconds(trace.waitedMs)} at priority ${trace.effectivePriority} ` +
    `(${trace.rule}; ${trace.plan}${skipped ? `; skipped ${skipped}` : ''})`
  );
}
