import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { withoutMarkers } from './marked-html.js';
import { type ArticleRow, type ArticleStatus, knowledgeArticles } from './schema.js';

export interface ArticleInput {
  title: string;
  body: string;
  category?: string | null;
  tags?: string[];
  ivrNodes?: string[];
}

export type ArticleChange = Partial<ArticleInput>;

export interface ArticleFilter {
  /** Only articles in this status; agents are always given 'published'. */
  status?: ArticleStatus;
  category?: string;
  limit: number;
  offset: number;
}

export class ArticleInputError extends Error {
  override name = 'ArticleInputError';
}

/** Same category whatever the case: a ticket's "Billing" finds articles filed under "billing". */
export const sameCategory = (category: string): SQL =>
  sql`lower(${knowledgeArticles.category}) = lower(${category})`;

/**
 * Knowledge-base articles. Writes go to `knowledge_articles` only: the full-text index follows
 * through the triggers the migration made, in the same transaction as the write.
 */
export class ArticleStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  create(input: ArticleInput & { status: ArticleStatus }, author: string): ArticleRow {
    const now = this.clock();
    const fields = cleaned(input);
    return this.db
      .insert(knowledgeArticles)
      .values({
        category: fields.category ?? null,
        tags: fields.tags ?? [],
        ivrNodes: fields.ivrNodes ?? [],
        title: cleanTitle(input.title),
        body: withoutMarkers(input.body),
        status: input.status,
        author,
        updatedBy: author,
        createdAt: now,
        updatedAt: now,
        publishedAt: input.status === 'published' ? now : null,
      })
      .returning()
      .get();
  }

  get(id: number): ArticleRow | null {
    return this.db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).get() ?? null;
  }

  /** The fields given change; the others stay. Null when there is no such article. */
  update(id: number, change: ArticleChange, by: string): { before: ArticleRow; after: ArticleRow } | null {
    return this.db.transaction((tx) => {
      const before = tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).get();
      if (!before) return null;
      const after = tx
        .update(knowledgeArticles)
        .set({
          ...cleaned(change),
          ...(change.title !== undefined ? { title: cleanTitle(change.title) } : {}),
          ...(change.body !== undefined ? { body: withoutMarkers(change.body) } : {}),
          updatedBy: by,
          updatedAt: this.clock(),
        })
        .where(eq(knowledgeArticles.id, id))
        .returning()
        .get();
      return { before, after };
    });
  }

  /** Publishes or withdraws; null when there is no such article. */
  setStatus(id: number, status: ArticleStatus, by: string): { before: ArticleRow; after: ArticleRow } | null {
    return this.db.transaction((tx) => {
      const before = tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).get();
      if (!before) return null;
      const now = this.clock();
      const after = tx
        .update(knowledgeArticles)
        .set({
          status,
          updatedBy: by,
          updatedAt: now,
          publishedAt: status === 'published' ? (before.publishedAt ?? now) : null,
        })
        .where(eq(knowledgeArticles.id, id))
        .returning()
        .get();
      return { before, after };
    });
  }

  delete(id: number): ArticleRow | null {
    return this.db.delete(knowledgeArticles).where(eq(knowledgeArticles.id, id)).returning().get() ?? null;
  }

  list(filter: ArticleFilter): { total: number; items: ArticleRow[] } {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(knowledgeArticles.status, filter.status));
    if (filter.category !== undefined) conditions.push(sameCategory(filter.category));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const total = this.db.select({ n: count() }).from(knowledgeArticles).where(where).get()?.n ?? 0;
    const items = this.db
      .select()
      .from(knowledgeArticles)
      .where(where)
      .orderBy(desc(knowledgeArticles.updatedAt), desc(knowledgeArticles.id))
      .limit(filter.limit)
      .offset(filter.offset)
      .all();
    return { total, items };
  }

  /** Categories in use (ignoring case; one spelling shown), with how many articles each has. */
  categories(status?: ArticleStatus): { name: string; articles: number }[] {
    const rows = this.db
      .select({
        name: sql<string>`max(${knowledgeArticles.category})`,
        key: sql<string>`lower(${knowledgeArticles.category})`,
        articles: count(),
      })
      .from(knowledgeArticles)
      .where(
        and(
          sql`${knowledgeArticles.category} is not null`,
          status ? eq(knowledgeArticles.status, status) : undefined,
        ),
      )
      .groupBy(sql`lower(${knowledgeArticles.category})`)
      .orderBy(sql`lower(${knowledgeArticles.category})`)
      .all();
    return rows.map(({ name, articles }) => ({ name, articles }));
  }
}

function cleanTitle(title: string): string {
  const clean = withoutMarkers(title).trim();
  if (clean === '') throw new ArticleInputError('title is blank');
  return clean;
}

/** Trimmed category (blank is none), tags and node ids trimmed and each kept once. */
function cleaned(input: ArticleChange): Partial<Pick<ArticleRow, 'category' | 'tags' | 'ivrNodes'>> {
  const out: Partial<Pick<ArticleRow, 'category' | 'tags' | 'ivrNodes'>> = {};
  if (input.category !== undefined) {
    const category = input.category === null ? '' : withoutMarkers(input.category).trim();
    out.category = category === '' ? null : category;
  }
  if (input.tags !== undefined) out.tags = uniqueTrimmed(input.tags.map(withoutMarkers));
  if (input.ivrNodes !== undefined) out.ivrNodes = uniqueTrimmed(input.ivrNodes);
  return out;
}

function uniqueTrimmed(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
