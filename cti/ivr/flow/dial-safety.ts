/**
 * The one gate between flow data / caller input and an Asterisk Dial string. Dial strings treat
 * '&' (more channels), '/' (technology/resource), ',' and '|' (options), '(' ')' and '$' (function
 * and variable expansion) as syntax, so anything but keypad characters is refused — not escaped:
 * there is no escaping that is safe across every channel driver.
 */

const DIALABLE = /^\+?[0-9*#]{1,32}$/;

/** reason reads after "transfer target", e.g. `"500&PJSIP/x" contains "&"; ...`. */
export type DialTargetCheck = { ok: true; target: string } | { ok: false; reason: string };

export function checkDialTarget(raw: unknown): DialTargetCheck {
  if (typeof raw !== 'string') return { ok: false, reason: `must be text, got ${typeof raw}` };
  if (raw === '') return { ok: false, reason: 'is empty' };
  if (DIALABLE.test(raw)) return { ok: true, target: raw };
  const bad = [...raw].find((ch, i) => !(/[0-9*#]/.test(ch) || (ch === '+' && i === 0)));
  if (bad === undefined) return { ok: false, reason: `${JSON.stringify(raw)} is longer than 32 keys` };
  return {
    ok: false,
    reason: `${JSON.stringify(raw)} contains ${JSON.stringify(bad)}; only digits, a leading +, * and # can be dialled`,
  };
}

export class UnsafeDialTargetError extends Error {
  constructor(
    readonly target: unknown,
    reason: string,
  ) {
    super(`transfer target ${reason}`);
    this.name = 'UnsafeDialTargetError';
  }
}

/** The target unchanged when it is safe to put into a Dial string; throws UnsafeDialTargetError otherwise. */
export function safeDialTarget(raw: unknown): string {
  const check = checkDialTarget(raw);
  if (!check.ok) throw new UnsafeDialTargetError(raw, check.reason);
  return check.target;
}
