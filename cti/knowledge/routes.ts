import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/errors.js';
import { type ArticleChange, type ArticleInput, ArticleStore } from './article-store.js';
import {
  articleChangeBody,
  articleListSchema,
  articleSchema,
  categoriesSchema,
  errors,
  idParams,
  listQuery,
  newArticleBody,
} from './http-schemas.js';
import { asHttp, EDITORS, isEditor, readableStatus } from './route-access.js';
import type { ArticleRow, ArticleStatus } from './schema.js';
import { knowledgeSearchRoutes } from './search-routes.js';

const actorLabel = (request: FastifyRequest) => `${request.principal!.kind}:${request.principal!.name}`;

function articleJson(row: ArticleRow, withBody: boolean) {
  return {
    id: row.id,
    title: row.title,
    ...(withBody ? { body: row.body } : {}),
    category: row.category,
    tags: row.tags,
    ivrNodes: row.ivrNodes,
    status: row.status,
    author: row.author,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/**
 * The knowledge base: articles admins and supervisors write and publish (every change audited),
 * full-text search, and suggestions for a call from its IVR path, queues and ticket category.
 * Agents see published articles only; a draft answers them 404, as an id that does not exist.
 */
export const knowledgeRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const articles = new ArticleStore(deps.db, deps.clock);
  const audit = (request: FastifyRequest, action: string, id: number, details: Record<string, unknown>) =>
    deps.audit.record({
      actor: actorOf(request.principal),
      action: `knowledge.article.${action}`,
      target: `knowledge-article:${id}`,
      details,
      ip: request.ip,
    });
  const readableArticle = (request: FastifyRequest, id: number): ArticleRow => {
    const row = articles.get(id);
    if (!row || (row.status !== 'published' && !isEditor(request))) throw notFound(`article ${id}`);
    return row;
  };
  const changed = (outcome: { before: ArticleRow; after: ArticleRow } | null, id: number) => {
    if (!outcome) throw notFound(`article ${id}`);
    return outcome;
  };

  app.get<{ Querystring: { status?: ArticleStatus; category?: string; limit: number; offset: number } }>(
    '/api/knowledge/articles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['knowledge'],
        summary: 'Articles, most recently updated first (agents: published only), without their bodies',
        querystring: listQuery,
        response: { 200: articleListSchema, ...errors },
      },
    },
    async (request) => {
      const { status, category, limit, offset } = request.query;
      const allowed = readableStatus(request, status);
      const { total, items } = articles.list({
        ...(allowed ? { status: allowed } : {}),
        ...(category !== undefined ? { category } : {}),
        limit,
        offset,
      });
      return { total, items: items.map((row) => articleJson(row, false)) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/knowledge/articles/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['knowledge'],
        summary: 'One article with its markdown body (agents: published only)',
        params: idParams,
        response: { 200: articleSchema, ...errors },
      },
    },
    async (request) => articleJson(readableArticle(request, request.params.id), true),
  );

  app.post<{ Body: ArticleInput & { status?: ArticleStatus } }>(
    '/api/knowledge/articles',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['knowledge'],
        summary: 'Write an article (a draft unless status says published)',
        body: newArticleBody,
        response: { 201: articleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const status = request.body.status ?? 'draft';
      const row = asHttp(() => articles.create({ ...request.body, status }, actorLabel(request)));
      audit(request, 'create', row.id, { title: row.title, status, category: row.category });
      return reply.code(201).send(articleJson(row, true));
    },
  );

  app.patch<{ Params: { id: number }; Body: ArticleChange }>(
    '/api/knowledge/articles/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['knowledge'],
        summary: 'Change an article: the fields given change, the others stay',
        params: idParams,
        body: articleChangeBody,
        response: { 200: articleSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { after } = changed(
        asHttp(() => articles.update(id, request.body, actorLabel(request))),
        id,
      );
      audit(request, 'update', id, { title: after.title, fields: Object.keys(request.body).sort() });
      return articleJson(after, true);
    },
  );

  for (const [action, status] of [
    ['publish', 'published'],
    ['unpublish', 'draft'],
  ] as const) {
    app.post<{ Params: { id: number } }>(
      `/api/knowledge/articles/:id/${action}`,
      {
        config: { access: EDITORS },
        schema: {
          tags: ['knowledge'],
          summary:
            status === 'published'
              ? 'Publish an article: agents see it, search and suggestions find it'
              : 'Withdraw an article to draft: agents no longer see it',
          params: idParams,
          response: { 200: articleSchema, ...errors },
        },
      },
      async (request) => {
        const { id } = request.params;
        const { before, after } = changed(articles.setStatus(id, status, actorLabel(request)), id);
        // Publishing what is already published changes nothing, so there is nothing to audit.
        if (before.status !== after.status)
          audit(request, action, id, { title: after.title, from: before.status, to: after.status });
        return articleJson(after, true);
      },
    );
  }

  app.delete<{ Params: { id: number } }>(
    '/api/knowledge/articles/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['knowledge'],
        summary: 'Delete an article (it leaves the search index with it)',
        params: idParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const row = articles.delete(id);
      if (!row) throw notFound(`article ${id}`);
      audit(request, 'delete', id, { title: row.title, status: row.status });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/knowledge/categories',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['knowledge'],
        summary: 'Categories in use, with their article counts (agents: published articles only)',
        description:
          'Categories are free text on articles, as on tickets, so a ticket category finds its articles as is; ' +
          'they compare ignoring case.',
        response: { 200: categoriesSchema },
      },
    },
    async (request) => ({ items: articles.categories(readableStatus(request)) }),
  );

  await app.register(knowledgeSearchRoutes, deps);
};
