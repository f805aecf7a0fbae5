// The agent socket: hello, set-state and its refusals, malformed input, screen-pops to the right agent only.
import t from 'tap';
import type { Offer } from '../../cti/acd/engine/types.js';
import { IvrPathStore } from '../../cti/ivr/call/path-store.js';
import { flows, flowVersions } from '../../cti/ivr/schema.js';
import { browserProtocols, type RealtimeFixture, realtimeFixture } from './fixtures.js';
import { TestSocket } from './ws-client.js';

const agentSocket = (f: RealtimeFixture, token: string, query = '') =>
  TestSocket.open(`${f.base}/ws/agent${query}`, { protocols: browserProtocols(token) });

t.test('set-state round trip: each change comes back as `state`, refusals as `error` with why', async (t) => {
  const f = await realtimeFixture(t);
  const alice = await agentSocket(f, f.alice.token);
  t.match(await alice.next('hello'), {
    v: 1,
    type: 'hello',
    agent: { id: 'alice', name: 'Alice', state: 'logged-out', queues: ['support'] },
  });
  const watcher = await agentSocket(f, f.supervisorToken, '?agent=alice');
  await watcher.next('hello');
  const supervisor = await TestSocket.open(`${f.base}/ws/supervisor`, {
    protocols: browserProtocols(f.supervisorToken),
  });
  await supervisor.next('snapshot');

  alice.send({ type: 'set-state', state: 'available', id: 'r1' });
  const available = await alice.next('state');
  t.match(available, { v: 1, agentId: 'alice', state: 'available', from: 'logged-out', replyTo: 'r1' });
  t.ok(
    Date.parse(available.at) > 0 && Date.parse(available.since as string) > 0,
    'at and since are ISO times',
  );
  const seen = await watcher.next('state');
  t.match(seen, { state: 'available', from: 'logged-out' }, "another socket of the agent's sees it too");
  t.notOk('replyTo' in seen, 'the reply id goes only to the socket that asked');
  t.match(await supervisor.next('agent', { skip: true }), {
    agentId: 'alice',
    name: 'Alice',
    from: 'logged-out',
    to: 'available',
  });

  alice.send({ type: 'set-state', state: 'paused', reason: 'lunch', id: 2 });
  t.match(await alice.next('state'), { state: 'paused', from: 'available', reason: 'lunch', replyTo: 2 });

  const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ type: 'set-state', state: 'paused', id: 'p' }, 'state_not_allowed', /a pause needs a reason code/],
    [
      { type: 'set-state', state: 'on-call', id: 'c' },
      'state_not_allowed',
      /people choose only available, paused, logged-out/,
    ],
    [
      { type: 'set-state', state: 'sleeping', id: 's' },
      'bad_request',
      /state "sleeping" is not one of logged-out, available/,
    ],
  ];
  for (const [request, code, why] of refusals) {
    alice.send(request);
    t.match(
      await alice.next('error'),
      { v: 1, code, message: why, replyTo: request.id },
      String(request.state),
    );
  }
  // Logged out, an agent can only log in: the state machine's own sentence comes through.
  alice.send({ type: 'set-state', state: 'logged-out' });
  t.match(await alice.next('state'), { state: 'logged-out', from: 'paused' });
  alice.send({ type: 'set-state', state: 'logged-out', id: 'again' });
  t.match(await alice.next('error'), {
    code: 'state_not_allowed',
    message: /already logged-out/,
    replyTo: 'again',
  });
  t.equal(f.deps.acd.router.getAgent('alice')?.state, 'logged-out');
  for (const s of [alice, watcher, supervisor]) s.close();
});

