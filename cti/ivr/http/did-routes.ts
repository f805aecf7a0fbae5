import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { FlowRef } from '../dids/did-service.js';
import type { IvrServices } from '../ivr-services.js';
import { changeRecorder } from './audit.js';
import { ADMIN_ONLY, ADMIN_OR_SUPERVISOR, didParams, didRouteSchema, errorSchema } from './json-schemas.js';

const tags = ['ivr routing'];

/** DID routes: which flow answers which dialled number ("*" is the default). */
export function didRoutes(ivr: IvrServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { dids } = ivr;
    const record = changeRecorder(deps);

    app.get(
      '/api/dids',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'All DID routes',
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: didRouteSchema } } },
          },
        },
      },
      async () => ({ items: dids.list() }),
    );

    app.put<{ Params: { did: string }; Body: { flowId: FlowRef } }>(
      '/api/dids/:did',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags,
          summary: 'Route a dialled number to a flow (which must have a live version)',
          params: didParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              flowId: {
                anyOf: [
                  { type: 'integer', minimum: 1 },
                  { type: 'string', minLength: 1, maxLength: 100 },
                ],
                description: 'The flow by id, or by name',
              },
            },
            required: ['flowId'],
          },
          response: { 200: didRouteSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const { route, previousFlowId } = dids.put(request.params.did, request.body.flowId);
        record(request, {
          action: 'did.put',
          target: `did:${route.did}`,
          details: { flowId: route.flowId, flowName: route.flowName, previousFlowId },
        });
        return route;
      },
    );

    app.delete<{ Params: { did: string } }>(
      '/api/dids/:did',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags,
          summary: 'Remove a DID route (calls to that number then take the "*" default, if any)',
          params: didParams,
          response: { 204: { type: 'null' }, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const route = dids.delete(request.params.did);
        record(request, {
          action: 'did.delete',
          target: `did:${route.did}`,
          details: { flowId: route.flowId, flowName: route.flowName },
        });
        return reply.code(204).send();
      },
    );
  };
}
