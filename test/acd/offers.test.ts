import t from 'tap';
import { at, login, offeredTo, ok, queue, router } from './fixtures/helpers.js';

t.test(
  'ring-no-answer: the caller goes back first, the next agent is offered, the first is paused',
  async (t) => {
    const r = router([queue('q', { pauseOnNoAnswer: { reason: 'rona' } })], { trace: 'full' });
    login(r, 'a', {}, ['q'], 0);
    login(r, 'b', {}, ['q'], 1);
    ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(5)));
    const [first] = r.match(at(5));
    t.equal(first?.agentId, 'a');
    ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(6)));
    const [second] = r.match(at(6));
    t.equal(second?.agentId, 'b', 'a is reserved: c2 goes to b');
    ok(r.offerRinging(first?.offerId ?? '', at(6)));
    t.equal(r.getAgent('a')?.state, 'ringing');
    ok(r.offerFailed(second?.offerId ?? '', at(7), 'busy'));
    t.equal(r.getAgent('b')?.state, 'available', 'busy does not pause');
    ok(r.offerFailed(first?.offerId ?? '', at(20), 'no-answer'));
    t.same([r.getAgent('a')?.state, r.getAgent('a')?.pauseReason], ['paused', 'rona']);
    const [again] = r.match(at(20));
    t.equal(again?.callId, 'c1', 'c1 is ahead of c2: same enqueue time as before');
    t.equal(again?.agentId, 'b');
    t.equal(again?.attempt, 2);
    t.equal(r.getCall('c1')?.call.enqueuedAt, at(5));
    t.same(
      again?.trace.skipped.map((s) => `${s.agentId}:${s.reason}`),
      ['a:state:paused'],
      'the full trace says why a was passed over',
    );
    t.same(
      r.liveOffers().map((o) => o.agentId),
      ['b'],
      'c2 waits: nobody else is free',
    );
  },
);

t.test(
  'without pauseOnNoAnswer the agent is available but passed over for that caller for one ring timeout',
  async (t) => {
    const r = router([queue('q', { ringTimeoutSeconds: 10 })], { trace: 'full' });
    login(r, 'a', {}, ['q'], 0);
    ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
    const [o1] = r.match(at(1));
    ok(r.offerFailed(o1?.offerId ?? '', at(11), 'no-answer'));
    t.equal(r.getAgent('a')?.state, 'available');
    t.same(r.match(at(11)), []);
    const trace = ok(r.explain('c1', at(11))).trace;
    t.same(
      trace.skipped.map((s) => s.reason),
      ['recent-failure'],
    );
    t.same(r.nextWakeUp(at(11)), { at: at(21), reason: 'retry-after-failure', subject: 'c1' });
    ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(12)));
    t.same(offeredTo(r, 12), ['c2>a'], 'a takes other callers meanwhile');
    const o2 = r.liveOffers()[0];
    ok(r.offerAnswered(o2?.offerId ?? '', at(13)));
    ok(r.callEnded('c2', at(14)));
    t.same(offeredTo(r, 20.999), []);
    t.same(offeredTo(r, 21), ['c1>a'], 'and gets c1 again once the pass-over ends');
  },
);

t.test('the pass-over belongs to the caller: leaving and being queued again does not end it', async (t) => {
  for (const decision of ['indexed', 'linear-scan'] as const) {
    const r = router([queue('q0', { ringTimeoutSeconds: 5 }), queue('q1', { ringTimeoutSeconds: 5 })], {
      decision,
    });
    login(r, 'a', {}, ['q0', 'q1'], 0);
    ok(r.enqueue({ callId: 'c1', queueId: 'q0' }, at(1)));
    const [o1] = r.match(at(1));
    ok(r.offerFailed(o1?.offerId ?? '', at(2), 'no-answer'));
    t.equal(r.getAgent('a')?.state, 'available', `${decision}: a is available again`);
    // the caller overflows to q1 while a is still passed over for it (until 7s)
    ok(r.dequeue('c1', at(3), 'overflow'));
    t.same(offeredTo(r, 3), []);
    // the retry timer of the old stay goes stale (and is dropped) while the caller is away
    t.equal(r.nextWakeUp(at(3)), undefined, `${decision}: nothing timed while c1 is away`);
    ok(r.enqueue({ callId: 'c1', queueId: 'q1' }, at(3)));
    t.same(offeredTo(r, 3), [], `${decision}: a is not rung again for c1 at once`);
    t.same(
      ok(r.explain('c1', at(3))).trace.skipped.map((s) => `${s.agentId}:${s.reason}`),
      ['a:recent-failure'],
    );
    t.same(
      r.nextWakeUp(at(3)),
      { at: at(7), reason: 'retry-after-failure', subject: 'c1' },
      `${decision}: the router looks again when the pass-over ends`,
    );
    t.same(offeredTo(r, 6.999), []);
    t.same(offeredTo(r, 7), ['c1>a'], `${decision}: then a gets c1`);
    // a pass-over that ran out while the caller was away is not brought back
    const o2 = r.liveOffers()[0];
    ok(r.offerFailed(o2?.offerId ?? '', at(8), 'busy'));
    ok(r.dequeue('c1', at(9), 'abandoned'));
    ok(r.enqueue({ callId: 'c1', queueId: 'q0' }, at(13)));
    t.same(offeredTo(r, 13), ['c1>a'], `${decision}: the pass-over ended at 13s`);
  }
});

