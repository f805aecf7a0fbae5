import { AcdError } from './errors.js';
import type { Instant } from './types.js';

/** Epoch milliseconds of an Instant; a time that is not one is a programming error and throws. */
export function toMs(now: Instant, what = 'now'): number {
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new AcdError('invalid-time', `${what} is not a time: ${String(now)}`);
  return ms;
}

/** 12.3 s, for traces. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
