import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../../audit/audit-log.js';
import { accessScope, requireCall } from '../../auth/scope.js';
import type { AppDeps } from '../../deps.js';
import { ClientError, notFound } from '../../http/errors.js';
import { TransferRefused, type TransferTarget } from '../call/transfer.js';

const target = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['queue'],
      properties: {
        queue: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
        priority: { type: 'integer', minimum: 0, maximum: 100 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['number', 'route'],
      properties: {
        number: { type: 'string', minLength: 1, maxLength: 33 },
        route: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
      },
    },
  ],
} as const;

/** Blind transfer of a connected ACD call, by the agent on it or a supervisor. */
export const transferRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.post<{ Params: { callId: number }; Body: TransferTarget }>(
    '/api/calls/:callId/transfer',
    {
      config: { access: ['agent', 'supervisor', 'admin'] },
      schema: {
        tags: ['acd'],
        summary: 'Blind transfer: the caller goes to a queue, or to a number through a dialplan route',
        description:
          'By the agent connected to the call, a supervisor of a queue the call waited in, or an admin. ' +
          'The target queue may be any queue, as for agents.',
        params: {
          type: 'object',
          properties: { callId: { type: 'integer', minimum: 1 } },
          required: ['callId'],
        },
        body: target,
      },
    },
    async (request, reply) => {
      const { callId } = request.params;
      if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
      const agentId = deps.acd.connectedAgentOf(callId);
      const principal = request.principal!;
      if (principal.role === 'agent' && agentId !== undefined) {
        const linkedUser = deps.acd.agentUserId(agentId);
        if (principal.kind !== 'user' || linkedUser !== principal.id)
          throw new ClientError(403, 'forbidden', `call ${callId} is not connected to you`);
      } else {
        // Not connected: an agent still gets 403 for a call that was never theirs, not 409.
        requireCall(deps.db, accessScope(deps.db, principal), principal, callId);
      }
      try {
        await deps.acd.transfer(callId, request.body);
      } catch (err) {
        if (err instanceof TransferRefused)
          throw new ClientError(err.kind === 'conflict' ? 409 : 400, err.kind, err.message);
        throw err;
      }
      deps.audit.record({
        actor: actorOf(principal),
        action: 'call.transfer',
        target: `call:${callId}`,
        details: { ...request.body, agentId },
        ip: request.ip,
      });
      return reply.code(202).send({ callId, transferred: request.body });
    },
  );
};
