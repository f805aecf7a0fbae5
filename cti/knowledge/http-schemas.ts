import { ARTICLE_STATUSES } from './schema.js';
import { MAX_QUERY_CHARS } from './search-terms.js';

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

/** IVR node ids and queue ids as flows and queues spell them. */
const NODE_ID = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';

const articleFields = {
  title: { type: 'string', minLength: 1, maxLength: 200 },
  body: { type: 'string', minLength: 1, maxLength: 100_000, description: 'Markdown' },
  category: { type: ['string', 'null'], maxLength: 64 },
  tags: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 } },
  ivrNodes: {
    type: 'array',
    maxItems: 50,
    description: 'IVR node ids and queue ids this article helps with',
    items: { type: 'string', pattern: NODE_ID },
  },
} as const;

export const newArticleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'body'],
  properties: { ...articleFields, status: { type: 'string', enum: ARTICLE_STATUSES } },
} as const;

export const articleChangeBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: articleFields,
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;

const articleSummaryProperties = {
  id: { type: 'integer' },
  title: { type: 'string' },
  category: { type: ['string', 'null'] },
  tags: stringList,
  ivrNodes: stringList,
  status: { type: 'string' },
  author: { type: 'string' },
  updatedBy: { type: 'string' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  publishedAt: { type: ['string', 'null'] },
} as const;

export const articleSchema = {
  type: 'object',
  properties: { ...articleSummaryProperties, body: { type: 'string' } },
} as const;

export const articleListSchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    items: { type: 'array', items: { type: 'object', properties: articleSummaryProperties } },
  },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ARTICLE_STATUSES },
    category: { type: 'string', minLength: 1, maxLength: 64 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

export const categoriesSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, articles: { type: 'integer' } } },
    },
  },
} as const;

export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', minLength: 1, maxLength: MAX_QUERY_CHARS },
    category: { type: 'string', minLength: 1, maxLength: 64 },
    status: { type: 'string', enum: ARTICLE_STATUSES, description: 'Admins and supervisors only' },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
  },
} as const;

export const searchResultSchema = {
  type: 'object',
  properties: {
    terms: stringList,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          title: { type: 'string' },
          category: { type: ['string', 'null'] },
          tags: stringList,
          status: { type: 'string' },
          updatedAt: { type: 'string' },
          score: { type: 'number' },
          titleHtml: { type: 'string' },
          snippetHtml: { type: 'string' },
        },
      },
    },
  },
} as const;

export const suggestQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    callId: { type: 'integer', minimum: 1 },
    category: { type: 'string', minLength: 1, maxLength: 64 },
    nodes: {
      type: 'string',
      maxLength: 1000,
      description: 'Comma-separated IVR node or queue ids, in path order',
    },
    limit: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
  },
} as const;

export const suggestionsSchema = {
  type: 'object',
  properties: {
    callId: { type: ['integer', 'null'] },
    context: {
      type: 'object',
      properties: { nodes: stringList, queues: stringList, categories: stringList },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          title: { type: 'string' },
          category: { type: ['string', 'null'] },
          tags: stringList,
          ivrNodes: stringList,
          updatedAt: { type: 'string' },
          score: { type: 'number' },
          reasons: stringList,
        },
      },
    },
  },
} as const;
