import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { FlowFormat } from '../flows/flow-check.js';
import type { DraftChanges, NewFlow, SavedFlow } from '../flows/flow-service.js';
import type { IvrServices } from '../ivr-services.js';
import { changeRecorder, emptyBodyAsObject } from './audit.js';
import {
  ADMIN_ONLY,
  ADMIN_OR_SUPERVISOR,
  descriptionSchema,
  errorSchema,
  FLOW_BODY_LIMIT,
  type FlowIdParams,
  flowDetailSchema,
  flowIdParams,
  flowNameSchema,
  flowSourceSchema,
  flowSummarySchema,
  formatSchema,
  invalidFlowSchema,
  reportSchema,
} from './json-schemas.js';

const tags = ['ivr flows'];
const savedResponses = { 400: invalidFlowSchema, 404: errorSchema, 409: errorSchema } as const;

/** Flows and their drafts: list, create, read, edit, validate, delete. */
export function flowRoutes(ivr: IvrServices): FastifyPluginAsync<AppDeps> {
  return async (app, deps) => {
    const { flows } = ivr;
    const record = changeRecorder(deps);
    const saved = ({ flow, warnings }: SavedFlow) => ({ ...flow, warnings });

    app.get(
      '/api/flows',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'All flows, by name, with their live version and the DIDs that reach them',
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: flowSummarySchema } } },
          },
        },
      },
      async () => ({ items: flows.list() }),
    );

    app.post<{ Body: NewFlow }>(
      '/api/flows',
      {
        config: { access: ADMIN_ONLY },
        bodyLimit: FLOW_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Create a flow from YAML or JSON text (refused with every issue when it has errors)',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { ...flowNameSchema, description: "Default: the document's own name" },
              description: descriptionSchema,
              source: flowSourceSchema,
              format: {
                ...formatSchema,
                description: 'Default: JSON when the text starts with "{", else YAML',
              },
            },
            required: ['source'],
          },
          response: { 201: flowDetailSchema, ...savedResponses },
        },
      },
      async (request, reply) => {
        const result = await flows.create(request.body);
        record(request, {
          action: 'flow.create',
          target: `flow:${result.flow.id}`,
          details: { name: result.flow.name, format: result.flow.draftFormat, changes: result.changes },
        });
        return reply.code(201).send(saved(result));
      },
    );

    app.get<{ Params: FlowIdParams }>(
      '/api/flows/:id',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        schema: {
          tags,
          summary: 'One flow with its draft text',
          params: flowIdParams,
          response: { 200: flowDetailSchema, 404: errorSchema },
        },
      },
      async (request) => flows.get(request.params.id),
    );

    app.put<{ Params: FlowIdParams; Body: DraftChanges }>(
      '/api/flows/:id',
      {
        config: { access: ADMIN_ONLY },
        bodyLimit: FLOW_BODY_LIMIT,
        schema: {
          tags,
          summary:
            'Save the draft (and/or rename); with errors nothing is saved and the previous draft stays',
          params: flowIdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              name: flowNameSchema,
              description: { type: ['string', 'null'], maxLength: 2000 },
              source: flowSourceSchema,
              format: formatSchema,
            },
          },
          response: { 200: flowDetailSchema, ...savedResponses },
        },
      },
      async (request) => {
        const result = await flows.updateDraft(request.params.id, request.body);
        if (Object.keys(result.changes).length > 0) {
          record(request, {
            action: 'flow.update',
            target: `flow:${result.flow.id}`,
            details: { name: result.flow.name, changes: result.changes },
          });
        }
        return saved(result);
      },
    );

    app.post<{ Params: FlowIdParams; Body: { source?: string; format?: FlowFormat } }>(
      '/api/flows/:id/validate',
      {
        config: { access: ADMIN_OR_SUPERVISOR },
        bodyLimit: FLOW_BODY_LIMIT,
        preValidation: emptyBodyAsObject,
        schema: {
          tags,
          summary: 'Check the draft, or the given text without saving it: errors and warnings, each located',
          params: flowIdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { source: flowSourceSchema, format: formatSchema },
          },
          response: { 200: reportSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { source, format } = request.body;
        const text =
          source === undefined ? undefined : format === undefined ? { source } : { source, format };
        return flows.validate(request.params.id, text);
      },
    );

    app.delete<{ Params: FlowIdParams }>(
      '/api/flows/:id',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags,
          summary: 'Delete a flow and its versions (refused while a DID routes to it)',
          params: flowIdParams,
          response: { 204: { type: 'null' }, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const flow = flows.delete(request.params.id);
        record(request, {
          action: 'flow.delete',
          target: `flow:${flow.id}`,
          details: { name: flow.name, liveVersion: flow.liveVersion },
        });
        return reply.code(204).send();
      },
    );
  };
}
