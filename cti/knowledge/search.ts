import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { MARK_CLOSE, MARK_OPEN, markedHtml, snippetHtml } from './marked-html.js';
import type { ArticleStatus } from './schema.js';
import { likePatternOf, type SearchTerms, searchTermsOf } from './search-terms.js';

/**
 * bm25 weights of the index's columns (title, tags, body): a word in the title counts ten times
 * a word in the body, so an article about the thing ranks above one that mentions it.
 */
const WEIGHT = { title: 10, tags: 5, body: 1 } as const;
const BM25_WEIGHTS = sql.raw(`${WEIGHT.title}, ${WEIGHT.tags}, ${WEIGHT.body}`);

/** A trigram token is one character wide: about how many characters a snippet shows (64 at most). */
const SNIPPET_TOKENS = 64;

export interface SearchRequest {
  q: string;
  category?: string;
  /** Only articles in this status; agents always search 'published'. */
  status?: ArticleStatus;
  limit: number;
}

export interface SearchHit {
  id: number;
  title: string;
  category: string | null;
  tags: string[];
  status: ArticleStatus;
  updatedAt: Date;
  /** Higher is better; comparable within one answer only. */
  score: number;
  /** The title, HTML-escaped, with `<mark>` around the words found. */
  titleHtml: string;
  /** Some of the body around the words found, HTML-escaped, with `<mark>` around them. */
  snippetHtml: string;
}

interface HitRow {
  id: number;
  title: string;
  category: string | null;
  tags: string;
  status: ArticleStatus;
  updated_at: number;
  body: string;
  score: number;
  title_marked: string | null;
  snippet_marked: string | null;
}

/**
 * Full-text search over the knowledge base's FTS5 index. Terms of three characters or more go
 * through MATCH and are ranked by bm25; shorter ones (the trigram index cannot see them) must occur
 * as substrings. All terms must be found. Throws SearchInputError for empty or oversized text.
 */
export function searchArticles(db: Db, request: SearchRequest): { terms: string[]; items: SearchHit[] } {
  const terms = searchTermsOf(request.q);
  if (terms.all.length === 0) return { terms: [], items: [] };
  const filters = [...shortTermConditions(terms), ...articleFilters(request)];
  const rows =
    terms.match !== null
      ? matched(db, terms.match, filters, request.limit)
      : substringOnly(db, terms, filters, request.limit);
  return {
    terms: terms.all,
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      category: row.category,
      tags: JSON.parse(row.tags) as string[],
      status: row.status,
      updatedAt: new Date(row.updated_at),
      // bm25 is tiny where a word is in most articles: keep significant digits, not decimals.
      score: Number(row.score.toPrecision(6)),
      titleHtml: markedHtml(row.title_marked ?? row.title, terms.short),
      snippetHtml:
        row.snippet_marked !== null
          ? markedHtml(row.snippet_marked, terms.short)
          : snippetHtml(row.body, terms.short),
    })),
  };
}

function matched(db: Db, match: string, filters: SQL[], limit: number): HitRow[] {
  // bm25() is lower for better matches; negated so that a higher score is better everywhere.
  return db.all<HitRow>(sql`
    select a.id, a.title, a.category, a.tags, a.status, a.updated_at, a.body,
           -bm25(knowledge_fts, ${BM25_WEIGHTS}) as score,
           highlight(knowledge_fts, 0, ${MARK_OPEN}, ${MARK_CLOSE}) as title_marked,
           snippet(knowledge_fts, 2, ${MARK_OPEN}, ${MARK_CLOSE}, '…', ${SNIPPET_TOKENS}) as snippet_marked
    from knowledge_fts
    join knowledge_articles a on a.id = knowledge_fts.rowid
    where knowledge_fts match ${match} ${andAll(filters)}
    order by score desc, a.updated_at desc, a.id
    limit ${limit}`);
}

/** Only short terms: no index to rank by, so a title hit outweighs a tag hit, which outweighs the body. */
function substringOnly(db: Db, terms: SearchTerms, filters: SQL[], limit: number): HitRow[] {
  const hits = (column: keyof typeof WEIGHT) =>
    terms.short.map(
      (term) =>
        sql`(case when ${sql.raw(`a.${column}`)} like ${likePatternOf(term)} escape '\\' then ${WEIGHT[column]} else 0 end)`,
    );
  const score = sql.join([...hits('title'), ...hits('tags'), ...hits('body')], sql` + `);
  return db.all<HitRow>(sql`
    select a.id, a.title, a.category, a.tags, a.status, a.updated_at, a.body, ${score} as score,
           null as title_marked, null as snippet_marked
    from knowledge_articles a
    where 1 = 1 ${andAll(filters)}
    order by score desc, a.updated_at desc, a.id
    limit ${limit}`);
}

/** Each short term somewhere in the title, tags or body. */
function shortTermConditions(terms: SearchTerms): SQL[] {
  return terms.short.map((term) => {
    const p = likePatternOf(term);
    return sql`(a.title like ${p} escape '\\' or a.tags like ${p} escape '\\' or a.body like ${p} escape '\\')`;
  });
}

function articleFilters(request: SearchRequest): SQL[] {
  const filters: SQL[] = [];
  if (request.status) filters.push(sql`a.status = ${request.status}`);
  if (request.category !== undefined) filters.push(sql`lower(a.category) = lower(${request.category})`);
  return filters;
}

const andAll = (conditions: SQL[]): SQL =>
  conditions.length === 0 ? sql`` : sql` and ${sql.join(conditions, sql` and `)}`;
