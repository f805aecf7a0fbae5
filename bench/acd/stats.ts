// Latency summaries for the ACD benchmark. Percentiles use the nearest-rank method: the p-th
// percentile is a value that was really measured (no interpolation), so p99 of 20 samples is the max.

/** The p-th percentile (0 < p <= 100) of the samples by nearest rank; undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  n: number;
  p50Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

/** p50/p99/min/max/mean of latencies in milliseconds; undefined when there are none. */
export function summarise(latenciesMs: readonly number[]): LatencySummary | undefined {
  for (const value of latenciesMs) {
    if (!Number.isFinite(value)) throw new RangeError(`summarise: sample ${value} is not a finite number`);
  }
  const p50 = percentile(latenciesMs, 50);
  const p99 = percentile(latenciesMs, 99);
  if (p50 === undefined || p99 === undefined) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const value of latenciesMs) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
  }
  return {
    n: latenciesMs.length,
    p50Ms: p50,
    p99Ms: p99,
    minMs: min,
    maxMs: max,
    meanMs: sum / latenciesMs.length,
  };
}
