import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { SimulationRequest } from '../flows/flow-simulation.js';
import type { IvrServices } from '../ivr-services.js';
import {
  ADMIN_OR_SUPERVISOR,
  errorSchema,
  type FlowIdParams,
  flowIdParams,
  invalidFlowSchema,
} from './json-schemas.js';

const phoneNumber = { type: 'string', maxLength: 64 } as const;

const httpStubSchema = {
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { type: 'integer', minimum: 100, maximum: 599 },
        body: {},
        delayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
      },
      required: ['status'],
    },
    {
      type: 'object',
      additionalProperties: false,
      properties: { error: { type: 'string', maxLength: 500 } },
      required: ['error'],
    },
  ],
} as const;

/** Simulated calls: a digit script through a flow version, with no call and no external host. */
export function simulateRoutes(ivr: IvrServices): FastifyPluginAsync<AppDeps> {
  return async (app) => {
    app.post<{ Params: FlowIdParams; Body: SimulationRequest }>(
      '/api/flows/:id/simulate',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags: ['ivr flows'],
          summary: 'Run a call through a flow version on a digit script and show the path it takes',
          description:
            'digits[k] is what the caller presses at the k-th wait (each menu or collect attempt); "" lets it time out; when the script runs out the caller hangs up. http nodes are answered from httpStubs ("METHOD url" or "url") and never leave the machine.',
          params: flowIdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              callerNumber: phoneNumber,
              dialedNumber: { ...phoneNumber, description: 'Default: a DID routed to the flow' },
              at: { type: 'string', format: 'date-time', description: 'When the call happens (ISO 8601)' },
              digits: {
                type: 'array',
                maxItems: 200,
                items: { type: 'string', maxLength: 64, pattern: '^[0-9*#]*$' },
              },
              version: {
                anyOf: [
                  { type: 'integer', minimum: 1 },
                  { type: 'string', enum: ['draft'] },
                ],
                description: 'A version number or "draft"; default: the live version',
              },
              httpStubs: { type: 'object', maxProperties: 50, additionalProperties: httpStubSchema },
            },
            required: ['callerNumber', 'at', 'digits'],
          },
          response: {
            200: { type: 'object', additionalProperties: true },
            400: invalidFlowSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => ivr.simulation.simulate(request.params.id, request.body),
    );
  };
}
