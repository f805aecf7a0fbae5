import t from 'tap';
import { DEMO_SOURCE, type IvrHarness, ivrHarness, tinyFlow } from './fixtures/ivr.js';

/** Monday 2 June 2025, 10:00 in Berlin. */
const MONDAY_MORNING = '2025-06-02T08:00:00Z';

async function demoLive(h: IvrHarness): Promise<number> {
  const created = await h.createFlow(DEMO_SOURCE);
  const published = await h.publish(created.id);
  if (published.statusCode !== 201) throw new Error(published.body);
  return created.id;
}

t.test('a dialled number reaches its own flow, else the "*" default, else none', async (t) => {
  const h = await ivrHarness(t);
  const demo = await demoLive(h);
  const tiny = (await h.createFlow(tinyFlow())).id;
  await h.publish(tiny);
  const { flows } = h.deps.ivr;

  t.equal(flows.flowForCall('+4930999000'), null, 'no routes: no flow');
  t.equal((await h.call('PUT', '/api/dids/+4930999000', { flowId: demo })).statusCode, 200);
  t.equal(flows.flowForCall('+4930111222'), null, 'another number without a default');

  const exact = flows.flowForCall('+4930999000');
  t.match(exact, {
    flowId: demo,
    version: 1,
    matchedDid: '+4930999000',
    document: { start: 'office-hours' },
  });

  const def = await h.call('PUT', '/api/dids/*', { flowId: tiny });
  t.match(def.json(), { did: '*', flowId: tiny, flowName: 'Tiny', liveVersion: 1 });
  t.match(flows.flowForCall('+4930111222'), { flowId: tiny, matchedDid: '*', document: { start: 'hello' } });
  t.match(flows.flowForCall('+4930999000'), { flowId: demo }, 'the exact route still wins');

  await h.publish(demo, 'v2');
  const after = flows.flowForCall('+4930999000');
  t.equal(after?.version, 2, 'new calls get the version live now');
  t.equal(flows.flowVersion(exact?.versionId ?? 0)?.version, 1, 'a call on version 1 can still load it');

  const repoint = await h.call('PUT', '/api/dids/+4930999000', { flowId: tiny });
  t.equal(repoint.statusCode, 200);
  const audit = h.database.sqlite
    .prepare("SELECT details FROM audit_log WHERE action = 'did.put' ORDER BY id DESC LIMIT 1")
    .get() as { details: string };
  t.match(JSON.parse(audit.details), { flowId: tiny, previousFlowId: demo });

  const list = await h.app.inject({ method: 'GET', url: '/api/dids', headers: h.supervisor });
  t.same(
    list.json().items.map((r: { did: string; flowId: number }) => [r.did, r.flowId]),
    [
      ['*', tiny],
      ['+4930999000', tiny],
    ],
  );

  t.equal((await h.call('DELETE', '/api/dids/*')).statusCode, 204);
  t.equal(flows.flowForCall('+4930111222'), null, 'default gone');
  t.equal((await h.call('DELETE', '/api/dids/*')).statusCode, 404);
  t.equal((await h.call('PUT', '/api/dids/12ab', { flowId: tiny })).statusCode, 400, 'letters are no DID');
  const unknown = await h.call('PUT', '/api/dids/100', { flowId: 'No such flow' });
  t.equal(unknown.statusCode, 404);
  t.match(unknown.json().message, /flow named "No such flow" not found/);
  t.equal(
    (await h.call('PUT', '/api/dids/%23100', { flowId: String(tiny) })).statusCode,
    200,
    '# and ids as text',
  );
});

t.test('simulating the demo flow follows each digit script', async (t) => {
  const h = await ivrHarness(t);
  const id = await demoLive(h);
  const simulate = (body: Record<string, unknown>) =>
    h.app.inject({
      method: 'POST',
      url: `/api/flows/${id}/simulate`,
      headers: h.supervisor,
      payload: { callerNumber: '+4930123456', at: MONDAY_MORNING, ...body },
    });
  const nodes = (body: { outcome: { path: Array<{ node: string; outcome: string }> } }) =>
    body.outcome.path.map((s) => `${s.node}:${s.outcome}`);

  const sales = await simulate({ digits: ['1'] });
  t.equal(sales.statusCode, 200, sales.body);
  t.same(nodes(sales.json()), ['office-hours:open', 'main-menu:option 1', 'sales:queued']);
  t.match(sales.json(), { flowId: id, version: 1, outcome: { exit: { kind: 'queue', queue: 'sales' } } });

  const wandering = await simulate({ digits: ['', '7', '3', '2'] });
  t.same(nodes(wandering.json()), [
    'office-hours:open',
    'main-menu:timeout',
    'main-menu:invalid',
    'main-menu:option 3',
    'opening-hours:played',
    'main-menu:option 2',
    'support:queued',
  ]);

  const silent = await simulate({ digits: ['', '', ''] });
  t.same(nodes(silent.json()), [
    'office-hours:open',
    'main-menu:timeout',
    'main-menu:timeout',
    'main-menu:timeout, giving up',
    'goodbye:hung up',
  ]);

  const saturday = await simulate({ digits: ['1'], at: '2025-06-07T12:30:00Z' });
  t.same(nodes(saturday.json()), ['office-hours:closed', 'closed:played', 'goodbye:hung up']);
  t.same(saturday.json().outcome.unusedDigits, ['1']);

  const hangsUp = await simulate({ digits: [] });
  t.match(hangsUp.json().outcome.exit, { kind: 'caller-hung-up', node: 'main-menu' });

  const draft = await simulate({ digits: ['0'], version: 'draft' });
  t.match(draft.json(), { version: 'draft', outcome: { exit: { kind: 'queue', queue: 'support' } } });

  for (const [body, why] of [
    [{ digits: ['1'], at: 'yesterday' }, 'a time that is no time'],
    [{ digits: ['x'] }, 'a key no phone has'],
    [{ digits: ['1'], version: 7 }, 'a version that does not exist'],
    [{ digits: ['1'], extra: true }, 'an unknown field'],
  ] as const) {
    const res = await simulate(body);
    t.ok([400, 404].includes(res.statusCode), `${why}: ${res.statusCode} ${res.body}`);
  }
});

t.test('simulating a flow with nothing live says how to simulate the draft', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(tinyFlow());
  const res = await h.call('POST', `/api/flows/${created.id}/simulate`, {
    callerNumber: '100',
    at: MONDAY_MORNING,
    digits: [],
  });
  t.equal(res.statusCode, 409);
  t.match(res.json().message, /no live version to simulate; publish it, or simulate version "draft"/);
});
