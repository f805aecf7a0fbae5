import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import { sessionTokenOf } from '../auth/credentials.js';
import { SessionStore } from '../auth/sessions.js';
import type { AppDeps } from '../deps.js';
import { myAgent } from '../desktop/my-agent.js';
import { ClientError } from '../http/errors.js';
import { SoftphoneUnavailable } from './softphone-service.js';

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

const credentialsResponse = {
  type: 'object',
  properties: {
    sipUri: { type: 'string' },
    authorizationUser: { type: 'string' },
    password: { type: 'string', description: 'shown once; Switchboard keeps no copy' },
    displayName: { type: 'string' },
    wsServers: { type: 'array', items: { type: 'string' } },
    iceServers: { type: 'array', items: { type: 'string' } },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** SIP credentials for the browser softphone of the logged-in agent, tied to this login session. */
export const softphoneRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);

  app.post(
    '/api/softphone/credentials',
    {
      config: { access: ['agent'] },
      schema: {
        tags: ['softphone'],
        summary: "Create (or replace) this agent's WebRTC SIP account; it lasts as long as this login",
        description:
          'While the account lives, the ACD rings it (PJSIP/webrtc-<agent>) instead of the stored device. ' +
          'It is removed at logout, when the session expires, and when credentials are issued again.',
        response: { 200: credentialsResponse, 403: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const agent = myAgent(deps.db, request.principal);
      const token = sessionTokenOf(request.headers);
      const session = token ? sessions.liveSession(token) : null;
      if (!session)
        throw new ClientError(
          403,
          'forbidden',
          'softphone credentials belong to a login session; log in first',
        );
      let issued: Awaited<ReturnType<AppDeps['softphone']['issue']>>;
      try {
        issued = await deps.softphone.issue({ id: agent.id, name: agent.name }, session);
      } catch (err) {
        if (err instanceof SoftphoneUnavailable)
          throw new ClientError(503, 'asterisk_unavailable', err.message);
        throw err;
      }
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'softphone.credentials',
        target: `agent:${agent.id}`,
        details: { sipUser: issued.authorizationUser, expiresAt: issued.expiresAt },
        ip: request.ip,
      });
      reply.header('cache-control', 'no-store');
      return issued;
    },
  );
};
