import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';
import { ClientError } from '../http/errors.js';
import { isAllowed, type Principal, type RouteAccess } from './access.js';
import { ApiKeyStore } from './api-keys.js';
import { type Credentials, readCredentials } from './credentials.js';
import { DenialAudit } from './denial-audit.js';
import { SessionStore } from './sessions.js';

const HOW_TO_AUTHENTICATE =
  'send "Authorization: Bearer <token>" (from POST /api/auth/login) or an "x-api-key" header';

/**
 * Who is calling, and may they? Runs before every route (onRequest, so before bodies are parsed):
 * resolves `request.principal` and enforces the route's `config.access`. 401 for missing or bad
 * credentials, 403 for the wrong role; the header parsing never throws, so odd headers never give 500.
 */
const authenticate: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);
  const apiKeys = new ApiKeyStore(deps.db, deps.clock);
  const denials = new DenialAudit(deps.audit, deps.clock);

  const principalFor = (credentials: Credentials): Principal | null => {
    if (credentials.kind === 'session') return sessions.resolve(credentials.token);
    if (credentials.kind === 'api_key') return apiKeys.resolve(credentials.key);
    return null;
  };

  app.addHook('onRequest', async (request, reply) => {
    const access: RouteAccess | undefined = request.routeOptions.config.access;
    // No access means no route matched (every route must declare one): let the 404 handler answer.
    if (access === undefined) return;
    // Public routes (login, health, metrics) skip the database: scrapers and load balancers call them often.
    if (access === 'public') return;
    const unauthorized = (message: string) => {
      reply.header('www-authenticate', 'Bearer realm="switchboard"');
      return new ClientError(401, 'unauthorized', message);
    };
    const credentials = readCredentials(request.headers);
    if (credentials.kind === 'malformed') throw unauthorized(credentials.reason);
    if (credentials.kind === 'none')
      throw unauthorized(`this route needs credentials: ${HOW_TO_AUTHENTICATE}`);
    const principal = principalFor(credentials);
    if (!principal) {
      throw unauthorized(
        credentials.kind === 'session'
          ? 'the session token is unknown, expired or revoked; log in again'
          : 'the API key is unknown or revoked',
      );
    }
    request.principal = principal;
    if (isAllowed(access, principal)) return;
    const needs = access as readonly string[];
    denials.record(principal, routeName(request), needs, request.ip);
    throw new ClientError(
      403,
      'forbidden',
      `${routeName(request)} needs role ${needs.join(' or ')}; ${describe(principal)} has role ${principal.role}`,
    );
  });
};

function routeName(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url}`;
}

function describe(principal: Principal): string {
  return principal.kind === 'user' ? `user "${principal.name}"` : `API key "${principal.name}"`;
}

/** Wrapped with fastify-plugin so the hook applies to every route of the app, not just this plugin's. */
export const authPlugin = fp(authenticate, { name: 'switchboard-auth', fastify: '5.x' });
