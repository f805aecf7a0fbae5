import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.js';
import { didRoutes } from './http/did-routes.js';
import { handleIvrErrors } from './http/errors.js';
import { flowRoutes } from './http/flow-routes.js';
import { promptRoutes } from './http/prompt-routes.js';
import { schemaRoutes } from './http/schema-routes.js';
import { simulateRoutes } from './http/simulate-routes.js';
import { versionRoutes } from './http/version-routes.js';

/** The IVR admin API: flows, versions, simulation, DID routes, prompts and the flow schema. */
export const ivrRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  handleIvrErrors(app);
  await app.register(flowRoutes(deps.ivr), deps);
  await app.register(versionRoutes(deps.ivr), deps);
  await app.register(simulateRoutes(deps.ivr), deps);
  await app.register(didRoutes(deps.ivr), deps);
  await app.register(promptRoutes(deps.ivr), deps);
  await app.register(schemaRoutes, deps);
};
