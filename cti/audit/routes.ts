import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteAccess } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { badRequest } from '../http/errors.js';
import { type AuditLog, actorOf } from './audit-log.js';
import { auditCsvLine, CSV_HEADER } from './csv.js';
import type { AuditRow } from './schema.js';

interface AuditQuery {
  action?: string;
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

type AuditFilter = Parameters<AuditLog['list']>[0];

const ADMIN_ONLY: RouteAccess = ['admin'];
/** Rows read per page while exporting; the loop yields between pages so ARI events keep flowing. */
const EXPORT_PAGE = 500;

function querySchema(maxLimit: number, defaultLimit: number) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      action: { type: 'string', minLength: 1, maxLength: 64, description: 'exact action, e.g. auth.login' },
      since: { type: 'string', format: 'date-time', description: 'at or after' },
      until: { type: 'string', format: 'date-time', description: 'at or before' },
      limit: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
      offset: { type: 'integer', minimum: 0, default: 0 },
    },
  } as const;
}

const auditRowSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actorType: { type: 'string', enum: ['user', 'api_key', 'cli', 'system', 'anonymous'] },
    actorId: { type: ['integer', 'null'] },
    actorName: { type: ['string', 'null'] },
    action: { type: 'string' },
    target: { type: ['string', 'null'] },
    outcome: { type: 'string', enum: ['ok', 'denied', 'failed'] },
    details: { type: ['object', 'null'], additionalProperties: true },
    ip: { type: ['string', 'null'] },
  },
} as const;

/** The audit log for admins: a filtered JSON page, or a CSV export of the same filter. */
export const auditRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first',
        querystring: querySchema(1000, 100),
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: auditRowSchema } } },
        },
      },
    },
    async (request) => ({ items: deps.audit.list(filterOf(request.query)).map(rowJson) }),
  );

  app.get<{ Querystring: AuditQuery }>(
    '/api/audit.csv',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags: ['audit'],
        summary: 'Audit log as CSV, newest first (same filters; up to 100000 rows)',
        querystring: querySchema(100_000, 10_000),
      },
    },
    async (request, reply) => {
      // Pinning the end keeps offsets stable while new rows arrive during a long export.
      const filter = { ...filterOf(request.query), until: filterOf(request.query).until ?? deps.clock() };
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'audit.export',
        details: { ...request.query },
        ip: request.ip,
      });
      const day = deps.clock().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="switchboard-audit-${day}.csv"`)
        .send(Readable.from(csvPages(deps.audit, filter)));
    },
  );
};

function filterOf(query: AuditQuery): AuditFilter {
  const since = query.since ? new Date(query.since) : undefined;
  const until = query.until ? new Date(query.until) : undefined;
  if (since && until && since > until)
    throw badRequest(`since (${query.since}) must not be after until (${query.until})`);
  return { action: query.action, since, until, limit: query.limit, offset: query.offset };
}

async function* csvPages(audit: AuditLog, filter: AuditFilter): AsyncGenerator<string> {
  yield CSV_HEADER;
  let sent = 0;
  while (sent < filter.limit) {
    const size = Math.min(EXPORT_PAGE, filter.limit - sent);
    const rows = audit.list({ ...filter, limit: size, offset: filter.offset + sent });
    if (rows.length > 0) yield rows.map(auditCsvLine).join('');
    sent += rows.length;
    if (rows.length < size) return;
    await nextTurn();
  }
}

function rowJson(row: AuditRow) {
  return { ...row, at: row.at.toISOString() };
}
