import type { Findings } from './check-context.js';
import { pointer } from './issues.js';
import { isKnownTimeZone, minutesOfDay, parseHoliday } from './time-condition.js';
import type { TimeNode } from './types.js';

/**
 * Opening hours must be unambiguous: each range runs forwards within one day (overnight hours are
 * two ranges, e.g. fri 22:00-24:00 and sat 00:00-06:00), and ranges on the same day must not
 * overlap — an overlap is almost always a typo in one of them.
 */
export function checkTimeNode(id: string, node: TimeNode, findings: Findings): void {
  const at = (...rest: (string | number)[]) => pointer('nodes', id, ...rest);
  if (!isKnownTimeZone(node.timezone)) {
    findings.error(
      at('timezone'),
      `is "${node.timezone}", not a known time zone (use e.g. "Europe/Berlin")`,
      node.timezone,
    );
  }

  const byDay = new Map<string, { from: number; to: number; index: number }[]>();
  node.hours.forEach((h, index) => {
    const from = minutesOfDay(h.from);
    const to = minutesOfDay(h.to);
    if (from >= to) {
      findings.error(
        at('hours', index),
        `runs from ${h.from} to ${h.to}, which is not forwards; a range cannot pass midnight — split it at 24:00 ` +
          'into one range until 24:00 and one from 00:00 on the next day',
        `${h.from}-${h.to}`,
      );
      return;
    }
    for (const day of h.days) {
      const ranges = byDay.get(day) ?? [];
      for (const other of ranges) {
        if (from < other.to && other.from < to) {
          const o = node.hours[other.index];
          findings.error(
            at('hours', index),
            `overlaps hours[${other.index}] on ${day} (${h.from}-${h.to} and ${o?.from}-${o?.to})`,
            `${h.from}-${h.to}`,
          );
        }
      }
      ranges.push({ from, to, index });
      byDay.set(day, ranges);
    }
  });
  if (node.hours.length === 0) {
    findings.warning(at('hours'), 'has no opening hours: every call outside holidays goes to "closed"');
  }

  const seen = new Set<string>();
  (node.holidays ?? []).forEach((text, index) => {
    const parsed = parseHoliday(text);
    if ('error' in parsed) findings.error(at('holidays', index), parsed.error, text);
    else if (seen.has(text)) findings.warning(at('holidays', index), `lists "${text}" twice`, text);
    seen.add(text);
  });
}
