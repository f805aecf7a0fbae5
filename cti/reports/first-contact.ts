import type { CallStart } from './report-rows.js';

/** Caller ids that name nobody: calls from them cannot be told apart, so they stay out of FCR. */
const NO_NUMBER = new Set(['', 'anonymous', 'unknown', 'restricted', 'private', 'unavailable']);

/** The caller number FCR matches on, or null when the call has none worth matching. */
export function repeatKey(callerNumber: string | null): string | null {
  const key = (callerNumber ?? '').trim();
  return NO_NUMBER.has(key.toLowerCase()) ? null : key;
}

/**
 * Whether each answered call was resolved at first contact: true when no other call from the same
 * number started after it, up to `windowMs` after its start; null when it has no number.
 * `later` holds the calls from those numbers (any call, answered, abandoned or never queued).
 */
export class RepeatCallers {
  private readonly starts = new Map<string, Array<{ callId: number; at: number }>>();

  constructor(
    later: readonly CallStart[],
    private readonly windowMs: number,
  ) {
    for (const c of later) {
      const key = repeatKey(c.callerNumber);
      if (key === null) continue;
      let list = this.starts.get(key);
      if (!list) {
        list = [];
        this.starts.set(key, list);
      }
      list.push({ callId: c.callId, at: c.startedAt });
    }
  }

  resolved(call: { callId: number; callerNumber: string | null; callStartedAt: number }): boolean | null {
    const key = repeatKey(call.callerNumber);
    if (key === null) return null;
    const until = call.callStartedAt + this.windowMs;
    const again = (this.starts.get(key) ?? []).some(
      (c) => c.callId !== call.callId && c.at > call.callStartedAt && c.at <= until,
    );
    return !again;
  }
}
