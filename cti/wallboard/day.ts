/**
 * "Today" for the wallboard: from the last midnight in the configured time zone
 * (settings.reports.timeZone) until now. The engine knows no time zone, so the day is worked out here.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(at: number, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of formatIn(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant of the last midnight at or before `now` in `timeZone`. Where a zone skips midnight
 * (a daylight-saving change at 00:00) it is the first instant of the date.
 */
export function startOfDay(now: Date, timeZone: string): Date {
  const at = now.getTime();
  const w = wallClock(at, timeZone);
  const midnightAsUtc = Date.UTC(w.year, w.month - 1, w.day);
  // Twice: the offset at the first guess may differ from the one at midnight (a change during the day).
  let guess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  guess = midnightAsUtc - offsetAt(guess, timeZone);
  if (guess > at) guess = midnightAsUtc - offsetAt(guess - 3_600_000, timeZone);
  return new Date(Math.min(guess, at));
}
