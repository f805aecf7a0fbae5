import t from 'tap';
import { queueEntries } from '../../cti/acd/schema.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { callDispositions } from '../../cti/desktop/schema.js';
import { desktopFixture } from '../helpers/softphone-fixture.js';

type Fixture = Awaited<ReturnType<typeof desktopFixture>>;

/** A supervisor of queue "support" (the fixture's queue); their session headers. */
async function supportSupervisor(f: Fixture): Promise<Record<string, string>> {
  const { user, headers } = await f.signedIn('supervisor');
  f.database.db
    .insert(supervisorQueues)
    .values({ userId: user.id, queueId: 'support', createdAt: f.clock.now() })
    .run();
  return headers;
}

/** The caller of `callId` waited in "support" (so its supervisors see the call). */
function queued(f: Fixture, callId: number): number {
  f.database.db
    .insert(queueEntries)
    .values({ callId, queueId: 'support', priority: 0, skills: [], enqueuedAt: f.clock.now() })
    .run();
  return callId;
}

const wrapUp = (
  f: Awaited<ReturnType<typeof desktopFixture>>,
  callId: number,
  headers: Record<string, string>,
  payload: Record<string, unknown>,
) => f.app.inject({ method: 'POST', url: `/api/calls/${callId}/wrap-up`, headers, payload });

const stored = (f: Awaited<ReturnType<typeof desktopFixture>>) =>
  f.database.db.select().from(callDispositions).all();

t.test('dispositions and pause reasons come from the settings, in order', async (t) => {
  const f = await desktopFixture(t, {
    env: { SWITCHBOARD_PAUSE_REASONS: 'coffee:Coffee break,meeting:Team: weekly' },
  });
  const { headers } = await f.signedIn('agent');
  const dispositions = await f.app.inject({ method: 'GET', url: '/api/dispositions', headers });
  t.same(dispositions.json(), {
    items: [
      { code: 'resolved', label: 'Resolved' },
      { code: 'callback', label: 'Call back' },
      { code: 'escalated', label: 'Escalated' },
      { code: 'wrong-number', label: 'Wrong number' },
      { code: 'other', label: 'Other' },
    ],
  });
  const reasons = await f.app.inject({ method: 'GET', url: '/api/pause-reasons', headers });
  t.same(reasons.json(), {
    items: [
      { code: 'coffee', label: 'Coffee break' },
      { code: 'meeting', label: 'Team: weekly' },
    ],
  });
});

t.test(
  'the agent who answered wraps up: stored, audited, shown with the call; a second is 409',
  async (t) => {
    const f = await desktopFixture(t);
    const dana = await f.agentUser('dana');
    const callId = queued(f, f.answeredCall('dana'));
    const res = await wrapUp(f, callId, dana.headers, { disposition: 'callback', notes: 'wants a quote' });
    t.equal(res.statusCode, 201, res.body);
    t.match(res.json(), {
      callId,
      disposition: { code: 'callback', notes: 'wants a quote', agentId: 'dana', at: String },
    });
    t.match(stored(f), [
      { callId, agentId: 'dana', code: 'callback', notes: 'wants a quote', recordedBy: 'user:user-dana' },
    ]);
    const audit = f.deps.audit.list({ action: 'call.wrap-up', limit: 5, offset: 0 });
    t.match(audit, [{ target: `call:${callId}`, details: { agentId: 'dana', disposition: 'callback' } }]);

    const supervisor = await supportSupervisor(f);
    const call = await f.app.inject({ method: 'GET', url: `/api/calls/${callId}`, headers: supervisor });
    t.match(call.json(), {
      id: callId,
      disposition: { code: 'callback', notes: 'wants a quote', agentId: 'dana' },
    });
    const list = await f.app.inject({ method: 'GET', url: '/api/calls', headers: supervisor });
    t.match(list.json(), { items: [{ id: callId, disposition: { code: 'callback' } }] });

    const again = await wrapUp(f, callId, dana.headers, { disposition: 'resolved' });
    t.equal(again.statusCode, 409);
    t.match(again.json(), {
      error: 'conflict',
      message: /already has a disposition from agent dana \(callback/,
    });
    t.equal(stored(f).length, 1, 'the first one stands');
  },
);

t.test('a call without a disposition shows null', async (t) => {
  const f = await desktopFixture(t);
  await f.agentUser('dana');
  const callId = f.answeredCall('dana');
  const { headers } = await f.signedIn('admin');
  t.match((await f.app.inject({ method: 'GET', url: `/api/calls/${callId}`, headers })).json(), {
    disposition: null,
  });
});

t.test('refusals name why and store nothing', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  const erin = await f.agentUser('erin');
  const callId = f.answeredCall('dana');
  const cases: Array<[string, Record<string, string>, number, Record<string, unknown>, number, RegExp]> = [
    ['unknown call', dana.headers, 999, { disposition: 'resolved' }, 404, /call 999 not found/],
    [
      'unknown disposition',
      dana.headers,
      callId,
      { disposition: 'sold' },
      400,
      /disposition "sold" is not one of resolved, callback, escalated, wrong-number, other/,
    ],
    [
      'not your call',
      erin.headers,
      callId,
      { disposition: 'resolved' },
      403,
      /not answered by you \(agent erin\)/,
    ],
    [
      'naming another agent',
      dana.headers,
      callId,
      { disposition: 'resolved', agentId: 'erin' },
      403,
      /not answered by you/,
    ],
    [
      'notes too long',
      dana.headers,
      callId,
      { disposition: 'resolved', notes: 'x'.repeat(2001) },
      400,
      /notes/,
    ],
    ['no disposition', dana.headers, callId, { notes: 'hm' }, 400, /disposition/],
    ['unknown field', dana.headers, callId, { disposition: 'resolved', outcome: 'x' }, 400, /additional/],
  ];
  for (const [what, headers, id, body, status, message] of cases) {
    const res = await wrapUp(f, id, headers, body);
    t.equal(res.statusCode, status, `${what}: ${res.body}`);
    t.match(res.json(), { message }, what);
  }
  const loner = await f.signedIn('agent');
  const unlinked = await wrapUp(f, callId, loner.headers, { disposition: 'resolved' });
  t.equal(unlinked.statusCode, 403);
  t.match(unlinked.json(), { message: /not linked to an agent record/ });
  t.equal(stored(f).length, 0, 'nothing stored');
  t.equal(f.deps.audit.list({ action: 'call.wrap-up', limit: 5, offset: 0 }).length, 0, 'nothing audited');
  const ok = await wrapUp(f, callId, dana.headers, { disposition: 'resolved', notes: 'x'.repeat(2000) });
  t.equal(ok.statusCode, 201, '2000 characters of notes are fine');
});

