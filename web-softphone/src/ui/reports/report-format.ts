/** How report figures read on screen, and the small date sums of the filters. Pure: test/web runs it. */

export type ColumnKind = 'duration' | 'percent' | 'number' | 'text';

/**
 * What a report column holds, from its name as the reports API spells it
 * (cti/reports/report-columns.ts): `…Seconds` are durations in seconds, `…Percent` percentages
 * (0–100), other numbers counts; strings are text.
 */
export function columnKind(name: string, sample: unknown): ColumnKind {
  if (/Seconds$/.test(name)) return 'duration';
  if (/Percent$/.test(name)) return 'percent';
  if (typeof sample === 'number' || sample === null) return 'number';
  return 'text';
}

/** "averageSpeedOfAnswerSeconds" → "Average speed of answer seconds": a column the catalogue has no label for. */
export function readableName(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 0:07, 4:05, 1:02:03; over a day "2 d 03:04:05". Missing (null: nothing to measure) is an em dash. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${two(h)}:${two(m)}:${two(s)}`;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A percentage as the API sends it (0–100, two decimals) with at most one decimal: "87.5%". */
export function formatPercent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/**
 * How an interval reads in the table. The API's start and end are wall-clock times of the report
 * zone with their offset ("2026-11-16T09:00:00+08:00"), so their text is shown as it is, never
 * moved into the browser's zone.
 */
export function intervalLabel(interval: string, start: string, end: string, oneDay: boolean): string {
  const day = (x: string) => x.slice(0, 10);
  const clock = (x: string) => x.slice(11, 16);
  if (interval === 'month') return start.slice(0, 7);
  if (interval === 'day') return day(start);
  if (interval === '15m' || interval === 'hour') {
    const span = `${clock(start)}–${clock(end) === '00:00' && day(end) !== day(start) ? '24:00' : clock(end)}`;
    return oneDay ? span : `${day(start)} ${span}`;
  }
  // The whole range: an end at midnight is shown as the last day it includes.
  const first = clock(start) === '00:00' ? day(start) : `${day(start)} ${clock(start)}`;
  const last = clock(end) === '00:00' ? dayBefore(day(end)) : `${day(end)} ${clock(end)}`;
  return first === last ? first : `${first} – ${last}`;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function formatNumber(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** The file name in a Content-Disposition header (RFC 6266 filename* first), or null. */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // Malformed escapes: fall back to the plain filename.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain?.[2] ?? plain?.[1]?.trim();
  return name ? name.replace(/[/\\]/g, '_') : null;
}

/** A calendar day as YYYY-MM-DD in the browser's own time zone. */
export function isoDay(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * The calendar day (YYYY-MM-DD) `now` falls on in `zone`, the zone reports are counted in (the
 * `timeZone` of a report answer); without one, the browser's own day.
 */
export function dayIn(now: Date, zone: string | null): string {
  if (zone === null) return isoDay(now);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day a report answer starts on, in its own zone ("2026-11-16T00:00:00+08:00" → "2026-11-16"). */
export function answerDay(answer: { from: string }): string {
  return answer.from.slice(0, 10);
}

export type RangePreset = 'today' | 'yesterday' | 'last7' | 'thisMonth' | 'lastMonth';

/**
 * The first and last day (inclusive, YYYY-MM-DD) of a preset, counted from the day `now` is in the
 * report zone (null: the browser's, until a report has said which zone it counts in).
 */
export function presetRange(
  preset: RangePreset,
  now: Date,
  zone: string | null = null,
): { from: string; to: string } {
  const today = dayIn(now, zone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // Calendar sums on the civil date alone: UTC has no clock changes to trip over.
  const date = (year: number, month: number, day: number) =>
    new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: date(y, m, d - 1), to: date(y, m, d - 1) };
    case 'last7':
      return { from: date(y, m, d - 6), to: today };
    case 'thisMonth':
      return { from: date(y, m, 1), to: today };
    case 'lastMonth':
      return { from: date(y, m - 1, 1), to: date(y, m, 0) };
  }
}

/** The day `days` before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}
