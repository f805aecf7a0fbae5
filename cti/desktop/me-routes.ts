import { and, desc, eq, gte } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { acdOffers, acdQueues } from '../acd/schema.js';
import { sessionTokenOf } from '../auth/credentials.js';
import { SessionStore } from '../auth/sessions.js';
import { calls } from '../calls/schema.js';
import type { AppDeps } from '../deps.js';
import { badRequest } from '../http/errors.js';
import { AgentDirectory } from '../realtime/agent-directory.js';
import { dispositionSchema, toDispositionJson } from './dispositions.js';
import { myAgent } from './my-agent.js';
import { callDispositions } from './schema.js';

interface MyCallsQuery {
  since?: string;
  limit: number;
}

const myAgentResponse = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: ['string', 'null'] },
    state: { type: 'string' },
    since: { type: 'string', format: 'date-time' },
    reason: { type: 'string', description: 'the pause reason (paused only)' },
    queues: { type: 'array', items: { type: 'string' } },
    wrapUpSeconds: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'wrap-up time after a call, per queue id',
    },
  },
} as const;

const myCallsResponse = {
  type: 'object',
  properties: {
    since: { type: 'string', format: 'date-time' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          callId: { type: 'integer' },
          callerNumber: { type: ['string', 'null'] },
          dialedNumber: { type: ['string', 'null'] },
          queue: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          answeredAt: { type: 'string', format: 'date-time', description: 'when this agent answered' },
          endedAt: { type: ['string', 'null'], format: 'date-time' },
          disposition: dispositionSchema,
        },
      },
    },
  },
} as const;

/** The agent's own view: their state and queues, and the calls they answered. */
export const meRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const directory = new AgentDirectory(deps.db, deps.acd.router);
  const sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);
  const queueName = (queueId: string): string => {
    const live = deps.acd.router.getQueue(queueId);
    if (live) return live.name;
    return deps.db.select().from(acdQueues).where(eq(acdQueues.id, queueId)).get()?.config.name ?? queueId;
  };
  const wrapUpOf = (queueId: string): number | undefined =>
    deps.acd.router.getQueue(queueId)?.wrapUpSeconds ??
    deps.db.select().from(acdQueues).where(eq(acdQueues.id, queueId)).get()?.config.wrapUpSeconds;

  app.get(
    '/api/me/agent',
    {
      config: { access: ['agent'] },
      schema: {
        tags: ['desktop'],
        summary: 'The agent record of the logged-in agent, with live state and wrap-up time per queue',
        response: { 200: myAgentResponse },
      },
    },
    async (request) => {
      const me = myAgent(deps.db, request.principal);
      const view = directory.view(me.id);
      if (!view) throw new Error(`agent ${me.id} vanished`);
      const wrapUpSeconds: Record<string, number> = {};
      for (const queueId of view.queues) {
        const seconds = wrapUpOf(queueId);
        if (seconds !== undefined) wrapUpSeconds[queueId] = seconds;
      }
      return { ...view, wrapUpSeconds };
    },
  );

  app.get<{ Querystring: MyCallsQuery }>(
    '/api/me/calls',
    {
      config: { access: ['agent'] },
      schema: {
        tags: ['desktop'],
        summary:
          'Calls the logged-in agent answered since a time (default: the start of this login), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            since: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: { 200: myCallsResponse },
      },
    },
    async (request) => {
      const me = myAgent(deps.db, request.principal);
      let since: Date;
      if (request.query.since !== undefined) {
        since = new Date(request.query.since);
        if (Number.isNaN(since.getTime())) throw badRequest(`since (${request.query.since}) is not a time`);
      } else {
        const token = sessionTokenOf(request.headers);
        const session = token ? sessions.liveSession(token) : null;
        since =
          session?.createdAt ??
          new Date(deps.clock().getTime() - deps.settings.auth.sessionHours * 3_600_000);
      }
      const rows = deps.db
        .select({
          callId: calls.id,
          callerNumber: calls.callerNumber,
          dialedNumber: calls.dialedNumber,
          queueId: acdOffers.queueId,
          answeredAt: acdOffers.outcomeAt,
          endedAt: calls.endedAt,
          disposition: callDispositions,
        })
        .from(acdOffers)
        .innerJoin(calls, eq(calls.id, acdOffers.callId))
        .leftJoin(
          callDispositions,
          and(eq(callDispositions.callId, acdOffers.callId), eq(callDispositions.agentId, acdOffers.agentId)),
        )
        .where(
          and(
            eq(acdOffers.agentId, me.id),
            eq(acdOffers.outcome, 'answered'),
            gte(acdOffers.outcomeAt, since),
          ),
        )
        .orderBy(desc(acdOffers.outcomeAt))
        .limit(request.query.limit)
        .all();
      return {
        since: since.toISOString(),
        items: rows.map((row) => ({
          callId: row.callId,
          callerNumber: row.callerNumber,
          dialedNumber: row.dialedNumber,
          queue: { id: row.queueId, name: queueName(row.queueId) },
          answeredAt: (row.answeredAt ?? since).toISOString(),
          endedAt: row.endedAt?.toISOString() ?? null,
          disposition: row.disposition ? toDispositionJson(row.disposition) : null,
        })),
      };
    },
  );
};
