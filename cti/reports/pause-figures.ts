import { type StateSpan, spanEnd } from './agent-spans.js';
import { seconds } from './figure-math.js';
import { type Bucket, bucketIndex, splitSpan } from './intervals.js';
import type { AgentInfo } from './report-rows.js';

/** Pause time of one agent for one reason in one interval. */
export interface PauseFigures {
  agentId: string;
  agentName: string;
  start: number;
  end: number;
  reason: string;
  /** Pauses that began in the interval. */
  pauses: number;
  pausedSeconds: number;
}

/** Stored pauses without a reason (made before reasons were required) are reported under this one. */
export const NO_REASON = 'unspecified';

/**
 * Pause time by agent, interval and reason: a pause crossing a boundary is split; intervals where
 * an agent had no pause for a reason have no row.
 */
export function pauseFigures(
  agents: readonly AgentInfo[],
  spans: ReadonlyMap<string, StateSpan[]>,
  buckets: readonly Bucket[],
  now: number,
): PauseFigures[] {
  const rows: PauseFigures[] = [];
  for (const agent of agents) {
    const cells = new Map<string, { pauses: number; ms: number; index: number; reason: string }>();
    const cell = (index: number, reason: string) => {
      const key = `${index}\u0000${reason}`;
      let c = cells.get(key);
      if (!c) {
        c = { pauses: 0, ms: 0, index, reason };
        cells.set(key, c);
      }
      return c;
    };
    for (const span of spans.get(agent.id) ?? []) {
      if (span.state !== 'paused') continue;
      const reason = span.reason || NO_REASON;
      const began = bucketIndex(buckets, span.start);
      if (began >= 0) cell(began, reason).pauses += 1;
      const end = Math.min(spanEnd(span, now), now);
      for (const part of splitSpan(buckets, span.start, end)) cell(part.index, reason).ms += part.ms;
    }
    const ordered = [...cells.values()].sort((a, b) => a.index - b.index || a.reason.localeCompare(b.reason));
    for (const c of ordered) {
      const bucket = buckets[c.index] as Bucket;
      rows.push({
        agentId: agent.id,
        agentName: agent.name,
        start: bucket.start,
        end: bucket.end,
        reason: c.reason,
        pauses: c.pauses,
        pausedSeconds: seconds(c.ms),
      });
    }
  }
  return rows;
}
