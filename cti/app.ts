import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { acdRoutes } from './acd/http/routes.js';
import { transferRoutes } from './acd/http/transfer-routes.js';
import type { Principal, RouteAccess } from './auth/access.js';
import { authPlugin } from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { callRoutes } from './calls/routes.js';
import type { AppDeps } from './deps.js';
import { meRoutes } from './desktop/me-routes.js';
import { wrapUpRoutes } from './desktop/wrap-up-routes.js';
import { healthRoutes } from './health/routes.js';
import { ClientError } from './http/errors.js';
import { ivrPathRoutes } from './ivr/call/path-routes.js';
import { ivrRoutes } from './ivr/routes.js';
import { knowledgeRoutes } from './knowledge/routes.js';
import { realtimePlugin } from './realtime/plugin.js';
import { recordingRoutes } from './recordings/routes.js';
import { reportRoutes } from './reports/routes.js';
import { softphoneRoutes } from './softphone/routes.js';
import { supervisionRoutes } from './supervision/routes.js';
import { callTicketRoutes } from './tickets/call-ticket-routes.js';
import { contactRoutes } from './tickets/contact-routes.js';
import { ticketRoutes } from './tickets/routes.js';
import { transcriptionRoutes } from './transcription/routes.js';
import { wallboardRoutes } from './wallboard/routes.js';
import { webAppRoutes } from './web/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

/** Builds the HTTP app from its dependencies; starts nothing (see main.ts), so tests can inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  app.decorateRequest('principal', null as Principal | null);
  app.decorate('routeTable', [] as RouteEntry[]);
  requireAccessOnEveryRoute(app);
  app.setErrorHandler((err, request, reply) => {
    if (err instanceof ClientError)
      return reply.code(err.statusCode).send({ error: err.code, message: err.message });
    const e = err as { validation?: unknown; statusCode?: number; message: string; code?: string };
    if (e.validation) return reply.code(400).send({ error: 'validation', message: e.message });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: e.code ?? 'bad_request', message: e.message });
    }
    request.log.error({ err, url: request.url }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error; see the daemon log' });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Switchboard CTI API',
        version: '0.1.0',
        description: 'Calls, IVR, ACD, agents and tickets around Asterisk.',
      },
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin, deps);
  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(callRoutes, deps);
  await app.register(ivrRoutes, deps);
  await app.register(ivrPathRoutes, deps);
  await app.register(acdRoutes, deps);
  await app.register(transferRoutes, deps);
  await app.register(recordingRoutes, deps);
  await app.register(softphoneRoutes, deps);
  await app.register(wrapUpRoutes, deps);
  await app.register(meRoutes, deps);
  await app.register(transcriptionRoutes, deps);
  await app.register(ticketRoutes, deps);
  await app.register(callTicketRoutes, deps);
  await app.register(contactRoutes, deps);
  await app.register(knowledgeRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(supervisionRoutes, deps);
  await app.register(wallboardRoutes, deps);
  await app.register(realtimePlugin, deps);
  await app.register(webAppRoutes);
  return app;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with who may call it: the access-matrix test and the docs read this. */
    routeTable: RouteEntry[];
  }
}

/** Fails start-up on a route that does not say who may call it, so no route is open by accident. */
function requireAccessOnEveryRoute(app: FastifyInstance): void {
  const undeclaredOk = (url: string) => url.startsWith('/docs');
  app.addHook('onRoute', (route) => {
    if (undeclaredOk(route.url)) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, access });
    }
  });
}
