import type { Test } from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { knowledgeArticles } from '../../cti/knowledge/schema.js';
import { buildTestApp, injectJson, type TestApp } from '../helpers/app.js';

export type Headers = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked with t.match, field by field
export type Json = any;

export interface KnowledgeFixture extends TestApp {
  asAdmin: Headers;
  asSupervisor: Headers;
  asAgent: Headers;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Headers,
    payload?: unknown,
  ): Promise<{ status: number; body: Json }>;
  /** Creates an article as an admin (published unless told otherwise) and returns its JSON. */
  article(payload: Record<string, unknown>): Promise<Json>;
  /** GET /api/knowledge/search with these query parameters. */
  search(query: Record<string, string>, headers?: Headers): Promise<{ status: number; body: Json }>;
  /** Every article row, every entry of the full-text index and the knowledge.* audit entries: to show a refusal changed nothing. */
  snapshot(): unknown;
  /** Throws unless the full-text index holds exactly what knowledge_articles holds (FTS5 integrity-check). */
  checkIndex(): void;
}

export async function knowledgeFixture(t: Test): Promise<KnowledgeFixture> {
  const f = await buildTestApp(t);
  const asAdmin = (await f.signedIn('admin')).headers;
  const asSupervisor = (await f.signedIn('supervisor')).headers;
  const asAgent = (await f.signedIn('agent')).headers;
  const request: KnowledgeFixture['request'] = async (method, url, headers, payload) =>
    injectJson<Json>(f.app, method, url, headers, payload);
  const { sqlite } = f.database;
  // What the index itself holds (an external-content FTS5 table reads its columns from the articles).
  sqlite.exec("create virtual table temp.knowledge_vocab using fts5vocab(main, 'knowledge_fts', 'instance')");
  return {
    ...f,
    asAdmin,
    asSupervisor,
    asAgent,
    request,
    async article(payload) {
      const res = await request('POST', '/api/knowledge/articles', asAdmin, {
        status: 'published',
        ...payload,
      });
      t.equal(res.status, 201, `article created: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    search: (query, headers = asAgent) =>
      request('GET', `/api/knowledge/search?${new URLSearchParams(query)}`, headers),
    snapshot: () => ({
      articles: f.database.db.select().from(knowledgeArticles).all(),
      index: sqlite.prepare('select * from temp.knowledge_vocab order by doc, col, offset').all(),
      // Refused requests are audited as access.denied by the auth plugin; changes are knowledge.*.
      audit: f.database.db
        .select()
        .from(auditLog)
        .all()
        .filter((e) => e.action.startsWith('knowledge.')),
    }),
    checkIndex: () =>
      sqlite.exec("insert into knowledge_fts(knowledge_fts, rank) values ('integrity-check', 1)"),
  };
}
