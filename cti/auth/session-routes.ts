import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppDeps } from '../deps.js';
import { badRequest, ClientError } from '../http/errors.js';
import { sessionTokenOf } from './credentials.js';
import { errorSchema, passwordSchema, roleSchema } from './json-schemas.js';
import type { LoginService } from './login.js';
import { withHttpErrors } from './rule-error-http.js';
import type { SessionStore } from './sessions.js';
import type { SupervisorQueueStore } from './supervisor-queues.js';
import type { UserService } from './users.js';

export interface SessionRouteServices {
  login: LoginService;
  sessions: SessionStore;
  users: UserService;
  supervisorQueues: SupervisorQueueStore;
}

interface LoginBody {
  username: string;
  password: string;
}

interface PasswordChangeBody {
  currentPassword: string;
  newPassword: string;
}

const loginResponse = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    user: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        displayName: { type: 'string' },
        role: roleSchema,
      },
    },
  },
} as const;

const meResponse = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['user', 'api_key'] },
    id: { type: 'integer' },
    name: { type: 'string', description: 'username, or the API key name' },
    displayName: { type: 'string' },
    role: roleSchema,
    queues: {
      type: 'array',
      items: { type: 'string' },
      description: 'supervisors only: the queues they supervise (admins see all, agents their own calls)',
    },
  },
} as const;

/** Login, logout, who-am-I and changing one's own password. */
export function sessionRoutes(services: SessionRouteServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    app.post<{ Body: LoginBody }>(
      '/api/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Log in with username and password; returns a bearer token',
          security: [],
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              username: { type: 'string', minLength: 1, maxLength: 200 },
              password: passwordSchema,
            },
            required: ['username', 'password'],
          },
          response: { 200: loginResponse, 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const outcome = await services.login.login(request.body.username, request.body.password, request.ip);
        if (outcome.kind === 'throttled') throw tooManyAttempts(reply, outcome.retryAfterSeconds);
        if (outcome.kind === 'rejected') throw new ClientError(401, 'invalid_credentials', outcome.message);
        const { id, username, displayName, role } = outcome.user;
        return {
          token: outcome.token,
          expiresAt: outcome.expiresAt.toISOString(),
          user: { id, username, displayName, role },
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], summary: 'End the current session', response: { 204: { type: 'null' } } },
      },
      async (request, reply) => {
        const token = sessionTokenOf(request.headers);
        if (!token)
          throw badRequest('logout ends bearer sessions; API keys are revoked with DELETE /api/api-keys/:id');
        const session = services.sessions.liveSession(token);
        services.sessions.end(token);
        // The softphone account of this login goes with it (never fails the logout: a sweep retries).
        if (session) await deps.softphone.sessionEnded(session.id);
        const principal = request.principal!;
        deps.audit.record({
          actor: { type: 'user', id: principal.id, name: principal.name },
          action: 'auth.logout',
          target: `user:${principal.name}`,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], summary: 'Who the credentials belong to', response: { 200: meResponse } },
      },
      async (request) => {
        const principal = request.principal!;
        const displayName =
          principal.kind === 'user' ? services.users.get(principal.id).displayName : principal.name;
        if (principal.role !== 'supervisor') return { ...principal, displayName };
        const owner = principal.kind === 'user' ? { userId: principal.id } : { apiKeyId: principal.id };
        return { ...principal, displayName, queues: services.supervisorQueues.of(owner) };
      },
    );

    app.post<{ Body: PasswordChangeBody }>(
      '/api/auth/password',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (your other sessions end)',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { currentPassword: passwordSchema, newPassword: passwordSchema },
            required: ['currentPassword', 'newPassword'],
          },
          response: {
            200: { type: 'object', properties: { otherSessionsEnded: { type: 'integer' } } },
            400: errorSchema,
            429: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal!;
        if (principal.kind !== 'user')
          throw badRequest('API keys have no password; an admin makes a new key instead');
        const { currentPassword, newPassword } = request.body;
        const outcome = await withHttpErrors(() =>
          services.login.changeOwnPassword(
            principal.id,
            currentPassword,
            newPassword,
            sessionTokenOf(request.headers),
            request.ip,
          ),
        );
        if (outcome.kind === 'throttled') throw tooManyAttempts(reply, outcome.retryAfterSeconds);
        if (outcome.kind === 'wrong_password') {
          throw new ClientError(400, 'wrong_password', 'the current password is wrong');
        }
        return { otherSessionsEnded: outcome.otherSessionsEnded };
      },
    );
  };
}

function tooManyAttempts(reply: FastifyReply, retryAfterSeconds: number): ClientError {
  reply.header('retry-after', String(retryAfterSeconds));
  return new ClientError(
    429,
    'too_many_requests',
    `too many wrong passwords; try again in ${retryAfterSeconds} s`,
  );
}