t.test('malformed messages get `error` with a sentence; the socket stays open', async (t) => {
  const f = await realtimeFixture(t);
  const alice = await agentSocket(f, f.alice.token);
  await alice.next('hello');
  const cases: Array<[string | Buffer, string, RegExp]> = [
    ['not json', 'invalid-json', /the message is not JSON: "not json"/],
    ['{"type": "set-state", ', 'invalid-json', /not JSON/],
    ['[]', 'invalid-message', /a JSON object with a "type"/],
    ['42', 'invalid-message', /a JSON object/],
    ['{"state": "available"}', 'invalid-message', /has no "type"/],
    ['{"type": 5}', 'invalid-message', /has no "type"/],
    ['{"type": "dance"}', 'unknown-type', /unknown message type "dance": send set-state or ping/],
    ['{"type": "set-state"}', 'invalid-message', /set-state needs "state"/],
    ['{"type": "set-state", "state": 3}', 'invalid-message', /set-state needs "state"/],
    [
      JSON.stringify({ type: 'set-state', state: 'paused', reason: 'x'.repeat(81) }),
      'invalid-message',
      /"reason" must be a string of up to 80/,
    ],
    ['{"type": "ping", "id": {}}', 'invalid-message', /"id" must be/],
    [Buffer.from([1, 2, 3]), 'binary', /text frames/],
  ];
  for (const [frame, code, why] of cases) {
    if (Buffer.isBuffer(frame)) alice.ws.send(frame, { binary: true });
    else alice.send(frame);
    t.match(await alice.next('error'), { code, message: why }, String(frame).slice(0, 30));
  }
  alice.send({ type: 'dance', id: 'd1' });
  t.match(
    await alice.next('error'),
    { code: 'unknown-type', replyTo: 'd1' },
    'errors answer the id when there is one',
  );
  alice.send({ type: 'ping', id: 7 });
  t.match(await alice.next('pong'), { v: 1, replyTo: 7 }, 'still open and answering');
  t.equal(alice.closed, null);

  alice.send({ type: 'set-state', state: 'available', reason: 'y'.repeat(20_000) });
  t.equal((await alice.waitClosed()).code, 1009, 'a frame over 16 KiB closes the socket (message too big)');
});

