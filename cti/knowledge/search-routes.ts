import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.js';
import { badRequest, notFound } from '../http/errors.js';
import { type CallContext, callContextOf, lastVisitOrder } from './call-context.js';
import { errors, searchQuery, searchResultSchema, suggestionsSchema, suggestQuery } from './http-schemas.js';
import { asHttp, readableStatus } from './route-access.js';
import type { ArticleStatus } from './schema.js';
import { searchArticles } from './search.js';
import { suggestArticles } from './suggestions.js';

/** Finding articles: full-text search, and suggestions for a call (registered by knowledgeRoutes). */
export const knowledgeSearchRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get<{ Querystring: { q: string; category?: string; status?: ArticleStatus; limit: number } }>(
    '/api/knowledge/search',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['knowledge'],
        summary: 'Full-text search: title matches rank above body matches (bm25), with highlighted snippets',
        description:
          'Every word must be found, anywhere inside a word (the index is FTS5 with the trigram tokenizer, ' +
          'so Chinese finds words inside sentences). Search syntax is not interpreted: quotes, operators ' +
          'and punctuation only separate words. titleHtml and snippetHtml are escaped HTML with <mark>.',
        querystring: searchQuery,
        response: { 200: searchResultSchema, ...errors },
      },
    },
    async (request) => {
      const { q, category, status, limit } = request.query;
      const allowed = readableStatus(request, status);
      const found = asHttp(() =>
        searchArticles(deps.db, {
          q,
          limit,
          ...(category !== undefined ? { category } : {}),
          ...(allowed ? { status: allowed } : {}),
        }),
      );
      return {
        terms: found.terms,
        items: found.items.map((hit) => ({ ...hit, updatedAt: hit.updatedAt.toISOString() })),
      };
    },
  );

  app.get<{ Querystring: { callId?: number; category?: string; nodes?: string; limit: number } }>(
    '/api/knowledge/suggest',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['knowledge'],
        summary: "Published articles for a call: from its IVR path, its queues and its tickets' categories",
        description:
          'callId reads the stored call; category (e.g. the ticket being edited) and nodes (comma-separated ' +
          'IVR node or queue ids, in path order) add to it or stand alone. Ranked: category 4, queue 3, ' +
          'IVR node 1 to 2 (later in the path counts more); each item says why it was suggested.',
        querystring: suggestQuery,
        response: { 200: suggestionsSchema, ...errors },
      },
    },
    async (request) => {
      const { callId, category, nodes, limit } = request.query;
      const given = (nodes ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '');
      if (callId === undefined && category === undefined && given.length === 0)
        throw badRequest('give callId, category or nodes');
      if (given.length > 50) throw badRequest(`at most 50 nodes, got ${given.length}`);
      let context: CallContext = { nodes: [], queues: [], categories: [] };
      if (callId !== undefined) {
        if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
        context = callContextOf(deps.db, callId);
      }
      context = {
        nodes: lastVisitOrder([...context.nodes, ...given]),
        queues: context.queues,
        categories: [...new Set([category?.trim() ?? '', ...context.categories])].filter((c) => c !== ''),
      };
      return {
        callId: callId ?? null,
        context,
        items: suggestArticles(deps.db, context, limit).map(({ article, score, reasons }) => ({
          id: article.id,
          title: article.title,
          category: article.category,
          tags: article.tags,
          ivrNodes: article.ivrNodes,
          updatedAt: article.updatedAt.toISOString(),
          score,
          reasons,
        })),
      };
    },
  );
};
