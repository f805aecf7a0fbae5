import { badRequest } from '../http/errors.js';
import { INTERVALS, type Interval } from './intervals.js';
import { addDays, DAY_MS, dateMs, HOUR_MS, instantOf, startOfDay, wallTime } from './zone-clock.js';

/** The longest range each interval may cover, in days (one more hour is allowed for a clock change). */
export const MAX_DAYS: Readonly<Record<Interval, number>> = {
  '15m': 31,
  hour: 92,
  day: 366,
  month: 1096,
  total: 1096,
};

export interface ReportRange {
  from: number;
  to: number;
  interval: Interval;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A `from` or `to` query value as an instant. A date means the start of that day in the report zone
 * for `from` and the end of it for `to` (to=2025-06-10 includes the 10th); a time without an offset
 * is read in the report zone (a time the clocks show twice: the first one); a time with Z or an
 * offset is taken as it is.
 */
function instant(name: 'from' | 'to', text: string, zone: string): number {
  const bad = (why: string) => badRequest(`${name} "${text}" ${why}`);
  if (DATE.test(text)) {
    if (Number.isNaN(dateMs(text))) throw bad('is not a real date');
    return startOfDay(zone, name === 'from' ? text : addDays(text, 1));
  }
  const parts = TIME.exec(text);
  if (!parts) throw bad('is neither a date (YYYY-MM-DD) nor an ISO time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])');
  const [, date = '', hh, mm, ss = '0', frac = '0', offset] = parts;
  const [h, m, s] = [Number(hh), Number(mm), Number(ss)];
  if (Number.isNaN(dateMs(date)) || h > 23 || m > 59 || s > 59) throw bad('is not a real date and time');
  const msOfDay = ((h * 60 + m) * 60 + s) * 1000 + Number(frac.padEnd(3, '0'));
  if (offset === undefined) {
    const t = instantOf(zone, date, msOfDay);
    if (t === null) throw bad(`never happened in ${zone} (the clocks skipped it)`);
    return t;
  }
  const offsetMinutes =
    offset === 'Z'
      ? 0
      : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(offset.slice(4) || 0) > 59)
    throw bad(`has an offset no zone uses (${offset})`);
  return dateMs(date) + msOfDay - offsetMinutes * 60_000;
}

/**
 * The range and interval a report asks for, checked. Without `from` a report starts at today's
 * start in the report zone; without `to` it runs to the end of today.
 */
export function reportRange(
  query: { from?: string; to?: string; interval?: string },
  zone: string,
  now: number,
): ReportRange {
  const interval = (query.interval ?? 'day') as Interval;
  if (!INTERVALS.includes(interval))
    throw badRequest(`interval "${query.interval}" is not one of ${INTERVALS.join(', ')}`);
  const today = wallTime(zone, now).date;
  const from = instant('from', query.from ?? today, zone);
  const to = instant('to', query.to ?? today, zone);
  if (from >= to)
    throw badRequest(
      `from "${query.from ?? today}" must be before to "${query.to ?? today}" (the range would be empty)`,
    );
  const days = MAX_DAYS[interval];
  if (to - from > days * DAY_MS + HOUR_MS) {
    const spanDays = Math.ceil((to - from - HOUR_MS) / DAY_MS);
    throw badRequest(
      `interval ${interval} covers at most ${days} days; from "${query.from ?? today}" to "${query.to ?? today}" is ${spanDays} days`,
    );
  }
  return { from, to, interval };
}
