import { MINUTE_MS, offsetMinutes, wallTime } from './zone-clock.js';

export const INTERVALS = ['15m', 'hour', 'day', 'month', 'total'] as const;
export type Interval = (typeof INTERVALS)[number];

/** One reporting interval: [start, end) in epoch ms. */
export interface Bucket {
  start: number;
  end: number;
}

const QUARTER_MS = 15 * MINUTE_MS;

/**
 * What names the local interval an instant falls in. Hours and quarters carry the offset, so the
 * hour repeated when clocks go back (02:00 +02:00, then 02:00 +01:00) is two intervals; days and
 * months do not, so a day with a clock change simply has 23 or 25 hours.
 */
function labelOf(zone: string, interval: Exclude<Interval, 'total'>, t: number): string {
  const wall = wallTime(zone, t);
  if (interval === 'month') return wall.date.slice(0, 7);
  if (interval === 'day') return wall.date;
  const size = interval === 'hour' ? 60 : 15;
  const minutes = Math.floor(wall.msOfDay / MINUTE_MS);
  return `${wall.date} ${minutes - (minutes % size)} ${offsetMinutes(zone, t)}`;
}

/** A first guess at where the interval holding `t` ends, right on days without a clock change. */
function nominalEnd(zone: string, interval: Exclude<Interval, 'total'>, t: number): number {
  const wall = wallTime(zone, t);
  if (interval === '15m') return t - (wall.msOfDay % QUARTER_MS) + QUARTER_MS;
  if (interval === 'hour') return t - (wall.msOfDay % (60 * MINUTE_MS)) + 60 * MINUTE_MS;
  const startOfDay = t - wall.msOfDay;
  if (interval === 'day') return startOfDay + 24 * 60 * MINUTE_MS;
  const [y, m, d] = wall.date.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return startOfDay + (daysInMonth - d + 1) * 24 * 60 * MINUTE_MS;
}

/**
 * The instant after `t` where the next interval starts. Interval starts lie on the UTC
 * quarter-hour grid (zone offsets and their changes are whole quarters), so the guess is checked
 * there and moved a quarter at a time when a clock change made the interval longer or shorter.
 */
function nextStart(zone: string, interval: Exclude<Interval, 'total'>, t: number): number {
  const label = labelOf(zone, interval, t);
  const firstGrid = Math.floor(t / QUARTER_MS) * QUARTER_MS + QUARTER_MS;
  let c = Math.max(firstGrid, Math.round(nominalEnd(zone, interval, t) / QUARTER_MS) * QUARTER_MS);
  if (labelOf(zone, interval, c) === label) {
    while (labelOf(zone, interval, c) === label) c += QUARTER_MS;
    return c;
  }
  while (c - QUARTER_MS >= firstGrid && labelOf(zone, interval, c - QUARTER_MS) !== label) c -= QUARTER_MS;
  return c;
}

/**
 * The intervals covering [from, to) in the zone, in order: local quarters, hours, days or months
 * (the first and last cut short when from or to falls inside one), or the whole range for total.
 */
export function bucketsOf(zone: string, interval: Interval, from: number, to: number): Bucket[] {
  if (interval === 'total') return [{ start: from, end: to }];
  const buckets: Bucket[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, nextStart(zone, interval, start));
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** Index of the bucket holding `t`, or -1 outside them all. */
export function bucketIndex(buckets: readonly Bucket[], t: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid] as Bucket;
    if (t < b.start) hi = mid - 1;
    else if (t >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The part of [start, end) inside each bucket it touches: a span crossing a boundary is split. */
export function splitSpan(
  buckets: readonly Bucket[],
  start: number,
  end: number,
): Array<{ index: number; ms: number }> {
  const parts: Array<{ index: number; ms: number }> = [];
  if (buckets.length === 0 || end <= start) return parts;
  const first = buckets[0] as Bucket;
  let i = start < first.start ? 0 : bucketIndex(buckets, start);
  if (i < 0) return parts;
  for (; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.start >= end) break;
    const ms = Math.min(end, b.end) - Math.max(start, b.start);
    if (ms > 0) parts.push({ index: i, ms });
  }
  return parts;
}
