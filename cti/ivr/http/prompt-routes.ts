import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { IvrServices } from '../ivr-services.js';
import { AUDIO_CONTENT_TYPES } from '../prompts/audio-sniff.js';
import { MAX_PROMPT_BYTES } from '../prompts/prompt-service.js';
import { changeRecorder, userIdOf } from './audit.js';
import {
  ADMIN_ONLY,
  ADMIN_OR_SUPERVISOR,
  errorSchema,
  promptIdParams,
  promptSchema,
} from './json-schemas.js';

const tags = ['ivr prompts'];

/** Uploaded recordings: upload (raw audio body), list, read, download, delete. */
export function promptRoutes(ivr: IvrServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { prompts } = ivr;
    const record = changeRecorder(deps);
    const keepBody = (_request: unknown, body: Buffer, done: (err: null, body: Buffer) => void) =>
      done(null, body);
    // Audio arrives as is; any other non-JSON type also reaches the handler, which names what it got.
    app.addContentTypeParser(
      Object.keys(AUDIO_CONTENT_TYPES),
      { parseAs: 'buffer', bodyLimit: MAX_PROMPT_BYTES },
      keepBody,
    );
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PROMPT_BYTES }, keepBody);

    app.post<{ Querystring: { name: string; description?: string } }>(
      '/api/prompts',
      {
        config: { access: ADMIN_ONLY },
        bodyLimit: MAX_PROMPT_BYTES,
        schema: {
          tags,
          summary: 'Upload a recording (raw WAV or MP3 body, up to 10 MB); stored as 8 kHz mono WAV',
          description: `Content type ${Object.keys(AUDIO_CONTENT_TYPES).join(', ')}, checked against the bytes. The id is a slug of name ("Welcome Message" → "welcome-message"); flows play it as { upload: <id> }.`,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              description: { type: 'string', maxLength: 500 },
            },
            required: ['name'],
          },
          response: {
            201: promptSchema,
            400: errorSchema,
            409: errorSchema,
            413: errorSchema,
            415: errorSchema,
            503: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const body = request.body instanceof Uint8Array ? request.body : new Uint8Array();
        const prompt = await prompts.upload({
          name: request.query.name,
          ...(request.query.description === undefined ? {} : { description: request.query.description }),
          contentType: request.headers['content-type'],
          body,
          createdBy: userIdOf(request.principal),
        });
        record(request, {
          action: 'prompt.upload',
          target: `prompt:${prompt.id}`,
          details: {
            receivedBytes: body.length,
            contentType: request.headers['content-type'],
            durationMs: prompt.durationMs,
            sizeBytes: prompt.sizeBytes,
          },
        });
        return reply.code(201).send(prompt);
      },
    );

    app.get(
      '/api/prompts',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'All uploaded prompts, with the live flow versions that play them',
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: promptSchema } } },
          },
        },
      },
      async () => ({ items: prompts.list() }),
    );

    app.get<{ Params: { id: string } }>(
      '/api/prompts/:id',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: "One prompt's metadata",
          params: promptIdParams,
          response: { 200: promptSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => prompts.get(request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/api/prompts/:id/audio',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'The stored audio (8 kHz mono 16-bit WAV)',
          params: promptIdParams,
          response: { 400: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const path = prompts.audioPath(request.params.id);
        return reply
          .type('audio/wav')
          .header('content-disposition', `inline; filename="${request.params.id}.wav"`)
          .send(createReadStream(path));
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/api/prompts/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags,
          summary: 'Delete a prompt (refused while a live flow version plays it)',
          params: promptIdParams,
          response: { 204: { type: 'null' }, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const prompt = await prompts.delete(request.params.id);
        record(request, {
          action: 'prompt.delete',
          target: `prompt:${prompt.id}`,
          details: { durationMs: prompt.durationMs, originalName: prompt.originalName },
        });
        return reply.code(204).send();
      },
    );
  };
}
