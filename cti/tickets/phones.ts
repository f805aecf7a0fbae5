/** A phone number as stored: digits with an optional leading +; null when `raw` is not a number. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-./()]/g, '');
  return /^\+?[0-9]{3,20}$/.test(compact) ? compact : null;
}

/**
 * What callers are matched on: the digits without a leading + or international 00, so a contact
 * saved as "+49 30 123" matches a caller presented as "004930123" or "+4930123".
 */
export function phoneKey(normalised: string): string {
  return normalised.replace(/^\+/, '').replace(/^00/, '');
}

/** The match key of a caller id as Asterisk presents it, or null for a withheld or odd one. */
export function callerKey(callerNumber: string | null | undefined): string | null {
  if (!callerNumber) return null;
  const normalised = normalisePhone(callerNumber);
  return normalised === null ? null : phoneKey(normalised);
}
