import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import { badRequest, notFound } from '../http/errors.js';
import { webhookUrlRefusal } from './url-check.js';
import { deliveryJson, WEBHOOK_EVENT_PATTERNS, WebhookStore, webhookJson } from './webhook-store.js';

const ADMIN = ['admin'] as const;

const error = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } };
const errors = { 400: error, 403: error, 404: error } as const;
const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;
const webhookSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    event: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** Admins' webhook endpoints and their delivery logs (cti/webhooks/README.md). */
export const webhookRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const store = new WebhookStore(deps.db, deps.clock);

  app.post<{ Body: { url: string; events: string[] } }>(
    '/api/webhooks',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['webhooks'],
        summary: 'Register an endpoint; the answer holds its signing secret, shown this once',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'events'],
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 2000 },
            events: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: { type: 'string', enum: [...WEBHOOK_EVENT_PATTERNS] },
            },
          },
        },
        response: {
          201: { type: 'object', properties: { ...webhookSchema.properties, secret: { type: 'string' } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const refusal = await webhookUrlRefusal(request.body.url, deps.settings.webhooks.allowHosts);
      if (refusal) throw badRequest(refusal);
      const { row, secret } = store.register({
        url: request.body.url,
        events: request.body.events,
        createdBy: `${request.principal!.kind}:${request.principal!.name}`,
      });
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'webhook.create',
        target: `webhook:${row.id}`,
        details: { url: row.url, events: row.events },
        ip: request.ip,
      });
      return reply.code(201).send({ ...webhookJson(row), secret });
    },
  );

  app.get(
    '/api/webhooks',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['webhooks'],
        summary: 'Registered endpoints (without their secrets)',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: webhookSchema } } } },
      },
    },
    async () => ({ items: store.list().map(webhookJson) }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/webhooks/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['webhooks'],
        summary: 'Remove an endpoint and its delivery log; pending deliveries are dropped',
        params: idParams,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      if (!store.remove(request.params.id)) throw notFound(`webhook ${request.params.id}`);
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'webhook.delete',
        target: `webhook:${request.params.id}`,
        details: {},
        ip: request.ip,
      });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: number }; Querystring: { limit: number } }>(
    '/api/webhooks/:id/deliveries',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['webhooks'],
        summary: 'Deliveries to the endpoint, newest first: status, attempts, last error',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: deliverySchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      if (!store.byId(request.params.id)) throw notFound(`webhook ${request.params.id}`);
      return { items: store.deliveries(request.params.id, request.query.limit).map(deliveryJson) };
    },
  );
};
