import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { Published } from '../flows/flow-publisher.js';
import type { VersionRef } from '../flows/version-diff.js';
import type { IvrServices } from '../ivr-services.js';
import { changeRecorder, emptyBodyAsObject, userIdOf } from './audit.js';
import {
  ADMIN_ONLY,
  ADMIN_OR_SUPERVISOR,
  errorSchema,
  type FlowIdParams,
  flowIdParams,
  flowVersionParams,
  invalidFlowSchema,
  issueSchema,
  versionDetailSchema,
  versionSummarySchema,
} from './json-schemas.js';

const tags = ['ivr flows'];
const noteSchema = { type: 'string', maxLength: 500 } as const;
const versionRefSchema = {
  type: 'string',
  pattern: '^([1-9][0-9]{0,8}|draft|live)$',
  description: 'A version number, "live" or "draft"',
} as const;

const publishedSchema = {
  type: 'object',
  properties: {
    version: versionDetailSchema,
    previousLive: { type: ['integer', 'null'] },
    warnings: { type: 'array', items: issueSchema },
  },
  required: ['version', 'previousLive', 'warnings'],
} as const;

const publishResponses = {
  201: publishedSchema,
  400: invalidFlowSchema,
  404: errorSchema,
  503: { ...errorSchema, description: "Asterisk's sound list could not be loaded, so nothing was published" },
} as const;

/** Publishing and history: publish, rollback, versions, diff. */
export function versionRoutes(ivr: IvrServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { publishing } = ivr;
    const record = changeRecorder(deps);
    const publishedJson = (p: Published) => ({
      version: p.version,
      previousLive: p.previousLive,
      warnings: p.warnings,
    });

    app.post<{ Params: FlowIdParams; Body: { note?: string } }>(
      '/api/flows/:id/publish',
      {
        config: { access: ADMIN_ONLY },
        preValidation: emptyBodyAsObject,
        schema: {
          tags,
          summary: 'Publish the draft as the next version and make it live (new calls only)',
          description:
            "Checks against Asterisk's sound list as it is now and the current uploads; any error refuses the publish and changes nothing.",
          params: flowIdParams,
          body: { type: 'object', additionalProperties: false, properties: { note: noteSchema } },
          response: publishResponses,
        },
      },
      async (request, reply) => {
        const published = await publishing.publish(request.params.id, {
          publishedBy: userIdOf(request.principal),
          ...(request.body.note === undefined ? {} : { note: request.body.note }),
        });
        record(request, {
          action: 'flow.publish',
          target: `flow:${request.params.id}`,
          details: {
            version: published.version.version,
            previousLive: published.previousLive,
            note: published.version.note,
          },
        });
        return reply.code(201).send(publishedJson(published));
      },
    );

    app.post<{ Params: FlowIdParams; Body: { version: number; note?: string } }>(
      '/api/flows/:id/rollback',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags,
          summary: "Publish an earlier version's text again, as a new version",
          params: flowIdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { version: { type: 'integer', minimum: 1 }, note: noteSchema },
            required: ['version'],
          },
          response: publishResponses,
        },
      },
      async (request, reply) => {
        const { version, note } = request.body;
        const published = await publishing.rollback(request.params.id, version, {
          publishedBy: userIdOf(request.principal),
          ...(note === undefined ? {} : { note }),
        });
        record(request, {
          action: 'flow.rollback',
          target: `flow:${request.params.id}`,
          details: {
            version: published.version.version,
            rolledBackFrom: version,
            previousLive: published.previousLive,
          },
        });
        return reply.code(201).send(publishedJson(published));
      },
    );

    app.get<{ Params: FlowIdParams }>(
      '/api/flows/:id/versions',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'Published versions, newest first',
          params: flowIdParams,
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: versionSummarySchema } } },
            404: errorSchema,
          },
        },
      },
      async (request) => ({ items: publishing.versions(request.params.id) }),
    );

    app.get<{ Params: FlowIdParams & { version: number } }>(
      '/api/flows/:id/versions/:version',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'One version with its text and the document calls run',
          params: flowVersionParams,
          response: { 200: versionDetailSchema, 404: errorSchema },
        },
      },
      async (request) => publishing.version(request.params.id, request.params.version),
    );

    app.get<{ Params: FlowIdParams; Querystring: { from: string; to: string } }>(
      '/api/flows/:id/diff',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary:
            'What changed between two versions: nodes added, removed and changed (with paths), and a text diff',
          params: flowIdParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { from: versionRefSchema, to: versionRefSchema },
            required: ['from', 'to'],
          },
          response: {
            200: { type: 'object', additionalProperties: true },
            400: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request) =>
        publishing.diff(request.params.id, versionRef(request.query.from), versionRef(request.query.to)),
    );
  };
}

function versionRef(text: string): VersionRef {
  return text === 'draft' || text === 'live' ? text : Number(text);
}
