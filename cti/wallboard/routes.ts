import { Ajv } from 'ajv';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { Principal } from '../auth/access.js';
import { accessScope, seesQueue } from '../auth/scope.js';
import type { AppDeps } from '../deps.js';
import { badRequest } from '../http/errors.js';
import { type StoredThresholds, THRESHOLDS_KEY, ThresholdStore } from './threshold-store.js';
import { DEFAULT_THRESHOLDS, type Thresholds, thresholdsFor } from './thresholds.js';

const level = {
  type: 'object',
  required: ['amber', 'red'],
  properties: { amber: { type: 'number' }, red: { type: 'number' } },
} as const;
const levels = { type: 'object', additionalProperties: level } as const;

/** Unknown parts and metrics are named by the handler's own check, in a sentence each. */
const thresholdsBody = {
  type: 'object',
  properties: {
    queue: { ...levels, description: 'waiting, longestWaitSeconds, serviceLevelPercent, abandonedToday' },
    agentStateSeconds: {
      ...levels,
      description: 'seconds in a state: available, reserved, ringing, on-call, wrap-up, paused',
    },
    queues: {
      type: 'object',
      additionalProperties: levels,
      description: 'per-queue overrides of queue metrics, by queue id',
    },
  },
} as const;

const thresholdsAnswer = {
  type: 'object',
  properties: {
    thresholds: thresholdsBody,
    defaults: thresholdsBody,
    updatedAt: { type: ['string', 'null'] },
    updatedBy: { type: ['string', 'null'] },
  },
} as const;

/**
 * The app's validator coerces types ("20" becomes 20); a threshold must be a number as sent, so
 * this body is checked without coercion and a string is refused by name.
 */
const exact = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false });

function who(principal: Principal | null): string {
  if (!principal) return 'unknown';
  return `${principal.kind === 'user' ? 'user' : 'api_key'}:${principal.name}`;
}

/** The wallboard's colour thresholds: everyone watching reads them, admins set them. */
export const wallboardRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const store = new ThresholdStore(deps.db, deps.clock);
  const answer = (stored: StoredThresholds, thresholds: Thresholds = stored.thresholds) => ({
    thresholds,
    defaults: DEFAULT_THRESHOLDS,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: stored.updatedBy,
  });

  app.get(
    '/api/wallboard/thresholds',
    {
      config: { access: ['admin', 'supervisor'] },
      schema: {
        tags: ['wallboard'],
        summary: "The wallboard's amber and red levels (supervisors see their own queues' overrides)",
        response: { 200: thresholdsAnswer },
      },
    },
    async (request) => {
      const stored = store.get();
      const scope = accessScope(deps.db, request.principal!);
      return answer(
        stored,
        thresholdsFor(stored.thresholds, (q) => seesQueue(scope, q)),
      );
    },
  );

  app.put<{ Body: unknown }>(
    '/api/wallboard/thresholds',
    {
      config: { access: ['admin'] },
      validatorCompiler: ({ schema }) => exact.compile(schema),
      schema: {
        tags: ['wallboard'],
        summary: 'Replace the thresholds; parts and metrics left out keep their defaults',
        body: thresholdsBody,
        response: { 200: thresholdsAnswer },
      },
    },
    async (request) => {
      const before = store.get();
      const saved = store.put(request.body, who(request.principal));
      if (!saved.ok) throw badRequest(`wallboard thresholds refused: ${saved.problems.join('; ')}`);
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'wallboard.thresholds.update',
        target: `app_settings:${THRESHOLDS_KEY}`,
        details: { before: before.thresholds, after: saved.value.thresholds },
        ip: request.ip,
      });
      return answer(saved.value);
    },
  );
};
