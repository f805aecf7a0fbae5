import type { FastifyPluginAsync } from 'fastify';
import { accessScope, requireCall } from '../../auth/scope.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { flowVersionById } from '../flows/flow-for-call.js';
import { IvrPathStore } from './path-store.js';

/** A call's way through its flow: nodes visited, keys pressed, variables collected, how it left. */
export const ivrPathRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const paths = new IvrPathStore(deps.db, deps.clock);
  app.get<{ Params: { id: number } }>(
    '/api/calls/:id/ivr-path',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['calls'],
        summary: "The call's path through its IVR flow, as stored while it went",
        description: 'Supervisors: calls that waited in one of their queues (else 403 out_of_scope).',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      },
    },
    async (request) => {
      const callId = request.params.id;
      if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
      const principal = request.principal!;
      requireCall(deps.db, accessScope(deps.db, principal), principal, callId);
      const stored = paths.get(callId);
      if (!stored) throw notFound(`IVR path of call ${callId} (it reached no flow)`);
      return {
        callId,
        flowId: stored.flowId,
        flowVersionId: stored.flowVersionId,
        version: flowVersionById(deps.db, stored.flowVersionId)?.version ?? null,
        steps: stored.steps,
        variables: stored.variables,
        exit: stored.exit,
        updatedAt: stored.updatedAt.toISOString(),
      };
    },
  );
};
