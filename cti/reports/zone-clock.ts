import { localClock } from '../ivr/flow/time-condition.js';

/**
 * Wall-clock arithmetic in an IANA zone, on top of the IVR's Intl reader (localClock), so daylight
 * saving follows the system's tz data and no zone library is needed. Offsets are whole minutes
 * (true of every zone in use since 1972).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A local wall time: the date and the milliseconds since local midnight. */
export interface WallTime {
  date: string;
  msOfDay: number;
}

/** The zone's date and time at instant `t`. */
export function wallTime(zone: string, t: number): WallTime {
  const minute = Math.floor(t / MINUTE_MS) * MINUTE_MS;
  const clock = localClock(zone, new Date(minute));
  return { date: clock.date, msOfDay: clock.minutes * MINUTE_MS + (t - minute) };
}

/** Minutes the zone is ahead of UTC at `t` (Berlin: 60 in winter, 120 in summer). */
export function offsetMinutes(zone: string, t: number): number {
  const wall = wallTime(zone, t);
  return (dateMs(wall.date) + wall.msOfDay - t) / MINUTE_MS;
}

/** YYYY-MM-DD as midnight UTC, in ms (NaN when not a real date). */
export function dateMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
    ? ms
    : Number.NaN;
}

/** The date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant the zone's clocks show `date` at `msOfDay`; when they show it twice (the hour
 * repeated as clocks go back) the earlier one, and null when they never do (skipped as clocks go
 * forward). Assumes at most one offset change within a day of the time asked for.
 */
export function instantOf(zone: string, date: string, msOfDay: number): number | null {
  const wall = dateMs(date) + msOfDay;
  const offsets = new Set([offsetMinutes(zone, wall - DAY_MS), offsetMinutes(zone, wall + DAY_MS)]);
  const found = [...offsets]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((t) => {
      const back = wallTime(zone, t);
      return back.date === date && back.msOfDay === msOfDay;
    });
  return found.length === 0 ? null : Math.min(...found);
}

/** The first instant of a local day (later than midnight where the clocks skip midnight). */
export function startOfDay(zone: string, date: string): number {
  const midnight = instantOf(zone, date, 0);
  if (midnight !== null) return midnight;
  // Clocks jump over midnight: the day starts at the jump, found on the quarter-hour grid.
  let t = Math.floor((dateMs(date) - 15 * HOUR_MS) / (15 * MINUTE_MS)) * 15 * MINUTE_MS;
  while (wallTime(zone, t).date < date) t += 15 * MINUTE_MS;
  return t;
}

/** ISO 8601 local time with its offset: 2025-10-26T02:00:00+01:00 (milliseconds only when not 0). */
export function formatLocal(zone: string, t: number): string {
  const wall = wallTime(zone, t);
  const offset = offsetMinutes(zone, t);
  const ms = wall.msOfDay;
  const hh = pad(Math.floor(ms / HOUR_MS));
  const mm = pad(Math.floor((ms % HOUR_MS) / MINUTE_MS));
  const ss = pad(Math.floor((ms % MINUTE_MS) / 1000));
  const frac = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall.date}T${hh}:${mm}:${ss}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
