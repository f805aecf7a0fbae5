import t from 'tap';
import { knowledgeFixture } from './fixture.js';

const ARTICLES = '/api/knowledge/articles';

t.test(
  'an editor writes, changes, publishes, withdraws and deletes an article; each change audited',
  async (t) => {
    const f = await knowledgeFixture(t);
    const created = await f.request('POST', ARTICLES, f.asSupervisor, {
      title: '  Resetting a VPN token ',
      body: '# Steps\n\n1. Open the portal\n2. Press *reset*',
      category: 'Access',
      tags: ['vpn', ' token ', 'vpn'],
      ivrNodes: ['support', 'it-menu'],
    });
    t.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    t.match(created.body, {
      id: Number,
      title: 'Resetting a VPN token',
      body: '# Steps\n\n1. Open the portal\n2. Press *reset*',
      category: 'Access',
      tags: ['vpn', 'token'],
      ivrNodes: ['support', 'it-menu'],
      status: 'draft',
      author: /^user:supervisor/,
      createdAt: String,
      publishedAt: null,
    });

    f.clock.advance(60_000);
    const changed = await f.request('PATCH', `${ARTICLES}/${id}`, f.asAdmin, { category: null, tags: [] });
    t.equal(changed.status, 200, JSON.stringify(changed.body));
    t.match(changed.body, {
      title: 'Resetting a VPN token',
      category: null,
      tags: [],
      updatedBy: /^user:admin/,
    });
    t.not(changed.body.updatedAt, created.body.updatedAt, 'updatedAt moves');

    const published = await f.request('POST', `${ARTICLES}/${id}/publish`, f.asAdmin);
    t.match(published, { status: 200, body: { status: 'published', publishedAt: String } });
    const again = await f.request('POST', `${ARTICLES}/${id}/publish`, f.asAdmin);
    t.match(again, { status: 200, body: { status: 'published', publishedAt: published.body.publishedAt } });
    const withdrawn = await f.request('POST', `${ARTICLES}/${id}/unpublish`, f.asSupervisor);
    t.match(withdrawn, { status: 200, body: { status: 'draft', publishedAt: null } });

    const deleted = await f.request('DELETE', `${ARTICLES}/${id}`, f.asAdmin);
    t.equal(deleted.status, 204);
    t.equal((await f.request('GET', `${ARTICLES}/${id}`, f.asAdmin)).status, 404);
    t.equal((await f.request('DELETE', `${ARTICLES}/${id}`, f.asAdmin)).status, 404);

    const audit = f.deps.audit
      .list({ limit: 50, offset: 0 })
      .filter((e) => e.action.startsWith('knowledge.'))
      .reverse();
    t.match(audit, [
      {
        action: 'knowledge.article.create',
        target: `knowledge-article:${id}`,
        actorName: /^supervisor/,
        outcome: 'ok',
        details: { title: 'Resetting a VPN token', status: 'draft', category: 'Access' },
      },
      { action: 'knowledge.article.update', actorName: /^admin/, details: { fields: ['category', 'tags'] } },
      { action: 'knowledge.article.publish', details: { from: 'draft', to: 'published' } },
      { action: 'knowledge.article.unpublish', details: { from: 'published', to: 'draft' } },
      { action: 'knowledge.article.delete', details: { title: 'Resetting a VPN token', status: 'draft' } },
    ]);
    t.equal(audit.length, 5, 'publishing what was published is not audited; refusals are not either');
  },
);

