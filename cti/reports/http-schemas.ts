import type { FastifyRequest } from 'fastify';
import { badRequest } from '../http/errors.js';
import { INTERVALS } from './intervals.js';
import { rowSchema } from './report-columns.js';
import { MAX_DAYS } from './report-range.js';
import type { ReportKind } from './report-service.js';

const ids = (what: string) =>
  ({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 64 },
    maxItems: 100,
    description: `${what} id; repeat the parameter for several`,
  }) as const;

/** The query every report takes (README.md explains each parameter). */
export const reportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      maxLength: 40,
      description:
        'YYYY-MM-DD (start of that day in the report zone) or an ISO time; without an offset read in the report zone. Default: today',
    },
    to: {
      type: 'string',
      maxLength: 40,
      description: 'YYYY-MM-DD (that day included) or an ISO time (excluded). Default: the end of today',
    },
    interval: {
      type: 'string',
      maxLength: 10,
      description: `${INTERVALS.join(' | ')} (default day); longest ranges in days: ${Object.entries(MAX_DAYS)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    },
    queue: ids('queue'),
    agent: ids('agent (agents and pauses reports)'),
    skill: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'keep calls or agents with this skill',
    },
    shortAbandonSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 3600,
      description: 'callers hanging up sooner are short abandons (default: the setting)',
    },
    repeatCallWindowHours: {
      type: 'integer',
      minimum: 1,
      maximum: 2160,
      description: 'a call from the same number this soon after counts against FCR (default: the setting)',
    },
  },
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** The JSON answer of a report: what it covers, then its rows. */
export function reportSchema(report: ReportKind) {
  return {
    type: 'object',
    required: [
      'report',
      'timeZone',
      'from',
      'to',
      'interval',
      'shortAbandonSeconds',
      'repeatCallWindowHours',
      'generatedAt',
      'rows',
    ],
    properties: {
      report: { type: 'string', enum: [report] },
      timeZone: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      interval: { type: 'string', enum: [...INTERVALS] },
      shortAbandonSeconds: { type: 'number' },
      repeatCallWindowHours: { type: 'number' },
      generatedAt: { type: 'string' },
      rows: { type: 'array', items: rowSchema(report) },
    },
  } as const;
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * A failed query check as a sentence naming the parameter and the value given (the route validates
 * with attachValidation so it can quote the value, which the schema error alone does not).
 */
export function queryError(request: FastifyRequest, validation: readonly SchemaError[]): Error {
  const query = request.query as Record<string, unknown>;
  const first = validation[0];
  if (!first) return badRequest('the query is not valid');
  if (first.keyword === 'additionalProperties')
    return badRequest(
      `unknown parameter "${String(first.params.additionalProperty)}" (see GET /docs for the report parameters)`,
    );
  const [, name = '', index] = first.instancePath.split('/');
  const raw = query[name];
  const value = index !== undefined && Array.isArray(raw) ? raw[Number(index)] : raw;
  if (Array.isArray(value) && first.keyword === 'type')
    return badRequest(`${name} is given ${value.length} times (${JSON.stringify(value)}): give it once`);
  const shown = Array.isArray(value) ? JSON.stringify(value) : `"${String(value)}"`;
  const why = first.keyword === 'minLength' ? 'must not be empty' : (first.message ?? 'is not valid');
  return badRequest(`${name} ${shown} ${why}`);
}
