import t from 'tap';
import type { Router } from '../../cti/acd/engine/router.js';
import { at, login, offeredTo, ok, queue, router } from './fixtures/helpers.js';

function serveAll(r: Router, sec: number): string[] {
  const served: string[] = [];
  for (let i = 0; i < 10; i++) {
    const [offer] = r.match(at(sec + i));
    if (offer === undefined) break;
    served.push(offer.callId);
    ok(r.offerAnswered(offer.offerId, at(sec + i)));
    ok(r.callEnded(offer.callId, at(sec + i)));
  }
  return served;
}

t.test('across queues sharing an agent: highest effective priority, then longest wait', async (t) => {
  const r = router([queue('low'), queue('high', { priority: 2 })]);
  ok(r.enqueue({ callId: 'low-old', queueId: 'low' }, at(0)));
  ok(r.enqueue({ callId: 'high-mid', queueId: 'high' }, at(5)));
  ok(r.enqueue({ callId: 'low-vip', queueId: 'low', priority: 3 }, at(8)));
  ok(r.enqueue({ callId: 'low-new', queueId: 'low' }, at(9)));
  ok(r.enqueue({ callId: 'high-new', queueId: 'high' }, at(10)));
  t.same(r.match(at(11)), [], 'nobody to serve them yet');
  login(r, 'x', {}, ['low', 'high'], 20);
  t.same(serveAll(r, 20), ['low-vip', 'high-mid', 'high-new', 'low-old', 'low-new']);
});

t.test('equal priority in two queues: the longer wait goes first, then arrival order', async (t) => {
  const r = router([queue('a'), queue('b')]);
  ok(r.enqueue({ callId: 'b1', queueId: 'b' }, at(1)));
  ok(r.enqueue({ callId: 'a1', queueId: 'a', enqueuedAt: at(0) }, at(2)));
  ok(r.enqueue({ callId: 'a2', queueId: 'a' }, at(2)));
  ok(r.enqueue({ callId: 'b2', queueId: 'b' }, at(2)));
  login(r, 'x', {}, ['a', 'b'], 3);
  t.same(serveAll(r, 3), ['a1', 'b1', 'a2', 'b2']);
});

t.test('priority aging overtakes a higher base priority exactly at the step', async (t) => {
  const aging = { everySeconds: 10, step: 1, max: 5 };
  const build = () => {
    const r = router([queue('q', { priorityAging: aging })]);
    ok(r.enqueue({ callId: 'old', queueId: 'q', priority: 0 }, at(0)));
    ok(r.enqueue({ callId: 'vip', queueId: 'q', priority: 3 }, at(25)));
    return r;
  };
  const before = build();
  login(before, 'x', {}, ['q'], 29.999);
  t.same(offeredTo(before, 29.999), ['vip>x'], 'at 29.999 s old has 0+2 < 3');
  const after = build();
  login(after, 'x', {}, ['q'], 30);
  t.same(offeredTo(after, 30), ['old>x'], 'at 30 s old has 0+3 = 3 and waited longer');
  t.same(
    after.waitingCalls(at(30)).map((w) => [w.call.callId, w.effectivePriority]),
    [['vip', 3]],
  );

  const r = build();
  t.same(r.nextWakeUp(at(25)), { at: at(25), reason: 'match-pending', subject: 'old' });
  r.match(at(25));
  t.same(r.nextWakeUp(at(25)), { at: at(30), reason: 'priority-aging', subject: 'old' });
  t.same(r.nextWakeUp(at(30)), { at: at(35), reason: 'priority-aging', subject: 'vip' });
  t.same(
    r.nextWakeUp(at(49)),
    { at: at(50), reason: 'priority-aging', subject: 'old' },
    'old reaches max at 50 s',
  );
  t.same(r.nextWakeUp(at(50)), { at: at(55), reason: 'priority-aging', subject: 'vip' });
  t.same(r.nextWakeUp(at(75)), undefined, 'both at max: aging wakes nobody any more');
  t.same(
    r.waitingCalls(at(200)).map((w) => w.effectivePriority),
    [8, 5],
    'vip 3+5, old 0+5: the bonus is capped at max',
  );
});

t.test('skill relaxation lets a lower-level agent take the call exactly at the step time', async (t) => {
  const r = router([
    queue('es', {
      requiredSkills: [{ skill: 'spanish', minLevel: 5 }],
      relaxation: [
        { afterSeconds: 60, skill: 'spanish', drop: true },
        { afterSeconds: 30, skill: 'spanish', minLevel: 3 },
      ],
    }),
  ]);
  login(r, 'novice', { spanish: 3 }, ['es'], 0);
  login(r, 'none', { english: 9 }, ['es'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'es' }, at(0)));
  ok(r.enqueue({ callId: 'c2', queueId: 'es' }, at(1)));
  t.same(r.match(at(0)), []);
  t.same(r.nextWakeUp(at(0)), { at: at(30), reason: 'relaxation', subject: 'c1' });
  t.same(r.match(at(29.999)), [], 'one millisecond early: still spanish ≥ 5');
  const [offer] = r.match(at(30));
  t.equal(offer?.agentId, 'novice');
  t.same(offer?.trace.requirements, [{ skill: 'spanish', minLevel: 3 }]);
  t.same(offer?.trace.relaxed, ['after 30s: spanish ≥ 3']);
  t.same(r.nextWakeUp(at(30)), { at: at(31), reason: 'relaxation', subject: 'c2' });
  t.same(offeredTo(r, 31), [], 'c2 relaxed to ≥ 3 but novice is reserved and none has no spanish');
  t.same(r.nextWakeUp(at(31)), { at: at(45), reason: 'ring-timeout', subject: offer?.offerId });
  // Nothing failed the offer at its deadline here: it is due now, once; then the relaxation is next.
  t.same(r.nextWakeUp(at(45)), { at: at(45), reason: 'ring-timeout', subject: offer?.offerId });
  t.same(r.nextWakeUp(at(45)), { at: at(61), reason: 'relaxation', subject: 'c2' });
  t.same(offeredTo(r, 61), ['c2>none'], 'after 61 s spanish is dropped for c2');
});

t.test('extra skills from the IVR add to the queue requirements; the higher level wins', async (t) => {
  const r = router([queue('q', { requiredSkills: [{ skill: 'english', minLevel: 3 }] })]);
  login(r, 'low', { english: 4, billing: 9 }, ['q'], 0);
  login(r, 'high', { english: 8 }, ['q'], 1);
  ok(r.enqueue({ callId: 'c', queueId: 'q', skills: [{ skill: 'english', minLevel: 6 }] }, at(2)));
  t.same(offeredTo(r, 2), ['c>high']);
});
