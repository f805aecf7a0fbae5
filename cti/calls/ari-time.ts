/** ARI writes times as 2026-11-21T11:50:01.123+0000; Date wants the offset with a colon. */
export function parseAriTime(text: string | undefined, fallback: Date): Date {
  if (!text) return fallback;
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = new Date(normalised);
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}
