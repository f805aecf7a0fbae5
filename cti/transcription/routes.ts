import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/access.js';
import { accessScope, requireCall, seesCall } from '../auth/scope.js';
import type { AppDeps } from '../deps.js';
import { ClientError } from '../http/errors.js';
import { jobIdOf, recordingIdOfJob } from './job-id.js';
import { LISTABLE_STATES, type ListableState, QueueUnavailableError } from './queue.js';
import { TranscriptAccessError, TranscriptStore } from './transcript-store.js';

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;
const segmentSchema = {
  type: 'object',
  properties: {
    startMs: {
      type: 'integer',
      description: 'milliseconds into the recorded file (paused spans are not in it)',
    },
    endMs: { type: 'integer' },
    text: { type: 'string' },
    redacted: { type: 'boolean' },
    confidence: { type: 'number' },
  },
} as const;
const transcriptSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    callId: { type: 'integer' },
    recordingId: { type: 'integer' },
    recording: { type: 'string', description: 'the recording name' },
    state: { type: 'string', enum: ['pending', 'done', 'failed'] },
    engine: { type: ['string', 'null'] },
    language: { type: ['string', 'null'] },
    text: { type: ['string', 'null'], description: 'redacted: "[redacted]" where the recording was paused' },
    segments: { type: 'array', items: segmentSchema },
    redactedSpans: { type: 'integer' },
    error: { type: ['string', 'null'], description: 'the last failed attempt' },
    requestedAt: { type: 'string', format: 'date-time' },
    completedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'recording-<recording id>' },
    recordingId: { type: 'integer' },
    callId: { type: 'integer' },
    transcriptId: { type: 'integer' },
    state: {
      type: 'string',
      description:
        'BullMQ state (waiting, active, delayed, completed, failed...), or outbox: not yet in Redis',
    },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    attemptsMade: { type: 'integer' },
    attempts: { type: 'integer' },
    failedReason: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    processedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
const outboxSchema = {
  type: 'object',
  description: 'jobs written at recording completion that have not reached Redis yet',
  properties: {
    pending: { type: 'integer' },
    oldest: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
  },
} as const;