t.test(
  'supervisors wrap up for the agent who answered; unanswered calls have nothing to wrap up',
  async (t) => {
    const f = await desktopFixture(t);
    await f.agentUser('dana');
    await f.agentUser('erin');
    const callId = queued(f, f.answeredCall('dana'));
    const headers = await supportSupervisor(f);
    const elsewhere = await f.signedIn('supervisor');
    const outOfScope = await wrapUp(f, callId, elsewhere.headers, { disposition: 'resolved' });
    t.equal(outOfScope.statusCode, 403, 'a supervisor of no queue of the call may not');
    t.match(outOfScope.json(), { error: 'out_of_scope', message: new RegExp(`call ${callId}`) });
    t.same(stored(f), [], 'nothing stored');
    const wrong = await wrapUp(f, callId, headers, { disposition: 'resolved', agentId: 'erin' });
    t.equal(wrong.statusCode, 400);
    t.match(wrong.json(), { message: /agent erin did not answer call \d+ \(answered by dana\)/ });
    const res = await wrapUp(f, callId, headers, { disposition: 'escalated' });
    t.equal(res.statusCode, 201);
    t.match(stored(f), [{ agentId: 'dana', code: 'escalated', recordedBy: /^user:supervisor/ }]);
    const lonely = f.deps.callLog.recordStart({
      channelId: 'nobody',
      callerNumber: '1',
      callerName: null,
      dialedNumber: '600',
      startedAt: f.clock.now(),
    });
    const none = await wrapUp(f, queued(f, lonely.id), headers, { disposition: 'other' });
    t.equal(none.statusCode, 409);
    t.match(none.json(), { message: /not answered by any agent/ });
  },
);

t.test('an agent in wrap-up is available again once the disposition is in', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  const { router } = f.deps.acd;
  const now = () => f.clock.now();
  t.ok(router.agentState('dana', 'available', now()).ok);
  const callId = f.answeredCall('dana');
  t.ok(router.enqueue({ callId: String(callId), queueId: 'support', priority: 0, skills: [] }, now()).ok);
  const [offer] = router.match(now());
  t.ok(offer, 'the router offers the call to dana');
  router.offerRinging(offer!.offerId, now());
  router.offerAnswered(offer!.offerId, now());
  router.callEnded(String(callId), now());
  t.equal(router.getAgent('dana')?.state, 'wrap-up');
  const res = await wrapUp(f, callId, dana.headers, { disposition: 'resolved' });
  t.equal(res.statusCode, 201);
  t.match(res.json(), { agent: { id: 'dana', state: 'available' } });
  t.equal(router.getAgent('dana')?.state, 'available', 'the wrap-up ended early');
  const me = await f.app.inject({ method: 'GET', url: '/api/me/agent', headers: dana.headers });
  t.match(me.json(), { id: 'dana', state: 'available' });
});
