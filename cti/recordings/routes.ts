import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { Principal } from '../auth/access.js';
import { DenialAudit } from '../auth/denial-audit.js';
import type { AppDeps } from '../deps.js';
import { ClientError } from '../http/errors.js';
import type { AriRest } from '../infra/ari/types.js';
import { RecordingRuleError } from './recording-error.js';
import { CallRecordings } from './recording-service.js';

/**
 * The app's dependencies, where `ari` may also carry the REST API: the daemon passes its
 * AriSupervisor, which does; test apps without Asterisk leave it out.
 */
export type RecordingRouteDeps = AppDeps & { ari: AppDeps['ari'] & { readonly rest?: AriRest } };

const STATUS: Record<RecordingRuleError['kind'], number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  asterisk_unavailable: 503,
  asterisk_failed: 502,
};

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;
const markerSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['pause', 'resume'] },
    at: { type: 'string', format: 'date-time' },
    offsetMs: { type: 'integer', description: 'recorded audio before the marker, in milliseconds' },
    by: { type: 'string', description: '"user:<name>" or "api_key:<name>"' },
    reason: { type: 'string' },
  },
} as const;
const recordingSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    format: { type: 'string' },
    file: { type: 'string', description: "file name in Asterisk's recording directory" },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    state: { type: 'string', enum: ['recording', 'paused', 'ended'] },
    markers: { type: 'array', items: markerSchema },
    pausedMs: { type: 'integer' },
    sizeBytes: { type: ['integer', 'null'] },
    durationMs: { type: ['integer', 'null'] },
  },
} as const;
const params = {
  type: 'object',
  properties: { callId: { type: 'integer', minimum: 1 } },
  required: ['callId'],
} as const;
const changeBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: { type: 'string', minLength: 1, maxLength: 200, description: 'e.g. "card number"' },
  },
} as const;
const changeErrors = {
  403: errorSchema,
  404: errorSchema,
  409: {
    ...errorSchema,
    description:
      'error is no_live_recording (call ended or not answered yet), already_paused, not_paused, or recording_gone (Asterisk no longer has it)',
  },
  502: errorSchema,
  503: errorSchema,
} as const;

/** Pausing a call's recording while card numbers are read out, resuming, and listing recordings. */
export const recordingRoutes: FastifyPluginAsync<RecordingRouteDeps> = async (app, deps) => {
  const recordings = new CallRecordings({
    db: deps.db,
    rest: () => {
      const { rest } = deps.ari;
      if (!rest) throw new Error('this daemon has no ARI connection');
      return rest;
    },
    clock: deps.clock,
    spoolDir: deps.settings.asterisk.spoolDir,
  });
  // Route-level access lets agents in; the service then checks they answered that very call.
  const access = ['agent', 'supervisor', 'admin'] as const;

  const principalOf = (request: FastifyRequest): Principal => {
    if (!request.principal) throw new ClientError(401, 'unauthorized', 'this route needs credentials');
    return request.principal;
  };
  // Recorded like the role denials of the auth plugin (once per caller and route per quiet period).
  const denials = new DenialAudit(deps.audit, deps.clock);
  const asHttp = (err: unknown, request: FastifyRequest): unknown => {
    if (!(err instanceof RecordingRuleError)) return err;
    if (err.kind === 'forbidden' && request.principal)
      denials.record(
        request.principal,
        `${request.method} ${request.routeOptions.url ?? request.url}`,
        ['the agent who answered the call', "a supervisor of the call's queue", 'admin'],
        request.ip,
      );
    return new ClientError(STATUS[err.kind], err.code, err.message);
  };

  for (const kind of ['pause', 'resume'] as const) {
    app.post<{ Params: { callId: number }; Body: { reason?: string } | undefined }>(
      `/api/calls/:callId/recording/${kind}`,
      {
        config: { access },
        // The body is optional: a bare POST is a pause (or resume) without a reason.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          tags: ['recordings'],
          summary:
            kind === 'pause'
              ? "Pause the call's live recording (e.g. while a card number is read out); stored as a marker"
              : "Resume the call's paused recording; stored as a marker",
          description:
            'Allowed to the agent who answered the call, supervisors of a queue it waited in (else 403 out_of_scope) and admins.',
          params,
          body: changeBody,
          response: {
            200: {
              type: 'object',
              properties: { recording: recordingSchema, marker: markerSchema },
            },
            ...changeErrors,
          },
        },
      },
      async (request) => {
        const { callId } = request.params;
        const reason = request.body?.reason;
        try {
          const result = await recordings[kind](callId, principalOf(request), reason);
          deps.audit.record({
            actor: actorOf(request.principal),
            action: `recording.${kind}`,
            target: `call:${callId}`,
            details: { recording: result.recording.name, offsetMs: result.marker.offsetMs, reason },
            ip: request.ip,
          });
          return result;
        } catch (err) {
          throw asHttp(err, request);
        }
      },
    );
  }

  app.get<{ Params: { callId: number } }>(
    '/api/calls/:callId/recordings',
    {
      config: { access },
      schema: {
        tags: ['recordings'],
        summary: "The call's recordings with their pause/resume markers, file size and duration",
        description:
          'Allowed to the agent who answered the call, supervisors of a queue it waited in (else 403 out_of_scope) and admins.',
        params,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: recordingSchema } } },
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const { callId } = request.params;
      try {
        return { items: await recordings.list(callId, principalOf(request)) };
      } catch (err) {
        throw asHttp(err, request);
      }
    },
  );
};