t.test('agents read published articles only; a draft answers them 404 like a missing id', async (t) => {
  const f = await knowledgeFixture(t);
  const live = await f.article({
    title: 'Refund policy',
    body: 'Refunds within 30 days.',
    category: 'Billing',
  });
  const draft = await f.article({
    title: 'New tariff',
    body: 'Not yet.',
    category: 'billing',
    status: 'draft',
  });

  t.match(await f.request('GET', `${ARTICLES}/${live.id}`, f.asAgent), {
    status: 200,
    body: { title: 'Refund policy', body: 'Refunds within 30 days.' },
  });
  const hidden = await f.request('GET', `${ARTICLES}/${draft.id}`, f.asAgent);
  const missing = await f.request('GET', `${ARTICLES}/999999`, f.asAgent);
  t.equal(hidden.status, 404);
  t.same(hidden.body, { error: 'not_found', message: `article ${draft.id} not found` });
  t.equal(missing.status, 404);

  const agentList = await f.request('GET', `${ARTICLES}?status=draft`, f.asAgent);
  t.match(agentList.body, { total: 1, items: [{ id: live.id }] }, 'asking for drafts still gives published');
  t.notOk('body' in agentList.body.items[0], 'lists leave bodies out');
  const editorList = await f.request('GET', ARTICLES, f.asSupervisor);
  t.equal(editorList.body.total, 2);
  const drafts = await f.request('GET', `${ARTICLES}?status=draft`, f.asSupervisor);
  t.match(drafts.body, { total: 1, items: [{ id: draft.id }] });
  const byCategory = await f.request('GET', `${ARTICLES}?category=BILLING`, f.asAdmin);
  t.equal(byCategory.body.total, 2, 'categories compare ignoring case');

  t.same((await f.request('GET', '/api/knowledge/categories', f.asAgent)).body, {
    items: [{ name: 'Billing', articles: 1 }],
  });
  t.match((await f.request('GET', '/api/knowledge/categories', f.asAdmin)).body, {
    items: [{ name: String, articles: 2 }],
  });

  for (const [method, url, payload] of [
    ['POST', ARTICLES, { title: 'x', body: 'y' }],
    ['PATCH', `${ARTICLES}/${live.id}`, { title: 'x' }],
    ['POST', `${ARTICLES}/${live.id}/publish`, undefined],
    ['POST', `${ARTICLES}/${live.id}/unpublish`, undefined],
    ['DELETE', `${ARTICLES}/${live.id}`, undefined],
  ] as const) {
    const before = f.snapshot();
    const res = await f.request(method, url, f.asAgent, payload);
    t.equal(res.status, 403, `${method} ${url} is refused to agents`);
    t.same(f.snapshot(), before, 'and changes nothing');
  }
  t.equal(f.deps.audit.list({ action: 'access.denied', limit: 10, offset: 0 }).length, 5, 'refusals audited');
});

t.test('bad writes are 400 or 404 and change nothing', async (t) => {
  const f = await knowledgeFixture(t);
  const article = await f.article({ title: 'Port forwarding', body: 'Open the router page.' });
  const before = f.snapshot();
  const refused = [
    ['POST', ARTICLES, {}, 400],
    ['POST', ARTICLES, { title: '', body: 'x' }, 400],
    ['POST', ARTICLES, { title: '   ', body: 'x' }, 400],
    ['POST', ARTICLES, { title: 'x', body: 'y', status: 'archived' }, 400],
    ['POST', ARTICLES, { title: 'x', body: 'y', ivrNodes: ['bad node!'] }, 400],
    ['POST', ARTICLES, { title: 'x', body: 'y', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 400],
    ['POST', ARTICLES, { title: 'x'.repeat(201), body: 'y' }, 400],
    ['POST', ARTICLES, { title: 'x', body: 'y', author: 'someone else' }, 400],
    ['PATCH', `${ARTICLES}/${article.id}`, {}, 400],
    ['PATCH', `${ARTICLES}/${article.id}`, { title: ' ' }, 400],
    ['PATCH', `${ARTICLES}/${article.id}`, { status: 'draft' }, 400],
    ['PATCH', `${ARTICLES}/999999`, { title: 'x' }, 404],
    ['POST', `${ARTICLES}/999999/publish`, undefined, 404],
    ['DELETE', `${ARTICLES}/999999`, undefined, 404],
    ['GET', `${ARTICLES}/0`, undefined, 400],
    ['GET', `${ARTICLES}/abc`, undefined, 400],
  ] as const;
  for (const [method, url, payload, status] of refused) {
    const res = await f.request(method, url, f.asAdmin, payload);
    t.equal(res.status, status, `${method} ${url} ${JSON.stringify(payload)}: ${JSON.stringify(res.body)}`);
    t.match(res.body, { error: String, message: String });
  }
  t.same(f.snapshot(), before, 'no article, index entry or audit entry changed');
});
