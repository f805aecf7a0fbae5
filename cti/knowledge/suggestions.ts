import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { sameCategory } from './article-store.js';
import type { CallContext } from './call-context.js';
import { type ArticleRow, knowledgeArticles } from './schema.js';

/**
 * How much each kind of match counts. A ticket's category is the agent's own judgement of the
 * call, so it weighs most; a queue names the caller's destination; IVR nodes count 1 to 2, the
 * later in the path the more (the caller's last choices are the most specific).
 */
export const SUGGESTION_WEIGHT = { category: 4, queue: 3, firstNode: 1, lastNode: 2 } as const;

export interface Suggestion {
  article: ArticleRow;
  score: number;
  /** Why it was suggested: "category:billing", "queue:support", "node:billing-menu". */
  reasons: string[];
}

/** Published articles for the call's context, best first (ties: the most recently updated). */
export function suggestArticles(db: Db, context: CallContext, limit: number): Suggestion[] {
  const keys = [...new Set([...context.nodes, ...context.queues])];
  const matches: SQL[] = context.categories.map(sameCategory);
  if (keys.length > 0) {
    const list = sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    );
    matches.push(
      sql`exists (select 1 from json_each(${knowledgeArticles.ivrNodes}) where value in (${list}))`,
    );
  }
  if (matches.length === 0) return [];
  const candidates = db
    .select()
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.status, 'published'), or(...matches)))
    .all();
  return candidates
    .map((article) => scored(article, context))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.article.updatedAt.getTime() - a.article.updatedAt.getTime() ||
        a.article.id - b.article.id,
    )
    .slice(0, limit);
}

function scored(article: ArticleRow, context: CallContext): Suggestion {
  let score = 0;
  const reasons: string[] = [];
  const category = article.category?.toLowerCase();
  const hitCategory = context.categories.find((c) => c.toLowerCase() === category);
  if (hitCategory !== undefined) {
    score += SUGGESTION_WEIGHT.category;
    reasons.push(`category:${article.category}`);
  }
  const helpsWith = new Set(article.ivrNodes);
  for (const queue of context.queues) {
    if (helpsWith.has(queue)) {
      score += SUGGESTION_WEIGHT.queue;
      reasons.push(`queue:${queue}`);
    }
  }
  const { firstNode, lastNode } = SUGGESTION_WEIGHT;
  context.nodes.forEach((node, k) => {
    if (!helpsWith.has(node)) return;
    const lateness = context.nodes.length === 1 ? 1 : k / (context.nodes.length - 1);
    score += firstNode + (lastNode - firstNode) * lateness;
    reasons.push(`node:${node}`);
  });
  return { article, score: Math.round(score * 100) / 100, reasons };
}
