// The supervisor feed, scoped: a supervisor of queue "north" gets north and its members in the
// snapshot and in every later message, never "south" or an agent only in south; an agent in both
// queues shows with north only, and a call they take from south shows as no call. Admins see
// everything, with today's figures and the current call. A change of the supervisor's queues
// reaches an open socket as a fresh snapshot; saved thresholds are pushed. With the feed's slow
// loop off, agent, queue and threshold changes still arrive: they are pushed on the event, and
// so are saves of a supervisor's queues or an agent's membership (a fresh snapshot at once).
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { calls } from '../../cti/calls/schema.js';
import { RealtimeServer } from '../../cti/realtime/realtime-server.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { type Received, TestSocket } from '../realtime/ws-client.js';

const protocols = (token: string) => ['switchboard', `token.${token}`];

/** `refreshMs`: the feed's slow loop (scopes, thresholds written elsewhere, busy queues). */
async function listening(t: Test, f: TestApp, refreshMs: number): Promise<string> {
  // Errors in the feed are logged, never thrown: show them with the test's output.
  const logger = pino({ level: 'warn' }, process.stderr);
  const server = new RealtimeServer({ ...f.deps, logger }, { supervisorRefreshMs: refreshMs });
  const http: Server = createServer((_req, res) => res.end());
  server.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    await server.close('test over');
    await new Promise((resolve) => http.close(resolve));
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return `ws://127.0.0.1:${address.port}`;
}

