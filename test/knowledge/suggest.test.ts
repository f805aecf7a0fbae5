import t from 'tap';
import { queueEntries } from '../../cti/acd/schema.js';
import { IvrPathStore } from '../../cti/ivr/call/path-store.js';
import { flows, flowVersions } from '../../cti/ivr/schema.js';
import { ticketCalls, tickets } from '../../cti/tickets/schema.js';
import { type Json, type KnowledgeFixture, knowledgeFixture } from './fixture.js';

const titles = (body: Json): string[] => body.items.map((item: { title: string }) => item.title);

/** A call that went menu → billing-menu → account → support and left the flow for queue "support". */
function callThroughBilling(f: KnowledgeFixture, channelId = 'kb-call-1'): number {
  const { db } = f.database;
  const now = f.clock.now();
  const call = f.deps.callLog.recordStart({
    channelId,
    callerNumber: '+4930111',
    callerName: null,
    dialedNumber: '600',
    startedAt: now,
  });
  const flow = db
    .insert(flows)
    .values({
      name: `main-${channelId}`,
      draftSource: '',
      draftFormat: 'yaml',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const version = db
    .insert(flowVersions)
    .values({ flowId: flow.id, version: 1, source: '', format: 'yaml', document: {}, publishedAt: now })
    .returning()
    .get();
  const paths = new IvrPathStore(db, f.clock.now);
  const at = now.toISOString();
  paths.begin(call.id, flow.id, version.id);
  paths.progress(
    call.id,
    [
      { node: 'menu', type: 'menu', enteredAt: at, digits: '2', outcome: 'option 2', next: 'billing-menu' },
      {
        node: 'billing-menu',
        type: 'menu',
        enteredAt: at,
        digits: '1',
        outcome: 'option 1',
        next: 'account',
      },
      {
        node: 'account',
        type: 'collect',
        enteredAt: at,
        digits: '12345',
        variable: 'account',
        value: '12345',
        outcome: 'collected',
        next: 'support',
      },
      { node: 'support', type: 'queue', enteredAt: at, outcome: 'queued' },
    ],
    { account: '12345' },
  );
  paths.finish(call.id, { kind: 'queue', node: 'support', queue: 'support', skills: [], priority: 0 });
  return call.id;
}

async function seedArticles(f: KnowledgeFixture) {
  return {
    invoices: await f.article({
      title: 'Invoices explained',
      body: '…',
      category: 'Billing',
      ivrNodes: ['billing-menu'],
    }),
    support: await f.article({ title: 'Support checklist', body: '…', ivrNodes: ['support'] }),
    menu: await f.article({ title: 'Main menu options', body: '…', ivrNodes: ['menu'] }),
    draft: await f.article({ title: 'Draft for support', body: '…', ivrNodes: ['support'], status: 'draft' }),
    dunning: await f.article({ title: 'Payment reminders', body: '…', category: 'billing' }),
    sales: await f.article({ title: 'Price list', body: '…', category: 'Sales', ivrNodes: ['sales'] }),
  };
}

t.test('suggestions from the stored IVR path: queue and later nodes count most', async (t) => {
  const f = await knowledgeFixture(t);
  const callId = callThroughBilling(f);
  await seedArticles(f);
  const res = await f.request('GET', `/api/knowledge/suggest?callId=${callId}`, f.asAgent);
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.same(res.body.context, {
    nodes: ['menu', 'billing-menu', 'account', 'support'],
    queues: ['support'],
    categories: [],
  });
  t.same(titles(res.body), ['Support checklist', 'Invoices explained', 'Main menu options'], 'no drafts');
  t.match(res.body.items, [
    {
      title: 'Support checklist',
      score: 5,
      reasons: ['queue:support', 'node:support'],
      ivrNodes: ['support'],
    },
    { title: 'Invoices explained', score: 1.33, reasons: ['node:billing-menu'] },
    { title: 'Main menu options', score: 1, reasons: ['node:menu'] },
  ]);
  t.equal(res.body.callId, callId);
});

t.test('the ticket category, given or from a ticket linked to the call, ranks first', async (t) => {
  const f = await knowledgeFixture(t);
  const callId = callThroughBilling(f);
  await seedArticles(f);
  const expected = ['Invoices explained', 'Support checklist', 'Payment reminders', 'Main menu options'];

  const given = await f.request('GET', `/api/knowledge/suggest?callId=${callId}&category=BILLING`, f.asAgent);
  t.same(titles(given.body), expected, 'category given by the desk (case ignored)');
  t.match(given.body.items[0], { score: 5.33, reasons: ['category:Billing', 'node:billing-menu'] });
  t.match(given.body.items[2], { score: 4, reasons: ['category:billing'] });

  const now = f.clock.now();
  const ticket = f.database.db
    .insert(tickets)
    .values({
      subject: 'Wrong invoice',
      description: '',
      status: 'open',
      priority: 'normal',
      category: 'Billing',
      createdBy: 'user:test',
      createdAt: now,
      updatedAt: now,
      statusChangedAt: now,
    })
    .returning()
    .get();
  f.database.db
    .insert(ticketCalls)
    .values({ ticketId: ticket.id, callId, linkedAt: now, linkedBy: 'user:test' })
    .run();
  const linked = await f.request('GET', `/api/knowledge/suggest?callId=${callId}`, f.asAgent);
  t.same(linked.body.context.categories, ['Billing'], 'the linked ticket gives the category');
  t.same(titles(linked.body), expected);

  const limited = await f.request('GET', `/api/knowledge/suggest?callId=${callId}&limit=2`, f.asAgent);
  t.same(titles(limited.body), expected.slice(0, 2));
});

t.test('suggestions without a call: category and nodes given by the desk', async (t) => {
  const f = await knowledgeFixture(t);
  await seedArticles(f);
  const byNodes = await f.request('GET', '/api/knowledge/suggest?nodes=billing-menu,%20support', f.asAgent);
  t.equal(byNodes.status, 200, JSON.stringify(byNodes.body));
  t.same(byNodes.body.context, { nodes: ['billing-menu', 'support'], queues: [], categories: [] });
  t.same(titles(byNodes.body), ['Support checklist', 'Invoices explained'], 'the later node counts more');
  t.equal(byNodes.body.callId, null);

  const byCategory = await f.request('GET', '/api/knowledge/suggest?category=sales', f.asAgent);
  t.same(titles(byCategory.body), ['Price list']);
  const both = await f.request('GET', '/api/knowledge/suggest?category=sales&nodes=menu', f.asSupervisor);
  t.same(titles(both.body), ['Price list', 'Main menu options']);
  const nothing = await f.request('GET', '/api/knowledge/suggest?nodes=nowhere', f.asAgent);
  t.same(nothing.body.items, []);
});

t.test('queues the call waited in count, and a call that reached no flow still answers', async (t) => {
  const f = await knowledgeFixture(t);
  await seedArticles(f);
  const vip = await f.article({ title: 'VIP handling', body: '…', ivrNodes: ['vip'] });
  const call = f.deps.callLog.recordStart({
    channelId: 'kb-bare',
    callerNumber: null,
    callerName: null,
    dialedNumber: null,
    startedAt: f.clock.now(),
  });
  const bare = await f.request('GET', `/api/knowledge/suggest?callId=${call.id}`, f.asAgent);
  t.same(bare.body, { callId: call.id, context: { nodes: [], queues: [], categories: [] }, items: [] });

  f.database.db
    .insert(queueEntries)
    .values({ callId: call.id, queueId: 'vip', priority: 0, skills: [], enqueuedAt: f.clock.now() })
    .run();
  const queued = await f.request('GET', `/api/knowledge/suggest?callId=${call.id}`, f.asAgent);
  t.match(queued.body, {
    context: { queues: ['vip'] },
    items: [{ id: vip.id, score: 3, reasons: ['queue:vip'] }],
  });
});

t.test('bad suggestion requests are 400 or 404', async (t) => {
  const f = await knowledgeFixture(t);
  const before = f.snapshot();
  for (const [query, status] of [
    ['', 400],
    ['nodes=,,', 400],
    ['callId=abc', 400],
    ['callId=0', 400],
    ['callId=999999', 404],
    ['limit=0&nodes=a', 400],
    ['limit=21&nodes=a', 400],
    [`nodes=${Array.from({ length: 51 }, (_, i) => `n${i}`).join(',')}`, 400],
    [`nodes=${'a'.repeat(1001)}`, 400],
    ['category=', 400],
    ['nodes=a&extra=1', 400],
  ] as const) {
    const res = await f.request('GET', `/api/knowledge/suggest?${query}`, f.asAgent);
    t.equal(res.status, status, `?${query.slice(0, 40)}: ${JSON.stringify(res.body)}`);
    t.match(res.body, { error: String, message: String });
  }
  for (const nodes of ['" OR 1=1 --', "x') or 1=1 --", '%', '*']) {
    const res = await f.request(
      'GET',
      `/api/knowledge/suggest?nodes=${encodeURIComponent(nodes)}`,
      f.asAgent,
    );
    t.equal(res.status, 200, `nodes=${nodes} is just an id nobody has`);
    t.same(res.body.items, []);
  }
  t.same(f.snapshot(), before);
});
