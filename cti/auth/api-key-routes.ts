import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import { badRequest } from '../http/errors.js';
import type { RouteAccess } from './access.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-keys.js';
import { errorSchema, type IdParams, idParamsSchema, roleSchema } from './json-schemas.js';
import { withHttpErrors } from './rule-error-http.js';
import type { Role } from './schema.js';
import { queueIdsSchema } from './supervisor-queue-routes.js';
import type { SupervisorQueueStore } from './supervisor-queues.js';

const ADMIN_ONLY: RouteAccess = ['admin'];

const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'the start of the key, to tell keys apart' },
    role: roleSchema,
    createdBy: { type: ['integer', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time', description: 'to the minute' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    queues: {
      type: 'array',
      items: { type: 'string' },
      description: 'supervisor keys only: the queues the key supervises',
    },
  },
} as const;

const createdKeySchema = {
  type: 'object',
  properties: {
    ...keySchema.properties,
    key: { type: 'string', description: 'send as the x-api-key header; shown this once only' },
  },
} as const;

/** API keys for integrations (admins only). The key is returned once, at creation. */
export function apiKeyRoutes(
  keys: ApiKeyStore,
  supervisorQueues: SupervisorQueueStore,
): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const keyJson = (record: ApiKeyRecord, queues?: string[]) => {
      const json = recordJson(record);
      return record.role === 'supervisor' ? { ...json, queues: queues ?? [] } : json;
    };

    app.get(
      '/api/api-keys',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['api-keys'],
          summary: 'All API keys, newest first (never the keys themselves)',
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: keySchema } } } },
        },
      },
      async () => {
        const queues = supervisorQueues.byApiKey();
        return { items: keys.list().map((record) => keyJson(record, queues.get(record.id))) };
      },
    );

    app.post<{ Body: { name: string; role: Role; queues?: string[] } }>(
      '/api/api-keys',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['api-keys'],
          summary:
            'Create an API key with one role (supervisor keys: the queues they supervise); the response holds the key, shown this once',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
              role: roleSchema,
              queues: queueIdsSchema,
            },
            required: ['name', 'role'],
          },
          response: { 201: createdKeySchema, 400: errorSchema },
        },
      },
      async (request, reply) => {
        const principal = request.principal!;
        const createdBy = principal.kind === 'user' ? principal.id : null;
        const { name, role, queues } = request.body;
        if (queues !== undefined && role !== 'supervisor')
          throw badRequest(`queues are given to supervisor keys only; this key's role is ${role}`);
        const wanted = await withHttpErrors(() => supervisorQueues.checkQueues(queues ?? []));
        // The key and its queues appear together or not at all.
        const { key, record } = deps.db.transaction(() => {
          const made = keys.create({ name, role, createdBy });
          if (role === 'supervisor') supervisorQueues.replace({ apiKeyId: made.record.id }, wanted);
          return made;
        });
        deps.audit.record({
          actor: actorOf(principal),
          action: 'api_key.create',
          target: `api_key:${record.prefix}`,
          details: {
            id: record.id,
            name: record.name,
            role: record.role,
            ...(role === 'supervisor' ? { queues: wanted } : {}),
          },
          ip: request.ip,
        });
        return reply.code(201).send({ ...keyJson(record, wanted), key });
      },
    );

    app.delete<{ Params: IdParams }>(
      '/api/api-keys/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['api-keys'],
          summary: 'Revoke an API key (revoking twice changes nothing)',
          params: idParamsSchema,
          response: { 200: keySchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { record, changed } = await withHttpErrors(() => keys.revoke(request.params.id));
        if (changed) {
          deps.audit.record({
            actor: actorOf(request.principal),
            action: 'api_key.revoke',
            target: `api_key:${record.prefix}`,
            details: { id: record.id, name: record.name, role: record.role },
            ip: request.ip,
          });
        }
        return keyJson(record, supervisorQueues.of({ apiKeyId: record.id }));
      },
    );
  };
}

function recordJson(record: ApiKeyRecord) {
  return {
    ...record,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
