import type { RouteAccess } from '../../auth/access.js';
import { DID_PATTERN } from '../dids/did-service.js';
import { PROMPT_ID_MAX, PROMPT_ID_PATTERN } from '../prompts/prompt-id.js';

/** JSON schemas shared by the IVR routes (validation and the OpenAPI document). */

/** Changes are for admins; supervisors may look (and validate or simulate, which change nothing). */
export const ADMIN_ONLY: RouteAccess = ['admin'];
export const ADMIN_OR_SUPERVISOR: RouteAccess = ['admin', 'supervisor'];

/** Flow texts are limited to 1,000,000 characters (flow/parse.ts); JSON escaping adds some. */
export const FLOW_BODY_LIMIT = 4 * 1024 * 1024;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const issueSchema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'JSON pointer into the document, e.g. /nodes/menu1/options/9' },
    message: { type: 'string' },
    line: { type: 'integer' },
    value: {},
    text: { type: 'string', description: 'The issue as one readable line, with where it is' },
  },
  required: ['path', 'message', 'text'],
} as const;

/** A 400: bad request fields, or (error "invalid_flow") a flow with errors, when `issues` lists them. */
export const invalidFlowSchema = {
  type: 'object',
  description: 'The request or the flow is invalid; nothing was saved or published',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    issues: { type: 'array', items: issueSchema },
    warnings: { type: 'array', items: issueSchema },
  },
  required: ['error', 'message'],
} as const;

export const reportSchema = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    errors: { type: 'array', items: issueSchema },
    warnings: { type: 'array', items: issueSchema },
  },
  required: ['ok', 'errors', 'warnings'],
} as const;

export const formatSchema = { type: 'string', enum: ['yaml', 'json'] } as const;

export const flowSourceSchema = {
  type: 'string',
  maxLength: 1_000_000,
  description: 'The flow as YAML or JSON text (see GET /api/ivr/flow-schema for its format)',
} as const;

export const flowNameSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

export const descriptionSchema = { type: 'string', maxLength: 2000 } as const;

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

export const flowSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    liveVersion: nullableInteger,
    liveVersionId: nullableInteger,
    dids: { type: 'array', items: { type: 'string' } },
    draftFormat: formatSchema,
    draftPublished: { type: 'boolean' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  required: ['id', 'name', 'liveVersion', 'dids', 'draftFormat', 'draftPublished'],
} as const;

export const flowDetailSchema = {
  ...flowSummarySchema,
  properties: {
    ...flowSummarySchema.properties,
    draft: {
      type: 'object',
      properties: { source: { type: 'string' }, format: formatSchema },
      required: ['source', 'format'],
    },
    warnings: { type: 'array', items: issueSchema },
  },
} as const;

export const versionSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    version: { type: 'integer' },
    format: formatSchema,
    publishedAt: dateTime,
    publishedBy: nullableInteger,
    note: { type: ['string', 'null'] },
    rolledBackFrom: nullableInteger,
    live: { type: 'boolean' },
  },
  required: ['id', 'version', 'format', 'publishedAt', 'live'],
} as const;

export const versionDetailSchema = {
  ...versionSummarySchema,
  properties: {
    ...versionSummarySchema.properties,
    source: { type: 'string' },
    document: { type: 'object', additionalProperties: true },
  },
} as const;

export const didRouteSchema = {
  type: 'object',
  properties: {
    did: { type: 'string' },
    flowId: { type: 'integer' },
    flowName: { type: 'string' },
    liveVersion: nullableInteger,
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  required: ['did', 'flowId', 'flowName'],
} as const;

export const promptSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    description: { type: ['string', 'null'] },
    originalName: { type: ['string', 'null'] },
    sizeBytes: { type: 'integer' },
    durationMs: { type: 'integer' },
    createdAt: dateTime,
    createdBy: nullableInteger,
    usedBy: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          flowId: { type: 'integer' },
          flowName: { type: 'string' },
          version: { type: 'integer' },
        },
      },
    },
  },
  required: ['id', 'sizeBytes', 'durationMs', 'usedBy'],
} as const;

export const flowIdParams = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

export const flowVersionParams = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1 }, version: { type: 'integer', minimum: 1 } },
  required: ['id', 'version'],
} as const;

export const didParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    did: {
      type: 'string',
      pattern: DID_PATTERN,
      description:
        'Digits, *, # and an optional leading + (URL-encode # as %23); "*" alone is the default route',
    },
  },
  required: ['did'],
} as const;

export const promptIdParams = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: PROMPT_ID_PATTERN, maxLength: PROMPT_ID_MAX } },
  required: ['id'],
} as const;

export interface FlowIdParams {
  id: number;
}
