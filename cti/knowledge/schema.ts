import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/**
 * Knowledge-base articles agents read during a call. The full-text index over title, tags and
 * body (`knowledge_fts`, FTS5) is not modelled here: drizzle-kit cannot express virtual tables,
 * so it and the triggers that keep it in step live in the migration by hand.
 */
export const knowledgeArticles = sqliteTable(
  'knowledge_articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    /** Free text, like a ticket's category, so a ticket's category finds its articles as is. */
    category: text('category'),
    /** The words indexed with the article: JSON array of strings. */
    tags: text('tags', { mode: 'json' }).notNull().$type<string[]>(),
    /** IVR node ids and queue ids this article helps with: JSON array of strings. */
    ivrNodes: text('ivr_nodes', { mode: 'json' }).notNull().$type<string[]>(),
    status: text('status', { enum: ARTICLE_STATUSES }).notNull(),
    /** "user:<name>" or "api_key:<name>". */
    author: text('author').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    index('knowledge_articles_status').on(table.status),
    index('knowledge_articles_category').on(table.category),
  ],
);

export type ArticleRow = typeof knowledgeArticles.$inferSelect;
