import type { FastifyPluginAsync } from 'fastify';
import { accessScope, callInScope, requireCall } from '../auth/scope.js';
import type { AppDeps } from '../deps.js';
import { type DispositionJson, Dispositions, dispositionSchema } from '../desktop/dispositions.js';
import { badRequest, notFound } from '../http/errors.js';
import { type CallRow, calls } from './schema.js';

const callSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    channelId: { type: 'string' },
    callerNumber: { type: ['string', 'null'] },
    callerName: { type: ['string', 'null'] },
    dialedNumber: { type: ['string', 'null'] },
    startedAt: { type: 'string', format: 'date-time' },
    answeredAt: { type: ['string', 'null'], format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    hangupCause: { type: ['integer', 'null'] },
    hangupCauseText: { type: ['string', 'null'] },
    endedBy: { type: ['string', 'null'], enum: ['caller', 'daemon', 'lost', 'transferred', null] },
    disposition: {
      ...dispositionSchema,
      description: "the agent's wrap-up (the latest, if several agents answered)",
    },
  },
} as const;

interface ListQuery {
  from?: string;
  to?: string;
  caller?: string;
  dialed?: string;
  state?: 'live' | 'ended' | 'answered' | 'unanswered';
  limit: number;
  offset: number;
}

/**
 * The call log over HTTP, for admins (every call) and supervisors (calls that waited in a queue
 * they supervise; see cti/auth/README.md). Agents read their own calls at /api/me/calls.
 */
export const callRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const dispositions = new Dispositions(deps.db);
  app.get<{ Querystring: ListQuery }>(
    '/api/calls',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['calls'],
        summary: 'List calls, newest first (supervisors: calls that waited in their queues)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date-time', description: 'started at or after' },
            to: { type: 'string', format: 'date-time', description: 'started before' },
            caller: { type: 'string', maxLength: 64, description: 'part of the caller number' },
            dialed: { type: 'string', maxLength: 64, description: 'exact dialled number (DID)' },
            state: { type: 'string', enum: ['live', 'ended', 'answered', 'unanswered'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { total: { type: 'integer' }, items: { type: 'array', items: callSchema } },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const from = q.from ? new Date(q.from) : undefined;
      const to = q.to ? new Date(q.to) : undefined;
      if (from && to && from >= to) throw badRequest(`from (${q.from}) must be before to (${q.to})`);
      const inScope = callInScope(accessScope(deps.db, request.principal!), calls.id);
      const page = deps.callLog.list({
        inScope,
        from,
        to,
        callerNumber: q.caller,
        dialedNumber: q.dialed,
        state: q.state,
        limit: q.limit,
        offset: q.offset,
      });
      const byCall = dispositions.latestOf(page.items.map((row) => row.id));
      return { total: page.total, items: page.items.map((row) => toJson(row, byCall.get(row.id) ?? null)) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/calls/:id',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['calls'],
        summary: 'One call (403 out_of_scope for a supervisor when it waited in none of their queues)',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
        response: { 200: callSchema },
      },
    },
    async (request) => {
      const row = deps.callLog.byId(request.params.id);
      if (!row) throw notFound(`call ${request.params.id}`);
      const principal = request.principal!;
      requireCall(deps.db, accessScope(deps.db, principal), principal, row.id);
      return toJson(row, dispositions.latestOf([row.id]).get(row.id) ?? null);
    },
  );
};

function toJson(row: CallRow, disposition: DispositionJson | null) {
  return {
    ...row,
    disposition,
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
