/**
 * Today's figures, defined once (README.md in this folder says the same in words; historical
 * reports use the same definitions):
 * - a caller counts for the day they entered the queue (one count per stay in a queue);
 * - an abandon shorter than settings.reports.shortAbandonSeconds is a short abandon, not an abandon;
 * - service level % = answered within the queue's serviceLevelSeconds / graded stays: those that left
 *   the queue (but not short abandons, nor overflowed or removed stays that left within the
 *   threshold, such as callers a full queue turned away), or are still waiting beyond the threshold
 *   (and so cannot be answered within it any more);
 * - handle time of a call = talk (the agent's on-call time) + the wrap-up right after it; a call is
 *   handled the moment its talk ends, and counts in the average once its wrap-up has ended too.
 */

/** What the queue_entries of a queue for the day add up to (left the queue, by outcome). */
export interface QueueDayCounts {
  /** Stays begun today, whether over or not. */
  offered: number;
  /** Stays over (any outcome). */
  finished: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  /** Overflowed or removed within the threshold: not failed, not graded. */
  leftUnansweredInTime: number;
}

export interface QueueToday {
  /** The day's start (midnight in settings.reports.timeZone). */
  since: string;
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  /** 0–100 with one decimal, or null while no caller's outcome is known. */
  serviceLevelPercent: number | null;
  serviceLevelSeconds: number;
}

export function queueToday(
  counts: QueueDayCounts,
  waitingPastThreshold: number,
  since: Date,
  serviceLevelSeconds: number,
): QueueToday {
  const measured =
    counts.finished - counts.shortAbandoned - counts.leftUnansweredInTime + waitingPastThreshold;
  return {
    since: since.toISOString(),
    offered: counts.offered,
    answered: counts.answered,
    answeredWithinThreshold: counts.answeredWithinThreshold,
    abandoned: counts.abandoned,
    shortAbandoned: counts.shortAbandoned,
    serviceLevelPercent:
      measured <= 0 ? null : Math.round((counts.answeredWithinThreshold / measured) * 1000) / 10,
    serviceLevelSeconds,
  };
}

/**
 * How long a waiting caller must have waited for the service level to count them already: past
 * the threshold they can no longer be answered within it, and past the short-abandon limit a
 * hang-up would be a real abandon (both count as missed).
 */
export function pastThresholdMs(serviceLevelSeconds: number, shortAbandonSeconds: number): number {
  return Math.max(serviceLevelSeconds, shortAbandonSeconds) * 1000;
}

/** One row of agent_state_log, oldest first. */
export interface StateRow {
  toState: string;
  at: number;
}

export interface AgentToday {
  since: string;
  /** Calls whose talk ended today. */
  handled: number;
  /** Mean of talk + wrap-up over handled calls whose wrap-up is over; null when there is none. */
  averageHandleMs: number | null;
}

/**
 * An agent's day from their state changes: `rows` holds the last change before the day began
 * (the state the day opened in, if any) and every change since, oldest first.
 */
export function agentToday(rows: readonly StateRow[], dayStart: Date): AgentToday {
  const start = dayStart.getTime();
  // One segment per stretch in one state; a repeated state (a call carried over a restart) is one stretch.
  const segments: Array<{ state: string; from: number; to: number | null }> = [];
  for (const row of rows) {
    const last = segments.at(-1);
    if (last && last.state === row.toState) continue;
    if (last) last.to = row.at;
    segments.push({ state: row.toState, from: row.at, to: null });
  }
  let handled = 0;
  let complete = 0;
  let totalMs = 0;
  segments.forEach((talk, i) => {
    if (talk.state !== 'on-call' || talk.to === null || talk.to < start) return;
    handled += 1;
    const next = segments[i + 1];
    const wrapMs = next?.state === 'wrap-up' ? (next.to === null ? null : next.to - next.from) : 0;
    if (wrapMs === null) return;
    complete += 1;
    totalMs += talk.to - talk.from + wrapMs;
  });
  return {
    since: dayStart.toISOString(),
    handled,
    averageHandleMs: complete === 0 ? null : Math.round(totalMs / complete),
  };
}
