/** Formatting shared by every panel. Pure (no DOM), so test/web can check it under Node. */

/** 0:07, 4:05, 1:02:03: the clock shown for time in state, wait time and call length. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A caller number as people read it; a withheld or empty number is null (the UI says "withheld"). */
export function displayNumber(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed)) return null;
  return trimmed;
}

/** Time of day in the agent's locale, e.g. 14:05; an invalid or missing time is an em dash. */
export function formatClock(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** Date and time, for previous calls that may be days old. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** How long a call lasted between two ISO times, or null when either is missing. */
export function callLength(
  answeredAt: string | null | undefined,
  endedAt: string | null | undefined,
): number | null {
  if (!answeredAt || !endedAt) return null;
  const ms = Date.parse(endedAt) - Date.parse(answeredAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** The start of the agent's shift for the history query: local midnight, or 12 h ago if that is later. */
export function shiftStart(now: Date): Date {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const twelveHoursAgo = new Date(now.getTime() - 12 * 3600 * 1000);
  return midnight < twelveHoursAgo ? midnight : twelveHoursAgo;
}

/** Seconds left of a countdown that started at `startedAt`, never negative. */
export function secondsLeft(startedAt: number, seconds: number, now: number): number {
  return Math.max(0, Math.ceil((startedAt + seconds * 1000 - now) / 1000));
}

/** Reconnect delay: 0.5 s doubling to 30 s, with up to 25 % jitter so a restarted daemon is not stampeded. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - 0.25 * random()));
}

/** The wrap-up seconds of the call's queue, else the longest of the agent's queues, else 0. */
export function wrapUpSecondsFor(queueId: string | null, table: Record<string, number> | undefined): number {
  if (!table) return 0;
  if (queueId !== null && typeof table[queueId] === 'number') return table[queueId];
  const all = Object.values(table).filter((n) => typeof n === 'number');
  return all.length > 0 ? Math.max(...all) : 0;
}
