/** Rounding shared by every report figure, so JSON, CSV and Excel show the same numbers. */

/** Milliseconds as seconds, to the millisecond (sums of stored times stay exact). */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** The mean of `totalMs` over `count`, in seconds to two decimals; null over nothing. */
export function averageSeconds(totalMs: number, count: number): number | null {
  return count === 0 ? null : round2(totalMs / count / 1000);
}

/** `part` of `whole` as a percentage to two decimals; null when `whole` is 0. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round2((part * 100) / whole);
}

function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}
