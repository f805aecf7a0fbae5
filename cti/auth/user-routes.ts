import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type AuditEntry, actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from './access.js';
import {
  displayNameSchema,
  errorSchema,
  type IdParams,
  idParamsSchema,
  passwordSchema,
  roleSchema,
  userJson,
  usernameSchema,
  userSchema,
} from './json-schemas.js';
import { withHttpErrors } from './rule-error-http.js';
import type { Role } from './schema.js';
import type { SessionStore } from './sessions.js';
import type { SupervisorQueueStore } from './supervisor-queues.js';
import type { UserChanges, UserService } from './users.js';

export interface UserRouteServices {
  users: UserService;
  sessions: SessionStore;
  supervisorQueues: SupervisorQueueStore;
}

interface CreateBody {
  username: string;
  displayName?: string;
  role: Role;
  password: string;
}

const ADMIN_ONLY: RouteAccess = ['admin'];
const notFoundAnd = { 400: errorSchema, 404: errorSchema } as const;

/** User administration (admins only); every change lands in the audit log with a diff and no secrets. */
export function userRoutes(services: UserRouteServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { users, sessions, supervisorQueues } = services;
    const audit = (request: FastifyRequest, entry: Omit<AuditEntry, 'actor' | 'ip'>) =>
      deps.audit.record({ ...entry, actor: actorOf(request.principal), ip: request.ip });

    app.get(
      '/api/users',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'All users, by username; supervisors with the queues they supervise',
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: userSchema } } } },
        },
      },
      async () => {
        const queues = supervisorQueues.byUser();
        return {
          items: users
            .list()
            .map((user) =>
              user.role === 'supervisor'
                ? { ...userJson(user), queues: queues.get(user.id) ?? [] }
                : userJson(user),
            ),
        };
      },
    );

    app.post<{ Body: CreateBody }>(
      '/api/users',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'Create a user',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              username: usernameSchema,
              displayName: displayNameSchema,
              role: roleSchema,
              password: passwordSchema,
            },
            required: ['username', 'role', 'password'],
          },
          response: { 201: userSchema, 400: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const user = await withHttpErrors(() => users.create(request.body));
        audit(request, {
          action: 'user.create',
          target: `user:${user.username}`,
          details: { id: user.id, role: user.role, displayName: user.displayName },
        });
        return reply.code(201).send(userJson(user));
      },
    );

    app.get<{ Params: IdParams }>(
      '/api/users/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'One user',
          params: idParamsSchema,
          response: { 200: userSchema, ...notFoundAnd },
        },
      },
      async (request) => userJson(await withHttpErrors(() => users.get(request.params.id))),
    );

    app.patch<{ Params: IdParams; Body: UserChanges }>(
      '/api/users/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'Change display name, role or disabled (the last enabled admin stays an enabled admin)',
          params: idParamsSchema,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { displayName: displayNameSchema, role: roleSchema, disabled: { type: 'boolean' } },
          },
          response: { 200: userSchema, ...notFoundAnd, 409: errorSchema },
        },
      },
      async (request) => {
        const { after, diff } = await withHttpErrors(() => users.update(request.params.id, request.body));
        if (Object.keys(diff).length > 0) {
          // A disabled user's sessions stay dead even if the account is enabled again later.
          const sessionsEnded = diff.disabled?.to === true ? sessions.endAllForUser(after.id) : 0;
          // A supervisor made something else loses their queues, so promoting them again later
          // does not quietly bring back an old scope.
          const queuesDropped =
            diff.role?.from === 'supervisor'
              ? supervisorQueues.replace({ userId: after.id }, []).removed
              : [];
          audit(request, {
            action: 'user.update',
            target: `user:${after.username}`,
            details: { changes: diff, sessionsEnded, ...(queuesDropped.length ? { queuesDropped } : {}) },
          });
        }
        return userJson(after);
      },
    );

    app.post<{ Params: IdParams; Body: { password: string } }>(
      '/api/users/:id/password',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: "Set a user's password (their sessions end)",
          params: idParamsSchema,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { password: passwordSchema },
            required: ['password'],
          },
          response: {
            200: { type: 'object', properties: { sessionsEnded: { type: 'integer' } } },
            ...notFoundAnd,
          },
        },
      },
      async (request) => {
        const user = await withHttpErrors(() => users.setPassword(request.params.id, request.body.password));
        const sessionsEnded = sessions.endAllForUser(user.id);
        audit(request, {
          action: 'user.password_reset',
          target: `user:${user.username}`,
          details: { sessionsEnded },
        });
        return { sessionsEnded };
      },
    );

    app.delete<{ Params: IdParams }>(
      '/api/users/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['users'],
          summary: 'Delete a user (not the last enabled admin)',
          params: idParamsSchema,
          response: { 204: { type: 'null' }, ...notFoundAnd, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const user = await withHttpErrors(() => users.delete(request.params.id));
        audit(request, {
          action: 'user.delete',
          target: `user:${user.username}`,
          details: { id: user.id, role: user.role, displayName: user.displayName },
        });
        return reply.code(204).send();
      },
    );
  };
}