async function setup(t: Test, refreshMs = 100) {
  const f = await buildTestApp(t);
  const admin = await f.signedIn('admin');
  const call = async (method: 'PUT' | 'POST', url: string, payload: Record<string, unknown>) => {
    const res = await f.app.inject({ method, url, headers: admin.headers, payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  };
  for (const id of ['north', 'south'])
    await call('PUT', `/api/acd/queues/${id}`, {
      name: id === 'north' ? 'North' : 'South',
      requiredSkills: [],
      priority: 0,
      strategy: 'longest-idle',
      serviceLevelSeconds: 20,
      wrapUpSeconds: 30,
      ringTimeoutSeconds: 10,
    });
  const agent = (id: string, queues: string[]) =>
    call('PUT', `/api/agents/${id}`, {
      name: id.toUpperCase(),
      skills: {},
      queues,
      device: `Local/${id}@x/n`,
    });
  await agent('an', ['north']);
  await agent('as', ['south']);
  await agent('both', ['north', 'south']);
  const supervisor = await f.createUser('supervisor', { username: 'sup-north' });
  const supervise = (queueId: string) =>
    f.database.db
      .insert(supervisorQueues)
      .values({ userId: supervisor.id, queueId, createdAt: f.clock.now() })
      .run();
  supervise('north');
  const setState = (id: string, state: string) => call('POST', `/api/agents/${id}/state`, { state });
  const base = await listening(t, f, refreshMs);
  const open = async (token: string) => {
    const socket = await TestSocket.open(`${base}/ws/supervisor`, { protocols: protocols(token) });
    t.teardown(() => socket.close());
    return socket;
  };
  return {
    f,
    base,
    admin,
    supervisor,
    supervisorToken: f.sessionFor(supervisor),
    supervise,
    setState,
    agent,
    open,
  };
}

/** Everything a socket got that names a queue or agent id. */
const mentions = (messages: Received[], id: string) =>
  messages.filter((m) => JSON.stringify(m).includes(`"${id}"`));

t.test('a supervisor of north never receives south or its agents', async (t) => {
  const { f, base, admin, supervisorToken, setState, open } = await setup(t);
  const sup = await open(supervisorToken);
  const all = await open(admin.headers.authorization!.slice('Bearer '.length));
  const key = f.apiKey('supervisor', 'north wallboard');
  const keyRow = f.database.sqlite
    .prepare("select id from api_keys where name = 'north wallboard'")
    .get() as {
    id: number;
  };
  f.database.db
    .insert(supervisorQueues)
    .values({ apiKeyId: keyRow.id, queueId: 'north', createdAt: f.clock.now() })
    .run();
  const wall = await TestSocket.open(`${base}/ws/supervisor`, { headers: { 'x-api-key': key } });
  t.teardown(() => wall.close());

  const snap = await sup.next('snapshot');
  t.same(
    (snap.queues as Array<{ queueId: string }>).map((q) => q.queueId),
    ['north'],
    'the snapshot has their queue only',
  );
  t.match(snap.queues, [{ queueId: 'north', today: { offered: 0, serviceLevelPercent: null } }]);
  t.match(
    snap.agents,
    [
      { id: 'an', queues: ['north'], call: null, today: { handled: 0 } },
      { id: 'both', queues: ['north'] },
    ],
    'the members of north; an agent in both queues lists north only',
  );
  t.equal((snap.agents as unknown[]).length, 2);
  t.match(snap.thresholds, { queue: { waiting: { amber: 3, red: 6 } }, queues: {} });
  const adminSnap = await all.next('snapshot');
  t.same(
    (adminSnap.queues as Array<{ queueId: string }>).map((q) => q.queueId),
    ['north', 'south'],
  );
  t.same(
    (adminSnap.agents as Array<{ id: string }>).map((a) => a.id),
    ['an', 'as', 'both'],
  );
  t.same(
    ((await wall.next('snapshot')).queues as Array<{ queueId: string }>).map((q) => q.queueId),
    ['north'],
    'a supervisor API key too',
  );

  // "both" is free longest, so the next south caller is theirs.
  for (const id of ['both', 'an', 'as']) {
    await setState(id, 'available');
    f.clock.advance(1_000);
  }
  // A caller in south, offered to and answered by "both" (the agent in both queues).
  const { router, events } = f.deps.acd;
  const row = f.database.db
    .insert(calls)
    .values({ channelId: 'south-caller', callerNumber: '+4930555', startedAt: f.clock.now() })
    .returning()
    .get();
  const now = () => f.clock.now();
  const store = new AcdStore(f.database.db);
  const flush = () => {
    const list = router.takeTransitions();
    store.transitions(list);
    for (const tr of list) events.emit('agentState', tr);
  };
  t.ok(router.enqueue({ callId: String(row.id), queueId: 'south' }, now()).ok);
  store.enter(row.id, 'south', 0, [], now());
  events.emit('queueChanged', { queueId: 'south' });
  const offers = router.match(now());
  const offer = offers.find((o) => o.callId === String(row.id));
  t.ok(offer, 'the south caller is offered');
  if (!offer) return;
  t.equal(offer.agentId, 'both', 'to the agent in both queues');
  flush();
  f.clock.advance(3_000);
  t.ok(router.offerAnswered(offer.offerId, now()).ok);
  store.leave(row.id, 'answered', now(), offer.agentId);
  flush();
  events.emit('queueChanged', { queueId: 'south' });

  const onCall = await waitFor(all, (m) => m.type === 'agent' && m.to === 'on-call');
  t.match(onCall, {
    agentId: offer.agentId,
    call: { callId: row.id, callerNumber: '+4930555', queueId: 'south', stage: 'connected', waitedMs: 3_000 },
    today: { handled: 0 },
  });
  const seen = await waitFor(sup, (m) => m.type === 'agent' && m.agentId === 'both' && m.to === 'on-call');
  t.same(seen.call, null, "the supervisor sees north's agent on a call, not south's caller");
  t.same(seen.queues, ['north']);
  // The call ends: the agent goes to wrap-up with one call handled.
  f.clock.advance(60_000);
  t.ok(router.callEnded(String(row.id), now()).ok);
  flush();
  const wrap = await waitFor(all, (m) => m.type === 'agent' && m.to === 'wrap-up');
  t.match(wrap, { today: { handled: 1, averageHandleMs: null } }, 'handled once talk ends');
  f.clock.advance(10_000);
  t.ok(router.agentState(offer.agentId, 'available', now()).ok);
  flush();
  const free = await waitFor(all, (m) => m.type === 'agent' && m.to === 'available' && m.from === 'wrap-up');
  t.match(free, { today: { handled: 1, averageHandleMs: 70_000 } }, 'AHT = talk 60 s + wrap-up 10 s');
  await waitFor(all, (m) => m.type === 'queue' && (m.queue as { queueId: string }).queueId === 'south');

  await new Promise((r) => setTimeout(r, 400));
  for (const socket of [sup, wall]) {
    t.same(mentions(socket.messages, 'south'), [], 'no message names queue south');
    t.same(mentions(socket.messages, 'as'), [], 'no message names the south-only agent');
    t.same(mentions(socket.messages, '+4930555'), [], "no message shows south's caller");
    t.ok(socket.all('agent').length > 0, 'but it does get north agents');
  }
  t.ok(mentions(all.messages, 'south').length > 0, 'the admin gets south');
});

t.test('queues reassigned while the socket is open: a fresh snapshot; thresholds pushed', async (t) => {
  const { f, admin, supervisorToken, supervise, open } = await setup(t);
  const sup = await open(supervisorToken);
  await sup.next('snapshot');
  supervise('south');
  const fresh = await waitFor(sup, (m) => m.type === 'snapshot', 3_000, 1);
  t.same(
    (fresh.queues as Array<{ queueId: string }>).map((q) => q.queueId),
    ['north', 'south'],
  );
  t.same(
    (fresh.agents as Array<{ id: string }>).map((a) => a.id),
    ['an', 'as', 'both'],
  );

  const res = await f.app.inject({
    method: 'PUT',
    url: '/api/wallboard/thresholds',
    headers: admin.headers,
    payload: {
      queue: { waiting: { amber: 1, red: 2 } },
      queues: { north: { waiting: { amber: 4, red: 9 } } },
    },
  });
  t.equal(res.statusCode, 200);
  const pushed = await waitFor(sup, (m) => m.type === 'thresholds');
  t.match(pushed.thresholds, {
    queue: { waiting: { amber: 1, red: 2 } },
    queues: { north: { waiting: { amber: 4, red: 9 } } },
  });
});

t.test('with the slow loop off, changes still arrive: pushed on the event, not polled', async (t) => {
  const { f, admin, supervisorToken, setState, open } = await setup(t, 3_600_000);
  const sup = await open(supervisorToken);
  await sup.next('snapshot');
  await setState('an', 'available');
  t.match(await waitFor(sup, (m) => m.type === 'agent'), { agentId: 'an', to: 'available' });
  t.match(
    await waitFor(sup, (m) => m.type === 'queue'),
    { queue: { queueId: 'north', agents: { available: 1 } } },
    "north's agents by state",
  );
  t.equal(sup.messages.filter((m) => m.type === 'thresholds').length, 0, 'no thresholds before a save');
  const res = await f.app.inject({
    method: 'PUT',
    url: '/api/wallboard/thresholds',
    headers: admin.headers,
    payload: { queue: { abandonedToday: { amber: 1, red: 2 } } },
  });
  t.equal(res.statusCode, 200);
  t.match(await waitFor(sup, (m) => m.type === 'thresholds'), {
    thresholds: { queue: { abandonedToday: { amber: 1, red: 2 } } },
  });
});

t.test('with the slow loop off, a save of queues re-scopes open sockets at once', async (t) => {
  const { f, admin, supervisor, supervisorToken, setState, agent, open } = await setup(t, 3_600_000);
  const sup = await open(supervisorToken);
  await sup.next('snapshot');
  const res = await f.app.inject({
    method: 'PUT',
    url: `/api/users/${supervisor.id}/queues`,
    headers: admin.headers,
    payload: { queues: ['south'] },
  });
  t.equal(res.statusCode, 200, res.body);
  const from = sup.messages.length;
  const fresh = await waitFor(sup, (m) => m.type === 'snapshot', 3_000, 1);
  t.same(
    (fresh.queues as Array<{ queueId: string }>).map((q) => q.queueId),
    ['south'],
    'north is gone from the fresh snapshot',
  );
  t.same(
    (fresh.agents as Array<{ id: string; queues: string[] }>).map((a) => [a.id, a.queues]),
    [
      ['as', ['south']],
      ['both', ['south']],
    ],
    "south's members, with south only",
  );
  // Messages arrive in order: once the south agent's change is here, north's would have been too.
  await setState('an', 'available');
  await setState('as', 'available');
  await waitFor(sup, (m) => m.type === 'agent' && m.agentId === 'as', 3_000, from);
  const after = sup.messages.slice(sup.messages.indexOf(fresh));
  t.same(mentions(after, 'north'), [], 'nothing of north after the snapshot');
  t.same(mentions(after, 'an'), [], 'nothing of the north-only agent');

  // An agent joins south: they appear at once, with south only.
  const all = await open(admin.headers.authorization!.slice('Bearer '.length));
  await all.next('snapshot');
  const seen = sup.messages.length;
  await agent('an', ['north', 'south']);
  const joined = await waitFor(sup, (m) => m.type === 'snapshot', 3_000, seen);
  t.match(
    (joined.agents as Array<{ id: string }>).find((a) => a.id === 'an'),
    { id: 'an', queues: ['south'] },
    'the agent who joined south is in the fresh snapshot',
  );
  const adminSnap = await waitFor(all, (m) => m.type === 'snapshot', 3_000, 1);
  t.match(
    (adminSnap.agents as Array<{ id: string }>).find((a) => a.id === 'an'),
    { queues: ['north', 'south'] },
    'the admin sees the new membership too',
  );
  // Saving the same membership again changes nothing anyone sees: no snapshot for it.
  await agent('an', ['south', 'north']);
  await setState('as', 'logged-out');
  await waitFor(sup, (m) => m.type === 'agent' && m.agentId === 'as' && m.to === 'logged-out', 3_000, seen);
  t.equal(sup.messages.slice(seen).filter((m) => m.type === 'snapshot').length, 1, 'one snapshot per change');
});

/** The first message (from index `from` on) that matches, already received or to come. */
async function waitFor(
  socket: TestSocket,
  match: (m: Received) => boolean,
  timeoutMs = 3_000,
  from = 0,
): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = socket.messages.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no matching message in ${timeoutMs} ms; got ${socket.messages.map((m) => m.type).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
