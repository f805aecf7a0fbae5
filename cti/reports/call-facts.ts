import type { StateSpan } from './agent-spans.js';
import type { RepeatCallers } from './first-contact.js';
import { type Handling, handlingOf } from './handle-times.js';
import type { CountingRules, EntryRow } from './report-rows.js';

/** How a queue stay ended, as reports count it. */
export type StayResult = 'answered' | 'abandoned' | 'short-abandon' | 'overflow' | 'removed' | 'waiting';

/** One queue stay with what the figures need: its result, its wait, its handling, its FCR. */
export interface CallFact {
  entry: EntryRow;
  result: StayResult;
  /** From entering the queue to leaving it; null while still waiting. */
  waitMs: number | null;
  /** Answered calls whose handling is over; else null. */
  handling: Handling | null;
  /** Answered first contacts with a caller number: resolved or not; else null (see RepeatCallers). */
  resolved: boolean | null;
}

export function stayResult(entry: EntryRow, rules: CountingRules): StayResult {
  if (entry.leftAt === null || entry.outcome === null) return 'waiting';
  if (entry.outcome !== 'abandoned') return entry.outcome;
  return entry.leftAt - entry.enqueuedAt < rules.shortAbandonMs ? 'short-abandon' : 'abandoned';
}

/** Facts of every stay, from the stays, the answering agents' state spans and later calls. */
export function callFacts(
  entries: readonly EntryRow[],
  spans: ReadonlyMap<string, StateSpan[]>,
  repeats: RepeatCallers,
  rules: CountingRules,
): CallFact[] {
  return entries.map((entry) => {
    const result = stayResult(entry, rules);
    const answered = result === 'answered' && entry.leftAt !== null;
    return {
      entry,
      result,
      waitMs: entry.leftAt === null ? null : entry.leftAt - entry.enqueuedAt,
      handling:
        answered && entry.agentId ? handlingOf(spans.get(entry.agentId), entry.leftAt as number) : null,
      resolved: answered ? repeats.resolved(entry) : null,
    };
  });
}
