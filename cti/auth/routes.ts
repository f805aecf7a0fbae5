import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from '../audit/routes.js';
import type { AppDeps } from '../deps.js';
import { apiKeyRoutes } from './api-key-routes.js';
import { ApiKeyStore } from './api-keys.js';
import { LoginService } from './login.js';
import { LoginThrottle } from './login-throttle.js';
import { sessionRoutes } from './session-routes.js';
import { SessionStore } from './sessions.js';
import { supervisorQueueRoutes } from './supervisor-queue-routes.js';
import { SupervisorQueueStore } from './supervisor-queues.js';
import { userRoutes } from './user-routes.js';
import { UserService } from './users.js';

/** Login and sessions, users, API keys and the audit log: builds the services once and registers each route group. */
export const authRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const users = new UserService(deps.db, deps.clock);
  const sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);
  const login = new LoginService(users, sessions, new LoginThrottle(deps.clock), deps.audit);
  const supervisorQueues = new SupervisorQueueStore(deps.db, deps.clock);
  await app.register(sessionRoutes({ login, sessions, users, supervisorQueues }), deps);
  await app.register(userRoutes({ users, sessions, supervisorQueues }), deps);
  await app.register(supervisorQueueRoutes({ users, supervisorQueues }), deps);
  await app.register(apiKeyRoutes(new ApiKeyStore(deps.db, deps.clock), supervisorQueues), deps);
  await app.register(auditRoutes, deps);
};
