import type { OpeningHours, Weekday } from './types.js';

/**
 * Opening hours and holidays in a time zone. Local weekday and time come from Intl, so daylight
 * saving changes are followed without any arithmetic of our own: 08:00 in Europe/Berlin is 08:00
 * local on both sides of the switch.
 */

export type TimeVerdict = 'open' | 'closed' | 'holiday';

export interface TimeCondition {
  timezone: string;
  hours: OpeningHours[];
  holidays?: string[];
}

export interface LocalClock {
  /** YYYY-MM-DD, local. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

export function isKnownTimeZone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Local date, weekday and time of `at` in `timezone`. Throws RangeError for an unknown zone. */
export function localClock(timezone: string, at: Date): LocalClock {
  const parts = Object.fromEntries(
    formatterFor(timezone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = WEEKDAYS[parts.weekday ?? ''];
  if (!weekday) throw new RangeError(`cannot read the weekday of ${at.toISOString()} in ${timezone}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** "08:30" → 510; "24:00" → 1440. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export type HolidaySpec =
  | { kind: 'dated'; from: string; to: string }
  | { kind: 'yearly'; from: string; to: string };

function realDate(text: string, yearly: boolean): boolean {
  const [y, m, d] = yearly ? [2024, ...text.split('-').map(Number)] : text.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * "2025-12-24" (that day), "12-25" (every year), "2025-12-24..2026-01-01" or "12-24..01-02"
 * (a yearly range may wrap over New Year).
 */
export function parseHoliday(spec: string): HolidaySpec | { error: string } {
  const [from = '', to = from, extra] = spec.split('..');
  if (extra !== undefined) return { error: `"${spec}" has more than one ".."` };
  const dated = /^\d{4}-\d{2}-\d{2}$/;
  const yearly = /^\d{2}-\d{2}$/;
  const kind =
    dated.test(from) && dated.test(to) ? 'dated' : yearly.test(from) && yearly.test(to) ? 'yearly' : null;
  if (!kind) {
    return { error: `"${spec}" must be YYYY-MM-DD, MM-DD (every year), or a range of two of the same kind` };
  }
  for (const day of new Set([from, to])) {
    if (!realDate(day, kind === 'yearly')) {
      return {
        error: day === spec ? `"${spec}" is not a real date` : `"${spec}": ${day} is not a real date`,
      };
    }
  }
  if (kind === 'dated' && to < from) return { error: `"${spec}" ends before it starts` };
  return { kind, from, to };
}

function isHoliday(spec: HolidaySpec, date: string): boolean {
  if (spec.kind === 'dated') return spec.from <= date && date <= spec.to;
  const md = date.slice(5);
  return spec.from <= spec.to ? spec.from <= md && md <= spec.to : md >= spec.from || md <= spec.to;
}

/** open / closed / holiday for the instant `at`. Malformed holidays are skipped (validation reports them). */
export function checkTimeCondition(condition: TimeCondition, at: Date): TimeVerdict {
  const clock = localClock(condition.timezone, at);
  for (const text of condition.holidays ?? []) {
    const spec = parseHoliday(text);
    if (!('error' in spec) && isHoliday(spec, clock.date)) return 'holiday';
  }
  const open = condition.hours.some(
    (h) =>
      h.days.includes(clock.weekday) &&
      minutesOfDay(h.from) <= clock.minutes &&
      clock.minutes < minutesOfDay(h.to),
  );
  return open ? 'open' : 'closed';
}
