/** The audit filters as typed in the form, and the query string GET /api/audit(.csv) takes. Pure. */

export interface AuditFilter {
  /** Exact action, e.g. "auth.login"; empty for every action. */
  action: string;
  /** `<input type="datetime-local">` values in the browser's time zone; empty for no bound. */
  since: string;
  until: string;
}

/** A datetime-local value ("2026-11-21T09:30" or with seconds) as an ISO instant, or null if empty or invalid. */
export function isoOfLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * The query for a filter. An "until" typed to the minute covers that whole minute, so an entry
 * written at 09:30:42 is found by "until 09:30".
 */
export function auditQuery(filter: AuditFilter, page?: { limit: number; offset: number }): string {
  const q = new URLSearchParams();
  const action = filter.action.trim();
  if (action) q.set('action', action);
  const since = isoOfLocalInput(filter.since);
  if (since) q.set('since', since);
  const until = isoOfLocalInput(filter.until);
  if (until) {
    const toMinute = /T\d{2}:\d{2}$/.test(filter.until.trim());
    q.set('until', toMinute ? new Date(Date.parse(until) + 59_999).toISOString() : until);
  }
  if (page) {
    q.set('limit', String(page.limit));
    q.set('offset', String(page.offset));
  }
  return q.toString();
}
