import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import { errorSchema, queryError, reportQuery, reportSchema } from './http-schemas.js';
import { reportCsv, reportXlsx } from './report-export.js';
import { type ReportKind, type ReportRequest, ReportService } from './report-service.js';

const SUMMARIES: Record<ReportKind, string> = {
  queues:
    'Per queue and interval: offered, answered, abandoned (short abandons apart), service level, ASA, handle time, FCR',
  agents: 'Per agent and interval: calls answered, handle time, time in each state, occupancy, FCR',
  pauses: 'Per agent, interval and pause reason: pauses begun and time paused',
};

const SCOPE_NOTE =
  'Admins: everything. Supervisors: their queues and the agents who are members of them (another queue or agent: 403 out_of_scope). Agents: their own agent and pause report only.';

const FORMATS = ['json', 'csv', 'xlsx'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Historical reports: GET /api/reports/{queues,agents,pauses} as JSON, and the same with .csv or
 * .xlsx for a download. Figures are defined in cti/reports/README.md.
 */
export const reportRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const reports = new ReportService(deps.db, deps.settings.reports, deps.clock);

  for (const report of ['queues', 'agents', 'pauses'] as const) {
    for (const format of FORMATS) {
      const suffix = format === 'json' ? '' : `.${format}`;
      app.get<{ Querystring: ReportRequest }>(
        `/api/reports/${report}${suffix}`,
        {
          config: { access: ['admin', 'supervisor', 'agent'] },
          attachValidation: true,
          schema: {
            tags: ['reports'],
            summary:
              format === 'json' ? SUMMARIES[report] : `${SUMMARIES[report]}, as ${format.toUpperCase()}`,
            description: SCOPE_NOTE,
            querystring: reportQuery,
            response: {
              ...(format === 'json' ? { 200: reportSchema(report) } : {}),
              400: errorSchema,
              403: errorSchema,
            },
          },
        },
        async (request, reply) => {
          if (request.validationError)
            throw queryError(request, (request.validationError as { validation?: [] }).validation ?? []);
          const principal = request.principal!;
          const result = reports[report](principal, request.query);
          if (format === 'json') return result;
          const { rows, ...meta } = result;
          const filters = pick(request.query, ['queue', 'agent', 'skill']);
          deps.audit.record({
            actor: actorOf(principal),
            action: 'report.export',
            target: `report:${report}`,
            details: { format, rows: rows.length, query: request.query },
            ip: request.ip,
          });
          const name = `report-${report}-${meta.from.slice(0, 10)}-${meta.interval}.${format}`;
          reply.header('content-disposition', `attachment; filename="${name}"`);
          if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportCsv(report, rows));
          return reply.type(XLSX_TYPE).send(await reportXlsx(meta, filters, rows));
        },
      );
    }
  }
};

function pick(query: ReportRequest, keys: ReadonlyArray<keyof ReportRequest>): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));
}
