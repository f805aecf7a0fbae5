import type { SlaSpan } from './settings.js';

export const SLA_PRIORITY_SETTINGS = {
  low: 'SWITCHBOARD_SLA_LOW',
  normal: 'SWITCHBOARD_SLA_NORMAL',
  high: 'SWITCHBOARD_SLA_HIGH',
  urgent: 'SWITCHBOARD_SLA_URGENT',
} as const;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90s", "15m", "4h", "3d" in seconds, or null. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+)\s*([smhd])\s*$/.exec(text);
  if (!match) return null;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0);
  return seconds > 0 ? seconds : null;
}

/** "15m/4h" → the two spans; else a sentence saying what is wrong. */
export function parseSlaSpan(text: string): SlaSpan | string {
  const [first, resolution, ...rest] = text.split('/');
  const firstResponseSeconds = parseDuration(first ?? '');
  const resolutionSeconds = parseDuration(resolution ?? '');
  if (rest.length > 0 || firstResponseSeconds === null || resolutionSeconds === null)
    return `must be <first response>/<resolution> like 15m/4h (units s, m, h, d), got ${JSON.stringify(text)}`;
  if (resolutionSeconds < firstResponseSeconds)
    return `the resolution deadline (${resolution}) comes before the first response one (${first}) in ${JSON.stringify(text)}`;
  return { firstResponseSeconds, resolutionSeconds };
}