t.test(
  'an earlier pass-over still ends on time after the caller was offered to someone else meanwhile',
  async (t) => {
    const r = router([queue('q', { ringTimeoutSeconds: 5 })]);
    login(r, 'a', {}, ['q'], 0);
    ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
    const [o1] = r.match(at(1));
    ok(r.offerFailed(o1?.offerId ?? '', at(1), 'busy'));
    login(r, 'b', {}, ['q'], 2);
    const [o2] = r.match(at(2));
    t.equal(o2?.agentId, 'b', 'a is passed over for c1 until 6s');
    // while c1 is offered, its retry timer for a looks stale and nextWakeUp drops it
    t.same(r.nextWakeUp(at(2)), { at: at(7), reason: 'ring-timeout', subject: o2?.offerId });
    ok(r.offerFailed(o2?.offerId ?? '', at(3), 'busy'));
    t.same(offeredTo(r, 3), []);
    t.same(
      r.nextWakeUp(at(3)),
      { at: at(6), reason: 'retry-after-failure', subject: 'c1' },
      'back to waiting: the look when a is no longer passed over comes first',
    );
    t.same(offeredTo(r, 6), ['c1>a']);
  },
);

t.test('an agent is never in two offers; a caller hanging up cancels its offer', async (t) => {
  const r = router([queue('q')]);
  login(r, 'a', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(1)));
  t.same(offeredTo(r, 1), ['c1>a']);
  t.same(r.match(at(2)), []);
  const left = ok(r.dequeue('c1', at(3), 'abandoned'));
  t.equal(left.cancelledOffer?.agentId, 'a', 'the ARI side must stop ringing a');
  t.equal(r.getAgent('a')?.state, 'available');
  t.equal(r.getCall('c1'), undefined);
  t.same(offeredTo(r, 3), ['c2>a']);
  const late = r.offerAnswered(left.cancelledOffer?.offerId ?? '', at(4));
  t.equal(late.ok ? '' : late.error.code, 'unknown-offer', 'an answer racing the hang-up is refused');
});

t.test('call end: wrap-up for the queue wrap-up time, listed when due, then available again', async (t) => {
  const r = router([queue('q', { wrapUpSeconds: 30 })]);
  login(r, 'a', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  const [o] = r.match(at(1));
  ok(r.offerAnswered(o?.offerId ?? '', at(2)));
  const ended = r.callEnded('c1', at(2));
  t.notOk(ended.ok === false);
  const refused = r.callEnded('c1', at(2));
  t.equal(refused.ok ? '' : refused.error.code, 'unknown-call');
  t.same([r.getAgent('a')?.state, r.getAgent('a')?.wrapUpEndsAt], ['wrap-up', at(32)]);
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(10)));
  t.same(r.match(at(10)), [], 'no offer during wrap-up');
  t.same(r.nextWakeUp(at(10)), { at: at(32), reason: 'wrap-up-end', subject: 'a' });
  t.same(r.wrapUpDue(at(31.999)), []);
  t.same(
    r.wrapUpDue(at(32)).map((a) => a.id),
    ['a'],
  );
  ok(r.agentState('a', 'available', at(32), 'wrap-up ended'));
  t.same(offeredTo(r, 32), ['c2>a']);
});

t.test('overflow: max size counts waiting and offered callers', async (t) => {
  const r = router([queue('q', { maxSize: 2, overflow: { kind: 'queue', target: 'backup' } })]);
  login(r, 'a', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  r.match(at(1));
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(2)));
  const full = r.enqueue({ callId: 'c3', queueId: 'q' }, at(3));
  t.same(full, {
    ok: false,
    overflow: { reason: 'max-size', queueId: 'q', target: { kind: 'queue', target: 'backup' } },
  });
  t.equal(r.getCall('c3'), undefined, 'a turned-away caller is not kept');
  t.equal(r.stats('q', at(3))?.rejectedFull, 1);
  ok(r.offerAnswered(r.liveOffers()[0]?.offerId ?? '', at(4)));
  t.ok(r.enqueue({ callId: 'c3', queueId: 'q' }, at(4)).ok, 'an answered caller no longer counts');
});

t.test('overflow: max wait lists waiting callers with their target at exactly the limit', async (t) => {
  const r = router([queue('q', { maxWaitSeconds: 60, overflow: { kind: 'voicemail', target: 'vm-sales' } })]);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(0)));
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(10)));
  r.match(at(10));
  t.same(r.nextWakeUp(at(10)), { at: at(60), reason: 'max-wait', subject: 'c1' });
  t.same(r.overdue(at(59.999)), []);
  t.same(r.overdue(at(60)), [
    {
      call: r.getCall('c1')?.call,
      waitedMs: 60_000,
      maxWaitSeconds: 60,
      overflow: { kind: 'voicemail', target: 'vm-sales' },
    },
  ]);
  ok(r.dequeue('c1', at(60), 'overflow'));
  t.same(r.nextWakeUp(at(60)), { at: at(70), reason: 'max-wait', subject: 'c2' });
  t.equal(r.stats('q', at(60))?.overflowed, 1);
});

