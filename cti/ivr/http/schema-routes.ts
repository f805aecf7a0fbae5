import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { flowSchema } from '../flow/schema.js';

/** The flow format as JSON Schema (2020-12), for editors that complete and check flow files. */
export const schemaRoutes: FastifyPluginAsync<AppDeps> = async (app) => {
  app.get(
    '/api/ivr/flow-schema',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ivr flows'],
        summary: 'The JSON Schema of flow documents (the file ivr-flows/schema/flow.schema.json)',
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async (_request, reply) => reply.type('application/schema+json').send(JSON.stringify(flowSchema())),
  );
};
