import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import { badRequest } from '../http/errors.js';
import type { RouteAccess } from './access.js';
import { errorSchema, type IdParams, idParamsSchema, roleSchema } from './json-schemas.js';
import { withHttpErrors } from './rule-error-http.js';
import type { SupervisorQueueStore } from './supervisor-queues.js';
import type { PublicUser, UserService } from './users.js';

const ADMIN_ONLY: RouteAccess = ['admin'];

export const queueIdsSchema = {
  type: 'array',
  items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
  maxItems: 500,
} as const;

const assignmentSchema = {
  type: 'object',
  properties: {
    userId: { type: 'integer' },
    username: { type: 'string' },
    role: roleSchema,
    queues: { type: 'array', items: { type: 'string' } },
  },
  required: ['userId', 'username', 'role', 'queues'],
} as const;

/** Which queues a supervisor watches and acts on (admins only); each change is audited. */
export function supervisorQueueRoutes(services: {
  users: UserService;
  supervisorQueues: SupervisorQueueStore;
}): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { users, supervisorQueues } = services;
    const assignment = (user: PublicUser) => ({
      userId: user.id,
      username: user.username,
      role: user.role,
      queues: user.role === 'supervisor' ? supervisorQueues.of({ userId: user.id }) : [],
    });

    app.get<{ Params: IdParams }>(
      '/api/users/:id/queues',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'The queues a supervisor supervises (other roles: none; admins see every queue anyway)',
          params: idParamsSchema,
          response: { 200: assignmentSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => assignment(await withHttpErrors(() => users.get(request.params.id))),
    );

    app.put<{ Params: IdParams; Body: { queues: string[] } }>(
      '/api/users/:id/queues',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'Replace the queues a supervisor supervises (the whole set; [] for none)',
          params: idParamsSchema,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { queues: queueIdsSchema },
            required: ['queues'],
          },
          response: { 200: assignmentSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const user = await withHttpErrors(() => users.get(request.params.id));
        if (user.role !== 'supervisor')
          throw badRequest(
            `user "${user.username}" is ${user.role === 'admin' ? 'an admin' : 'an agent'}; only supervisors are given queues`,
          );
        const change = await withHttpErrors(() =>
          supervisorQueues.replace({ userId: user.id }, request.body.queues),
        );
        if (change.added.length > 0 || change.removed.length > 0)
          deps.audit.record({
            actor: actorOf(request.principal),
            action: 'user.queues',
            target: `user:${user.username}`,
            details: { ...change },
            ip: request.ip,
          });
        return assignment(user);
      },
    );
  };
}
