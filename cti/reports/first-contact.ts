import type { CallStart } from './report-rows.js';

/** Caller ids that name nobody: calls from them cannot be told apart, so they stay out of FCR. */
const NO_NUMBER = new Set(['', 'anonymous', 'unknown', 'restricted', 'private', 'unavailable']);

/** The caller number FCR matches on, or null when the call has none worth matching. */
export function repeatKey(callerNumber: string | null): string | null {
  const key = (callerNumber ?? '').trim();
  return NO_NUMBER.has(key.toLowerCase()) ? null : key;
}

type Contact = { callId: number; callerNumber: string | null; callStartedAt: number };

/** Call starts by caller number. */
function byNumber(list: readonly CallStart[]): Map<string, Array<{ callId: number; at: number }>> {
  const starts = new Map<string, Array<{ callId: number; at: number }>>();
  for (const c of list) {
    const key = repeatKey(c.callerNumber);
    if (key === null) continue;
    let calls = starts.get(key);
    if (!calls) {
      calls = [];
      starts.set(key, calls);
    }
    calls.push({ callId: c.callId, at: c.startedAt });
  }
  return starts;
}

/**
 * First-contact resolution of answered calls. A call repeats an earlier call from the same number
 * when it starts after it and at most `windowMs` after its start. An answered call that repeats an
 * earlier *answered* call is no first contact (it is that contact's follow-up) and is not counted;
 * a first contact is resolved when no call at all (answered, abandoned or never queued) repeats it.
 * So a number calling three times, each answered, is one first contact, not resolved.
 */
export class RepeatCallers {
  private readonly later: Map<string, Array<{ callId: number; at: number }>>;
  private readonly answered: Map<string, Array<{ callId: number; at: number }>>;

  /**
   * `later`: calls from those numbers after the answered calls (any call); `earlierAnswered`: answered
   * calls from them up to `windowMs` before.
   */
  constructor(
    later: readonly CallStart[],
    earlierAnswered: readonly CallStart[],
    private readonly windowMs: number,
  ) {
    this.later = byNumber(later);
    this.answered = byNumber(earlierAnswered);
  }

  /** Null: no number, or no first contact (left out of FCR); else whether it was resolved. */
  resolved(call: Contact): boolean | null {
    const key = repeatKey(call.callerNumber);
    if (key === null) return null;
    const start = call.callStartedAt;
    const repeats = (c: { callId: number; at: number }, of: number) =>
      c.callId !== call.callId && c.at > of && c.at <= of + this.windowMs;
    if ((this.answered.get(key) ?? []).some((c) => repeats({ callId: c.callId, at: start }, c.at)))
      return null;
    return !(this.later.get(key) ?? []).some((c) => repeats(c, start));
  }
}

/** Adds an answered call's FCR result to a tally (null: not counted). */
export function countFcr(tally: { fcrCalls: number; fcrResolved: number }, resolved: boolean | null): void {
  if (resolved === null) return;
  tally.fcrCalls += 1;
  if (resolved) tally.fcrResolved += 1;
}
