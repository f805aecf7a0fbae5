import { api } from '../../lib/api.js';
import { downloadFile } from './download.js';

import { type ReportAnswer, type ReportRequest, reportPath } from './report-query.js';

export * from './report-query.js';

export function fetchReport(r: ReportRequest): Promise<ReportAnswer> {
  return api<ReportAnswer>('GET', reportPath(r));
}

export function downloadReport(r: ReportRequest, format: 'csv' | 'xlsx'): Promise<string> {
  return downloadFile(reportPath(r, format), `report-${r.kind}-${r.from}-${r.interval}.${format}`);
}

/**
 * The agents an admin or supervisor may pick from: everyone with activity in the 30 days up to
 * `today` (the API has no agent list; its agent report names exactly the agents in the caller's scope).
 */
export async function recentAgents(from: string, to: string): Promise<Array<{ id: string; name: string }>> {
  const answer = await fetchReport({
    kind: 'agents',
    from,
    to,
    interval: 'total',
    queues: [],
    agents: [],
    skill: '',
  });
  return answer.rows.map((row) => ({ id: String(row.agentId), name: String(row.agentName ?? row.agentId) }));
}
