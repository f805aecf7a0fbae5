import t from 'tap';
import { at, handleCall, login, offeredTo, ok, queue, router } from './fixtures/helpers.js';

t.test('longest-idle: the agent available the longest gets the call', async (t) => {
  const r = router([queue('q')]);
  login(r, 'b', {}, ['q'], 2);
  login(r, 'a', {}, ['q'], 3);
  login(r, 'c', {}, ['q'], 1);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(10)));
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(10)));
  t.same(offeredTo(r, 10), ['c1>c', 'c2>b']);
  // a pause resets the idle clock: b, back from a pause, ranks behind a
  const o = r.liveOffers().find((x) => x.agentId === 'b');
  ok(r.offerFailed(o?.offerId ?? '', at(11), 'busy'));
  t.equal(r.getAgent('b')?.idleSince, at(11));
});

t.test('fewest-calls: fewest answered today first, then longest idle', async (t) => {
  const r = router([queue('q', { strategy: 'fewest-calls' })]);
  login(r, 'a', {}, ['q'], 0);
  t.equal(handleCall(r, 'w1', 'q', 1), 'a');
  t.equal(handleCall(r, 'w2', 'q', 2), 'a');
  login(r, 'b', {}, ['q'], 3);
  ok(r.agentState('a', 'paused', at(3), 'break'));
  t.equal(handleCall(r, 'w3', 'q', 4), 'b');
  ok(r.agentState('a', 'available', at(5)));
  login(r, 'c', {}, ['q'], 9);
  // a idled since 5 (2 calls), b since 4 (1 call), c since 9 (0 calls): c, then b, then a
  for (const id of ['x1', 'x2', 'x3']) ok(r.enqueue({ callId: id, queueId: 'q' }, at(10)));
  t.same(offeredTo(r, 10), ['x1>c', 'x2>b', 'x3>a']);
  t.equal(r.getAgent('a')?.callsAnswered, 2);
  r.resetDailyStats(at(20));
  t.equal(r.getAgent('a')?.callsAnswered, 0, 'the daily reset zeroes the counts');
});

t.test('best-skill: highest level on the queue skills, ties by longest idle', async (t) => {
  const r = router([
    queue('q', { strategy: 'best-skill', requiredSkills: [{ skill: 'english', minLevel: 2 }] }),
  ]);
  login(r, 'a', { english: 3 }, ['q'], 0);
  login(r, 'b', { english: 9 }, ['q'], 2);
  login(r, 'c', { english: 6 }, ['q'], 1);
  login(r, 'd', { english: 9 }, ['q'], 1);
  login(r, 'e', { english: 1 }, ['q'], 0);
  for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) ok(r.enqueue({ callId: id, queueId: 'q' }, at(5)));
  t.same(offeredTo(r, 5), ['c1>d', 'c2>b', 'c3>c', 'c4>a'], 'e (english 1 < 2) is never offered');
});

t.test('round-robin: a rotation that remembers its place, whoever idled longest', async (t) => {
  const r = router([queue('q', { strategy: 'round-robin' })]);
  for (const id of ['a', 'b', 'c']) login(r, id, {}, ['q'], 0);
  t.equal(handleCall(r, 'r1', 'q', 1), 'a');
  // c pauses and comes back: it is now the least idle, but its turn is next after b
  ok(r.agentState('c', 'paused', at(2), 'coffee'));
  ok(r.agentState('c', 'available', at(3)));
  t.equal(handleCall(r, 'r2', 'q', 4), 'b');
  t.equal(handleCall(r, 'r3', 'q', 5), 'c');
  t.equal(handleCall(r, 'r4', 'q', 6), 'a');
  t.equal(handleCall(r, 'r5', 'q', 7), 'b');
});

t.test('a rare required skill is found through the skill buckets, with the same choice', async (t) => {
  const q = queue('q', { requiredSkills: [{ skill: 'english', minLevel: 1 }] });
  const r = router([q]);
  for (let i = 0; i < 40; i++) login(r, `a${String(i).padStart(2, '0')}`, { english: 5 }, ['q'], i);
  login(r, 'z1', { english: 5, finnish: 7 }, ['q'], 50);
  login(r, 'z2', { english: 5, finnish: 4 }, ['q'], 45);
  login(r, 'z3', { english: 5, finnish: 8 }, ['q'], 48);
  ok(r.enqueue({ callId: 'f1', queueId: 'q', skills: [{ skill: 'finnish', minLevel: 5 }] }, at(60)));
  const [offer] = r.match(at(60));
  t.equal(offer?.agentId, 'z3', 'longest idle among those with finnish ≥ 5');
  t.match(offer?.trace.plan, /available agents with finnish ≥ 5/);
  t.equal(offer?.trace.rule, 'longest-idle: longest idle among 2 eligible');
  t.ok((offer?.trace.notExamined ?? 0) >= 40, 'the 40 english-only agents were never looked at');
});
