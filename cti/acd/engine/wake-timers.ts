import { MinHeap } from './sorted-list.js';
import type { WakeReason, WakeUp } from './types.js';

/**
 * Every instant at which a timed rule will change something, in one heap. Entries are never
 * removed when they go stale (caller left, queue reconfigured); they are checked when they reach
 * the top, so scheduling stays O(log n) and nothing ever scans all callers for the next wake-up.
 */
export class WakeTimers {
  private readonly heap = new MinHeap<WakeUp>();

  get size(): number {
    return this.heap.size;
  }

  schedule(at: number | undefined, reason: WakeReason, subject: string): void {
    if (at !== undefined && Number.isFinite(at)) this.heap.push({ at, reason, subject });
  }

  /** Hands every entry due by `now` to `due` (which may schedule successors) and drops it. */
  drain(now: number, due: (w: WakeUp) => void): void {
    for (let top = this.heap.peek(); top !== undefined && top.at <= now; top = this.heap.peek()) {
      this.heap.pop();
      due(top);
    }
  }

  /** The earliest entry still live, dropping stale ones on the way. */
  next(isLive: (w: WakeUp) => boolean): WakeUp | undefined {
    for (let top = this.heap.peek(); top !== undefined; top = this.heap.peek()) {
      if (isLive(top)) return top;
      this.heap.pop();
    }
    return undefined;
  }
}