/** Transcripts of call recordings, their search, and the jobs that make them. */
export const transcriptionRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const store = new TranscriptStore(deps.db);
  const staff = ['supervisor', 'admin'] as const;
  const principalOf = (request: FastifyRequest): Principal => {
    if (!request.principal) throw new ClientError(401, 'unauthorized', 'this route needs credentials');
    return request.principal;
  };
  const asHttp = (err: unknown): unknown => {
    if (err instanceof TranscriptAccessError) {
      const status = { not_found: 404, forbidden: 403, out_of_scope: 403, bad_query: 400 }[err.kind];
      return new ClientError(status, err.kind, err.message);
    }
    if (err instanceof QueueUnavailableError) return new ClientError(503, 'redis_unavailable', err.message);
    return err;
  };
  const jobs = () => {
    if (!deps.transcription)
      throw new ClientError(503, 'transcription_off', 'transcription is not running in this process');
    return deps.transcription;
  };

  app.get<{ Params: { callId: number } }>(
    '/api/calls/:callId/transcripts',
    {
      config: { access: ['agent', 'supervisor', 'admin'] },
      schema: {
        tags: ['transcription'],
        summary: "The call's recording transcripts, redacted over paused spans, with timings",
        description:
          'Allowed to the agent who answered the call, supervisors of a queue it waited in (else 403 out_of_scope) and admins.',
        params: {
          type: 'object',
          properties: { callId: { type: 'integer', minimum: 1 } },
          required: ['callId'],
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: transcriptSchema } } },
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) => {
      try {
        return { items: store.forCall(request.params.callId, principalOf(request)) };
      } catch (err) {
        throw asHttp(err);
      }
    },
  );

  app.get<{ Querystring: { q: string; limit: number } }>(
    '/api/transcripts/search',
    {
      config: { access: staff },
      schema: {
        tags: ['transcription'],
        summary:
          'Full-text search over transcripts (every word must match; word* matches a prefix); supervisors: calls of their queues',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          required: ['q'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              q: { type: 'string' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    transcriptId: { type: 'integer' },
                    callId: { type: 'integer' },
                    recordingId: { type: 'integer' },
                    snippet: { type: 'string', description: 'matching words in [brackets]' },
                    completedAt: { type: ['string', 'null'], format: 'date-time' },
                    ticketIds: {
                      type: 'array',
                      items: { type: 'integer' },
                      description: 'tickets the call is linked to',
                    },
                  },
                },
              },
            },
          },
          400: errorSchema,
        },
      },
    },
    async (request) => {
      try {
        const scope = accessScope(deps.db, principalOf(request));
        return { q: request.query.q, items: store.search(request.query.q, request.query.limit, scope) };
      } catch (err) {
        throw asHttp(err);
      }
    },
  );

  app.get<{ Querystring: { state: ListableState; limit: number } }>(
    '/api/transcription/jobs',
    {
      config: { access: staff },
      schema: {
        tags: ['transcription'],
        summary:
          'Transcription jobs in a state (failed ones carry their error), and the outbox; supervisors: jobs of calls of their queues',
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: [...LISTABLE_STATES], default: 'failed' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              state: { type: 'string' },
              items: { type: 'array', items: jobSchema },
              counts: { type: 'object', additionalProperties: { type: 'integer' } },
              outbox: outboxSchema,
            },
          },
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const t = jobs();
      const pending = t.outbox.pending();
      try {
        const [items, counts] = await Promise.all([
          t.queue.list(request.query.state, request.query.limit),
          t.queue.counts(),
        ]);
        const scope = accessScope(deps.db, principalOf(request));
        return {
          state: request.query.state,
          items: items.filter((job) => seesCall(deps.db, scope, job.callId)),
          counts,
          outbox: {
            pending: pending.count,
            oldest: pending.oldest?.toISOString() ?? null,
            lastError: pending.lastError,
          },
        };
      } catch (err) {
        throw asHttp(err);
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/transcription/jobs/:id',
    {
      config: { access: staff },
      schema: {
        tags: ['transcription'],
        summary:
          'One transcription job: state, progress, attempts, error (id: recording-<n> or the recording id)',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 40 } },
          required: ['id'],
        },
        response: { 200: jobSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const t = jobs();
      const recordingId = recordingIdOfJob(request.params.id);
      if (recordingId === null)
        throw new ClientError(
          404,
          'not_found',
          `transcription job ${JSON.stringify(request.params.id)} not found`,
        );
      const id = jobIdOf(recordingId);
      const principal = principalOf(request);
      const scope = accessScope(deps.db, principal);
      try {
        const job = await t.queue.get(id);
        if (job) {
          requireCall(deps.db, scope, principal, job.callId);
          return job;
        }
      } catch (err) {
        // Redis down: a job still in the outbox can be answered from SQLite alone.
        if (!(err instanceof QueueUnavailableError && t.outboxRow(recordingId))) throw asHttp(err);
      }
      const waiting = t.outboxRow(recordingId);
      if (waiting) {
        requireCall(deps.db, scope, principal, waiting.callId);
        return outboxJob(deps, id, recordingId);
      }
      throw new ClientError(404, 'not_found', `transcription job ${id} not found`);
    },
  );
};

function outboxJob(deps: AppDeps, id: string, recordingId: number) {
  const row = deps.transcription?.outboxRow(recordingId);
  return {
    id,
    recordingId,
    callId: row?.callId ?? 0,
    transcriptId: row?.transcriptId ?? 0,
    state: 'outbox',
    progress: 0,
    attemptsMade: 0,
    attempts: deps.settings.transcription.attempts,
    failedReason: row?.lastError ?? null,
    createdAt: (row?.createdAt ?? new Date(0)).toISOString(),
    processedAt: null,
    finishedAt: null,
  };
}