/** A call with three earlier calls from the same number, one from another number, and its IVR path. */
function seedCall(f: RealtimeFixture): { callId: number; flowId: number } {
  const { db } = f.database;
  const callLog = f.deps.callLog;
  const at = (minutesAgo: number) => new Date(f.clock.now().getTime() - minutesAgo * 60_000);
  for (const [i, number] of ['+4930111', '+4930111', '+4930999', '+4930111'].entries()) {
    const row = callLog.recordStart({
      channelId: `old-${i}`,
      callerNumber: number,
      callerName: null,
      dialedNumber: '600',
      startedAt: at(100 - i),
    });
    if (i !== 1) callLog.recordAnswer(row.channelId, at(99 - i));
    callLog.recordEnd(row.channelId, {
      at: at(98 - i),
      cause: 16,
      causeText: 'Normal Clearing',
      endedBy: 'caller',
    });
  }
  const call = callLog.recordStart({
    channelId: 'now-1',
    callerNumber: '+4930111',
    callerName: null,
    dialedNumber: '600',
    startedAt: at(1),
  });
  const now = f.clock.now();
  const flow = db
    .insert(flows)
    .values({
      name: 'account-then-queue',
      draftSource: '',
      draftFormat: 'yaml',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const version = db
    .insert(flowVersions)
    .values({ flowId: flow.id, version: 3, source: '', format: 'yaml', document: {}, publishedAt: now })
    .returning()
    .get();
  const paths = new IvrPathStore(db, f.clock.now);
  paths.begin(call.id, flow.id, version.id);
  paths.progress(
    call.id,
    [
      {
        node: 'menu',
        type: 'menu',
        enteredAt: now.toISOString(),
        digits: '2',
        outcome: 'option 2',
        next: 'account',
      },
      {
        node: 'account',
        type: 'collect',
        enteredAt: now.toISOString(),
        digits: '12345',
        variable: 'account',
        value: '12345',
        outcome: 'collected',
        next: 'support',
      },
      { node: 'support', type: 'queue', enteredAt: now.toISOString(), outcome: 'queued' },
    ],
    { caller_number: '+4930111', dialed_number: '600', account: '12345' },
  );
  return { callId: call.id, flowId: flow.id };
}

function offerFor(agentId: string, callId: number, offerId: string): Offer {
  return {
    offerId,
    callId: String(callId),
    queueId: 'support',
    agentId,
    createdAt: Date.now(),
    ringDeadline: Date.now() + 10_000,
    attempt: 1,
    waitedMs: 4200,
    effectivePriority: 0,
    trace: {} as Offer['trace'],
  };
}

t.test(
  'a screen-pop goes to the offered agent only, with the IVR path, digits and previous calls',
  async (t) => {
    const f = await realtimeFixture(t);
    const { callId, flowId } = seedCall(f);
    const alice = await agentSocket(f, f.alice.token);
    const aliceAgain = await agentSocket(f, f.alice.token);
    const bob = await agentSocket(f, f.bob.token);
    for (const s of [alice, aliceAgain, bob]) await s.next('hello');

    const events = f.deps.acd.events;
    events.emit('offer', {
      offer: offerFor('alice', callId, 'o-1'),
      callId,
      callerNumber: '+4930111',
      dialedNumber: '600',
    });
    const pop = await alice.next('screen-pop');
    t.match(pop, {
      v: 1,
      type: 'screen-pop',
      offerId: 'o-1',
      callId,
      callerNumber: '+4930111',
      dialedNumber: '600',
      queue: { id: 'support', name: 'Support' },
      waitedMs: 4200,
    });
    t.same(pop.ivr, {
      flowId,
      flowName: 'account-then-queue',
      flowVersion: 3,
      steps: [
        { node: 'menu', outcome: 'option 2', digits: '2' },
        { node: 'account', outcome: 'collected', digits: '12345' },
        { node: 'support', outcome: 'queued' },
      ],
      variables: { caller_number: '+4930111', dialed_number: '600', account: '12345' },
    });
    const previous = pop.previousCalls as Array<{ id: number; answeredAt: string | null; endedBy: string }>;
    t.same(
      previous.map((c) => c.id),
      [4, 2, 1],
      'the same number only, newest first, this call left out',
    );
    t.equal(previous[1]?.answeredAt, null, 'an unanswered earlier call says so');
    t.match(previous[0], { startedAt: String, endedAt: String, endedBy: 'caller' });
    t.same(await aliceAgain.next('screen-pop'), pop, "every socket of alice's gets it");

    events.emit('answered', { offerId: 'o-1', agentId: 'alice', callId });
    t.match(await alice.next('answered'), { v: 1, offerId: 'o-1', callId });
    events.emit('ended', { agentId: 'alice', callId });
    t.match(await alice.next('ended'), { v: 1, callId });

    bob.send({ type: 'ping', id: 'barrier' });
    t.match(
      await bob.next('pong'),
      { replyTo: 'barrier' },
      'bob got nothing of alice’s call before his pong',
    );

    events.emit('offer', {
      offer: offerFor('bob', callId, 'o-2'),
      callId,
      callerNumber: '',
      dialedNumber: null,
    });
    const bobs = await bob.next('screen-pop');
    t.match(bobs, { offerId: 'o-2', callerNumber: '', dialedNumber: null });
    t.same(bobs.previousCalls, [], 'no history for a withheld number');
    alice.send({ type: 'ping' });
    await alice.next('pong');
    t.equal(alice.all('screen-pop').length, 1, "alice never saw bob's screen-pop");
    for (const s of [alice, aliceAgain, bob]) s.close();
  },
);

t.test(
  'a socket opened during an offer (a page reload) gets the screen-pop again, marked replay',
  async (t) => {
    const f = await realtimeFixture(t);
    const { callId } = seedCall(f);
    const router = f.deps.acd.router;
    const first = await agentSocket(f, f.alice.token);
    await first.next('hello');
    first.send({ type: 'set-state', state: 'available' });
    await first.next('state');
    router.enqueue({ callId: String(callId), queueId: 'support' }, f.clock.now());
    const [offer] = router.match(f.clock.now());
    t.equal(offer?.agentId, 'alice');
    f.deps.acd.events.emit('offer', {
      offer: offer as Offer,
      callId,
      callerNumber: '+4930111',
      dialedNumber: '600',
    });
    const original = await first.next('screen-pop');
    first.close();

    const reloaded = await agentSocket(f, f.alice.token);
    t.match(await reloaded.next('hello'), { agent: { state: 'reserved' } });
    const replay = await reloaded.next('screen-pop');
    t.same(replay, { ...original, replay: true });
    reloaded.close();
  },
);

t.test('shutdown closes every socket with 1001 and does not hang app.close()', async (t) => {
  const f = await realtimeFixture(t);
  const alice = await agentSocket(f, f.alice.token);
  const supervisor = await TestSocket.open(`${f.base}/ws/supervisor`, {
    protocols: browserProtocols(f.supervisorToken),
  });
  await alice.next('hello');
  await supervisor.next('snapshot');
  const started = Date.now();
  await f.app.close();
  t.ok(Date.now() - started < 1_000, 'closed within the grace time');
  t.match(await alice.waitClosed(), { code: 1001, reason: /the daemon is stopping/ });
  t.match(await supervisor.waitClosed(), { code: 1001 });
});