t.test(
  'a queue update while callers wait keeps them, their times, and routes them under the new rules',
  async (t) => {
    const q = queue('q', { requiredSkills: [{ skill: 'french', minLevel: 5 }], strategy: 'longest-idle' });
    const r = router([q]);
    login(r, 'a', { english: 5 }, ['q'], 0);
    login(r, 'b', { english: 7 }, ['q'], 1);
    ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(2)));
    ok(r.enqueue({ callId: 'c2', queueId: 'q', priority: 1 }, at(3)));
    t.same(r.match(at(4)), []);
    const updated = r.updateQueue(
      { ...q, requiredSkills: [{ skill: 'english', minLevel: 6 }], strategy: 'best-skill', maxSize: 0 },
      at(5),
    );
    t.ok(updated.ok);
    t.same(
      r.waitingCalls(at(5)).map((w) => [w.call.callId, w.call.enqueuedAt]),
      [
        ['c2', at(3)],
        ['c1', at(2)],
      ],
      'both still waiting, even though the new max size is 0',
    );
    t.same(offeredTo(r, 5), ['c2>b'], 'only b has english ≥ 6');
    const bad = r.updateQueue({ ...q, strategy: 'random' as never }, at(6));
    t.match(bad.ok ? '' : bad.error.message, /queue "q": strategy is "random"/);
    t.equal(r.getQueue('q')?.strategy, 'best-skill', 'a refused update changes nothing');
  },
);

t.test('refusals name the thing and change nothing', async (t) => {
  const r = router([queue('q')]);
  const codes = [
    r.enqueue({ callId: 'c', queueId: 'nope' }, at(0)),
    r.addQueue(queue('q')),
    r.addQueue(queue('bad', { requiredSkills: [{ skill: 'x', minLevel: 11 }] })),
    r.upsertAgent({ id: 'a', skills: { x: 0 }, queues: [] }, at(0)),
    r.offerFailed('o9', at(0), 'failed'),
    r.dequeue('zz', at(0), 'abandoned'),
  ].map((res) => (res.ok || !('error' in res) ? 'ok' : res.error.code));
  t.same(codes, [
    'unknown-queue',
    'duplicate-queue',
    'invalid-config',
    'invalid-agent',
    'unknown-offer',
    'unknown-call',
  ]);
  ok(r.enqueue({ callId: 'c', queueId: 'q' }, at(0)));
  const dup = r.enqueue({ callId: 'c', queueId: 'q' }, at(0));
  t.equal(dup.ok || !('error' in dup) ? '' : dup.error.code, 'duplicate-call');
  const notAnswered = r.callEnded('c', at(1));
  t.match(notAnswered.ok ? '' : notAnswered.error.message, /call c is waiting, not answered: use dequeue/);
  t.throws(() => r.match(Number.NaN), { code: 'invalid-time' });
  t.equal(r.waitingCalls(at(1)).length, 1);
});

t.test('expired offers are listed for the safety net, and Dates work as times', async (t) => {
  const r = router([queue('q', { ringTimeoutSeconds: 20 })]);
  login(r, 'a', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, new Date(at(1))));
  const [o] = r.match(new Date(at(1)));
  t.equal(o?.ringDeadline, at(21));
  t.same(r.expiredOffers(at(20.999)), []);
  t.same(
    r.expiredOffers(at(21)).map((x) => x.offerId),
    [o?.offerId],
  );
});

t.test('a wrap-up end or ring timeout that fell due unhandled is due now, not dropped', async (t) => {
  const r = router([queue('q', { wrapUpSeconds: 30, ringTimeoutSeconds: 15 })]);
  login(r, 'a', {}, ['q'], 0);
  login(r, 'b', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  const [o] = r.match(at(1));
  ok(r.offerAnswered(o?.offerId ?? '', at(2)));
  ok(r.callEnded('c1', at(2)));
  t.same(r.nextWakeUp(at(10)), { at: at(32), reason: 'wrap-up-end', subject: 'a' });
  // The runtime's next look at the clock is a little past the end, before any turn ended it.
  const past = at(32) + 4;
  t.same(r.nextWakeUp(past), { at: past, reason: 'wrap-up-end', subject: 'a' });
  t.same(
    r.wrapUpDue(past).map((a) => a.id),
    ['a'],
    'the turn that follows ends it',
  );

  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(40)));
  const [ringing] = r.match(at(40));
  t.ok(ringing, 'c2 is offered');
  const deadline = r.nextWakeUp(at(41));
  t.equal(deadline?.reason, 'ring-timeout');
  const late = (deadline?.at ?? 0) + 3;
  t.same(r.nextWakeUp(late), { at: late, reason: 'ring-timeout', subject: ringing?.offerId });
  t.same(
    r.expiredOffers(late).map((x) => x.offerId),
    [ringing?.offerId],
  );
});
