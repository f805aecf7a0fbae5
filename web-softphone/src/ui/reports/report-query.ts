/**
 * The reports API's shapes and query strings (cti/reports/routes.ts): GET
 * /api/reports/{queues,agents,pauses}[.csv|.xlsx]. Pure and DOM-free: test/web runs it.
 */

export const REPORT_KINDS = ['queues', 'agents', 'pauses'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const INTERVALS = ['15m', 'hour', 'day', 'month', 'total'] as const;
export type Interval = (typeof INTERVALS)[number];

/** A row: text and number columns, figures null when there was nothing to measure. */
export type ReportRow = Record<string, string | number | null>;

export interface ReportAnswer {
  report: ReportKind;
  timeZone: string;
  /** Local times of the report zone with their offset. */
  from: string;
  to: string;
  interval: Interval;
  shortAbandonSeconds: number;
  repeatCallWindowHours: number;
  generatedAt: string;
  rows: ReportRow[];
}

export interface ReportRequest {
  kind: ReportKind;
  /** YYYY-MM-DD, both days included. */
  from: string;
  to: string;
  interval: Interval;
  queues: string[];
  agents: string[];
  skill: string;
}

/** The query string of a request; queue and agent repeat for several. Pure. */
export function reportQueryString(r: ReportRequest): string {
  const q = new URLSearchParams();
  if (r.from) q.set('from', r.from);
  if (r.to) q.set('to', r.to);
  q.set('interval', r.interval);
  for (const id of [...r.queues].sort()) q.append('queue', id);
  // The queue report has no agent filter (the API refuses one).
  if (r.kind !== 'queues') for (const id of [...r.agents].sort()) q.append('agent', id);
  if (r.skill.trim()) q.set('skill', r.skill.trim());
  return q.toString();
}

export function reportPath(r: ReportRequest, format: 'json' | 'csv' | 'xlsx' = 'json'): string {
  return `/api/reports/${r.kind}${format === 'json' ? '' : `.${format}`}?${reportQueryString(r)}`;
}
