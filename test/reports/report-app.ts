import type { Test } from 'tap';
import { AcdAdmin } from '../../cti/acd/acd-admin.js';
import { buildTestApp, injectJson, type TestApp, TestClock } from '../helpers/app.js';

export interface ReportApp extends TestApp {
  admin: AcdAdmin;
  asAdmin: Record<string, string>;
  /** GET a report URL as the admin (or with other headers); JSON body. */
  get<T = ReportJson>(url: string, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

export interface ReportJson<Row = Record<string, unknown>> {
  report: string;
  timeZone: string;
  from: string;
  to: string;
  interval: string;
  shortAbandonSeconds: number;
  repeatCallWindowHours: number;
  generatedAt: string;
  rows: Row[];
}

/** The app on a fresh database, reports in `zone`, its clock at `now` (after the scripted data). */
export async function reportApp(t: Test, zone: string, now: string): Promise<ReportApp> {
  const base = await buildTestApp(t, {
    env: { SWITCHBOARD_REPORT_TIMEZONE: zone },
    clock: new TestClock(new Date(now)),
  });
  const admin = new AcdAdmin(base.database.db, base.deps.acd, base.clock.now);
  const { headers } = await base.signedIn('admin');
  return {
    ...base,
    admin,
    asAdmin: headers,
    get: (url, as = headers) => injectJson(base.app, 'GET', url, as),
  };
}

/** A report's rows for one queue or agent, keyed by interval start. */
export function rowsOf<Row extends { start: string }>(
  rows: Row[],
  key: 'queueId' | 'agentId',
  id: string,
): Map<string, Row> {
  return new Map(rows.filter((r) => (r as Record<string, unknown>)[key] === id).map((r) => [r.start, r]));
}
