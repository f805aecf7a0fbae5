import t from 'tap';
import { type Json, knowledgeFixture } from './fixture.js';

const ids = (body: Json): number[] => body.items.map((item: { id: number }) => item.id);

t.test(
  'English: every word must match, title matches rank above body matches, marked snippets',
  async (t) => {
    const f = await knowledgeFixture(t);
    const mention = await f.article({
      title: 'Opening hours',
      body: 'We are open 9 to 17. For a refund see the refund policy article.',
      category: 'General',
    });
    const policy = await f.article({
      title: 'Refund policy',
      body: 'Customers get their money back within 30 days.',
      category: 'Billing',
      tags: ['money'],
    });
    const other = await f.article({ title: 'Port forwarding', body: 'Open the router page.' });

    const res = await f.search({ q: 'refund' });
    t.equal(res.status, 200, JSON.stringify(res.body));
    t.same(ids(res.body), [policy.id, mention.id], 'the title match first, though the body says it twice');
    t.same(res.body.terms, ['refund']);
    t.ok(res.body.items[0].score > res.body.items[1].score, 'scores say so too');
    t.match(res.body.items[0], {
      title: 'Refund policy',
      titleHtml: '<mark>Refund</mark> policy',
      category: 'Billing',
      tags: ['money'],
      status: 'published',
      updatedAt: String,
    });
    t.match(res.body.items[1].snippetHtml, /For a <mark>refund<\/mark> see the <mark>refund<\/mark> policy/);

    t.same(ids((await f.search({ q: 'REFUND' })).body), [policy.id, mention.id], 'case does not matter');
    t.same(ids((await f.search({ q: 'refund money' })).body), [policy.id], 'every word must be found');
    t.same(ids((await f.search({ q: 'refunds' })).body), [], 'no stemming: the whole word must occur');
    t.same(
      ids((await f.search({ q: 'fund' })).body),
      [policy.id, mention.id],
      'a word is found inside words',
    );
    t.same(ids((await f.search({ q: 'refund', category: 'billing' })).body), [policy.id], 'category filter');
    t.same(
      ids((await f.search({ q: 'open' })).body),
      [mention.id, other.id],
      'short-enough words use the index',
    );
  },
);

t.test('short words (one or two characters) are found as substrings, titles first', async (t) => {
  const f = await knowledgeFixture(t);
  const body = await f.article({ title: 'Modem lights', body: 'If the TV box blinks, restart it.' });
  const title = await f.article({ title: 'TV has no picture', body: 'Check the cable.' });
  const res = await f.search({ q: 'tv' });
  t.same(ids(res.body), [title.id, body.id]);
  t.equal(res.body.items[0].titleHtml, '<mark>TV</mark> has no picture');
  t.match(res.body.items[1].snippetHtml, /If the <mark>TV<\/mark> box blinks/);
  t.same(ids((await f.search({ q: 'tv cable' })).body), [title.id], 'short and long words together');
});

t.test('Chinese: words are found inside sentences, two-character words too', async (t) => {
  const f = await knowledgeFixture(t);
  const refund = await f.article({
    title: '退款政策',
    body: '如何申请退款：请在三十天内联系客服，并提供订单号。',
    category: '账务',
  });
  const bill = await f.article({ title: '账单查询', body: '在网上营业厅查看您的账单和发票。' });
  const mention = await f.article({ title: '联系我们', body: '客服热线全天开放，退款问题请按2。' });

  const sentence = await f.search({ q: '申请退款' });
  t.same(ids(sentence.body), [refund.id], 'a four-character word in the middle of a sentence');
  t.match(sentence.body.items[0].snippetHtml, /如何<mark>申请退款<\/mark>：/);

  const word = await f.search({ q: '退款' });
  t.same(ids(word.body), [refund.id, mention.id], 'a two-character word: the title match first');
  t.equal(word.body.items[0].titleHtml, '<mark>退款</mark>政策');
  t.match(word.body.items[1].snippetHtml, /<mark>退款<\/mark>问题/);

  t.same(ids((await f.search({ q: '客服 订单号' })).body), [refund.id], 'two words, both must occur');
  t.same(ids((await f.search({ q: '账单，发票' })).body), [bill.id], 'Chinese punctuation separates words');
  t.same(ids((await f.search({ q: '退款', category: '账务' })).body), [refund.id]);
  t.same(ids((await f.search({ q: '三十天内联系客服' })).body), [refund.id]);
  t.same(ids((await f.search({ q: '营业执照' })).body), []);

  const office = await f.article({ title: '营业厅地址', body: '北京市东城区。' });
  t.same(ids((await f.search({ q: '营业厅' })).body), [office.id, bill.id], 'through the index: title first');
});

t.test('accents, full-width letters and markup in articles', async (t) => {
  const f = await knowledgeFixture(t);
  const cafe = await f.article({ title: 'Café opening', body: 'The café is on floor 2.' });
  const xss = await f.article({
    title: '<b>Bold</b> claims',
    body: 'Never <script>alert(1)</script> paste tokens.',
  });
  t.same(ids((await f.search({ q: 'cafe' })).body), [cafe.id], 'diacritics removed in the index');
  t.same(ids((await f.search({ q: 'ＣＡＦＥ' })).body), [cafe.id], 'full-width letters are folded');
  const marked = await f.search({ q: 'tokens' });
  t.same(ids(marked.body), [xss.id]);
  t.equal(marked.body.items[0].titleHtml, '&#60;b&#62;Bold&#60;/b&#62; claims', 'titles are escaped');
  t.match(
    marked.body.items[0].snippetHtml,
    '&#60;script&#62;alert(1)&#60;/script&#62; paste <mark>tokens</mark>',
  );
  t.notMatch(marked.body.items[0].snippetHtml, /<script>/);
});

