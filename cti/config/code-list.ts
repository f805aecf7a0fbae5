import type { CodeLabel } from './settings.js';

/** Codes are what clients send back and what reports group by: keep them plain. */
const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_LABEL = 80;

/**
 * Reads `code:Label,code:Label` (a label may hold spaces and colons; the first colon splits).
 * Returns the choices in order, or the first problem as a phrase naming the offending entry.
 */
export function parseCodeList(
  text: string,
): { ok: true; items: CodeLabel[] } | { ok: false; problem: string } {
  const items: CodeLabel[] = [];
  const entries = text.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index + 1} (${JSON.stringify(entry)})`;
    const colon = entry.indexOf(':');
    if (colon < 0) return { ok: false, problem: `${at} is not code:Label` };
    const code = entry.slice(0, colon).trim();
    const label = entry.slice(colon + 1).trim();
    if (!CODE.test(code))
      return {
        ok: false,
        problem: `${at}: code ${JSON.stringify(code)} must be lower-case letters, digits, - and _ (up to 64)`,
      };
    if (label === '' || label.length > MAX_LABEL)
      return { ok: false, problem: `${at}: the label must be 1-${MAX_LABEL} characters` };
    if (items.some((item) => item.code === code))
      return { ok: false, problem: `${at}: code "${code}" is listed twice` };
    items.push({ code, label });
  }
  return { ok: true, items };
}
