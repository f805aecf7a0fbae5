import t from 'tap';
import { desktopFixture } from '../helpers/softphone-fixture.js';

t.test("GET /api/me/agent: the agent's record, live state and wrap-up per queue", async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  f.deps.acd.router.agentState('dana', 'paused', f.clock.now(), 'lunch');
  const res = await f.app.inject({ method: 'GET', url: '/api/me/agent', headers: dana.headers });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json(), {
    id: 'dana',
    name: 'Agent dana',
    state: 'paused',
    since: f.clock.now().toISOString(),
    reason: 'lunch',
    queues: ['support'],
    wrapUpSeconds: { support: 30 },
  });
  const loner = await f.signedIn('agent');
  const refused = await f.app.inject({ method: 'GET', url: '/api/me/agent', headers: loner.headers });
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { message: /not linked to an agent record/ });
});

t.test('GET /api/me/calls: answered calls since the login (or ?since), newest first', async (t) => {
  const f = await desktopFixture(t);
  // Dana's login is now; one call before it, two after.
  const earlier = f.answeredCall('dana', '+4930100', 30);
  const dana = await f.agentUser('dana');
  f.clock.advance(20 * 60_000);
  const first = f.answeredCall('dana', '+4930101', 10);
  const second = f.answeredCall('dana', '+4930102', 5);
  await f.agentUser('erin');
  f.answeredCall('erin', '+4930999', 2);
  await f.app.inject({
    method: 'POST',
    url: `/api/calls/${first}/wrap-up`,
    headers: dana.headers,
    payload: { disposition: 'resolved', notes: 'done' },
  });
  const res = await f.app.inject({ method: 'GET', url: '/api/me/calls', headers: dana.headers });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json<{ since: string; items: Array<Record<string, unknown>> }>();
  t.same(
    body.items.map((c) => c.callId),
    [second, first],
    'newest first, only since the session began, only her own',
  );
  t.match(body.items[1], {
    callerNumber: '+4930101',
    dialedNumber: '600',
    queue: { id: 'support', name: 'Support' },
    answeredAt: String,
    endedAt: null,
    disposition: { code: 'resolved', notes: 'done', agentId: 'dana' },
  });
  t.equal(body.items[0]?.disposition, null);
  const since = new Date(f.clock.now().getTime() - 60 * 60_000).toISOString();
  const all = await f.app.inject({
    method: 'GET',
    url: `/api/me/calls?since=${encodeURIComponent(since)}`,
    headers: dana.headers,
  });
  t.same(
    all.json<{ items: Array<{ callId: number }> }>().items.map((c) => c.callId),
    [second, first, earlier],
  );
  const bad = await f.app.inject({
    method: 'GET',
    url: '/api/me/calls?since=yesterday',
    headers: dana.headers,
  });
  t.equal(bad.statusCode, 400);
});