t.test('the index follows inserts, updates and deletes (triggers), and status limits agents', async (t) => {
  const f = await knowledgeFixture(t);
  const article = await f.article({ title: 'Voicemail PIN', body: 'Dial *98 and follow the prompts.' });
  f.checkIndex();
  t.same(ids((await f.search({ q: 'prompts' })).body), [article.id]);

  await f.request('PATCH', `/api/knowledge/articles/${article.id}`, f.asAdmin, {
    body: 'Press the envelope key, then enter the old code.',
  });
  f.checkIndex();
  t.same(ids((await f.search({ q: 'prompts' })).body), [], 'the old body is gone from the index');
  t.same(ids((await f.search({ q: 'envelope' })).body), [article.id], 'the new body is in it');

  await f.request('PATCH', `/api/knowledge/articles/${article.id}`, f.asAdmin, {
    title: 'Mailbox code',
    tags: ['mailbox'],
  });
  f.checkIndex();
  t.same(ids((await f.search({ q: 'voicemail' })).body), [], 'the old title is gone');
  t.same(ids((await f.search({ q: 'mailbox code' })).body), [article.id]);

  await f.request('POST', `/api/knowledge/articles/${article.id}/unpublish`, f.asAdmin);
  t.same(ids((await f.search({ q: 'envelope' })).body), [], 'agents do not find drafts');
  t.same(ids((await f.search({ q: 'envelope' }, f.asSupervisor)).body), [article.id], 'editors do');
  t.same(ids((await f.search({ q: 'envelope', status: 'published' }, f.asSupervisor)).body), []);
  t.same(
    ids((await f.search({ q: 'envelope', status: 'draft' }, f.asAgent)).body),
    [],
    'an agent asking gets none',
  );

  t.equal((await f.request('DELETE', `/api/knowledge/articles/${article.id}`, f.asAdmin)).status, 204);
  f.checkIndex();
  t.same(ids((await f.search({ q: 'envelope' }, f.asAdmin)).body), [], 'deleted articles leave the index');
  const left = f.database.sqlite.prepare('select count(*) as n from temp.knowledge_vocab').get() as {
    n: number;
  };
  t.equal(left.n, 0, 'nothing of it is left in the index');
});

t.test(
  'bad search input: empty or too long is 400; search syntax is never interpreted, never 500',
  async (t) => {
    const f = await knowledgeFixture(t);
    const refund = await f.article({
      title: 'Refund policy',
      body: 'Money back within 30 days (see "terms").',
    });
    await f.article({ title: 'Title tricks', body: 'Nothing to see: x marks the spot.' });
    const before = f.snapshot();

    for (const [label, query] of [
      ['no q', {}],
      ['empty q', { q: '' }],
      ['blank q', { q: '   ' }],
      ['too long q', { q: 'a'.repeat(201) }],
      ['too long Chinese q', { q: '退'.repeat(201) }],
      ['too many words', { q: Array.from({ length: 13 }, (_, i) => `word${i}`).join(' ') }],
      ['unknown parameter', { q: 'refund', sort: 'title' }],
    ] as const) {
      const res = await f.search(query);
      t.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
      t.match(res.body, { error: String, message: String });
    }

    for (const q of [
      '" OR 1=1 --',
      'NEAR(',
      'NEAR(refund policy, 2)',
      '*',
      'refund*',
      'title:x',
      'title:refund',
      '{title body}: refund',
      '"unbalanced',
      'refund"',
      "'; DROP TABLE knowledge_articles; --",
      'refund AND OR NOT',
      '^refund',
      '-refund',
      '+refund',
      '%',
      '_',
      '\\',
      '()',
      'refund\u0000policy',
      '\uE000refund\uE001',
    ]) {
      const res = await f.search({ q });
      t.equal(res.status, 200, `${JSON.stringify(q)} answers 200: ${JSON.stringify(res.body).slice(0, 200)}`);
      t.ok(Array.isArray(res.body.items), 'with a list of results');
    }
    for (const q of [
      'refund*',
      'body:refund',
      'NEAR(refund policy)',
      '"refund',
      '^refund',
      'refund AND policy',
    ]) {
      const res = await f.search({ q });
      t.ok(
        ids(res.body).includes(refund.id),
        `${JSON.stringify(q)} searches its words: ${JSON.stringify(res.body.terms)}`,
      );
    }
    t.same((await f.search({ q: '*' })).body, { terms: [], items: [] }, 'nothing searchable: nothing found');
    t.same((await f.search({ q: 'refund AND OR NOT' })).body.terms, ['refund'], 'operators are dropped');
    t.same((await f.search({ q: 'title:x' })).body.terms, ['x'], 'column filters are dropped');
    t.same(
      (await f.search({ q: 'Error: tags' })).body.terms,
      ['error', 'tags'],
      'other colons are not filters',
    );
    t.same(f.snapshot(), before, 'searching changed nothing');
    f.checkIndex();
  },
);
