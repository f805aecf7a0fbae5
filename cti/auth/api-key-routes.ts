import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from './access.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-keys.js';
import { errorSchema, type IdParams, idParamsSchema, roleSchema } from './json-schemas.js';
import { withHttpErrors } from './rule-error-http.js';
import type { Role } from './schema.js';

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
export function apiKeyRoutes(keys: ApiKeyStore): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
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
      async () => ({ items: keys.list().map(keyJson) }),
    );

    app.post<{ Body: { name: string; role: Role } }>(
      '/api/api-keys',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['api-keys'],
          summary: 'Create an API key with one role; the response holds the key, shown this once',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
              role: roleSchema,
            },
            required: ['name', 'role'],
          },
          response: { 201: createdKeySchema, 400: errorSchema },
        },
      },
      async (request, reply) => {
        const principal = request.principal!;
        const createdBy = principal.kind === 'user' ? principal.id : null;
        const { key, record } = keys.create({ name: request.body.name, role: request.body.role, createdBy });
        deps.audit.record({
          actor: actorOf(principal),
          action: 'api_key.create',
          target: `api_key:${record.prefix}`,
          details: { id: record.id, name: record.name, role: record.role },
          ip: request.ip,
        });
        return reply.code(201).send({ ...keyJson(record), key });
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
        return keyJson(record);
      },
    );
  };
}

function keyJson(record: ApiKeyRecord) {
  return {
    ...record,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
