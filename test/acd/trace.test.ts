import t from 'tap';
import { formatTrace } from '../../cti/acd/engine/trace.js';
import { at, login, ok, queue, router } from './fixtures/helpers.js';

function floor() {
  const r = router(
    [
      queue('sales', {
        requiredSkills: [
          { skill: 'english', minLevel: 5 },
          { skill: 'spanish', minLevel: 1 },
        ],
      }),
      queue('other'),
    ],
    { trace: 'full' },
  );
  login(r, 'outsider', { english: 9, spanish: 9 }, ['other'], 0);
  login(r, 'busy', { english: 9, spanish: 9 }, ['sales'], 0);
  login(r, 'no-es', { english: 9 }, ['sales'], 0);
  login(r, 'weak', { english: 3, spanish: 4 }, ['sales'], 0);
  login(r, 'fit-late', { english: 6, spanish: 2 }, ['sales'], 8);
  login(r, 'fit-early', { english: 5, spanish: 1 }, ['sales'], 4);
  ok(r.upsertAgent({ id: 'away', skills: { english: 9, spanish: 9 }, queues: ['sales'] }, at(0)));
  ok(r.agentState('away', 'paused', at(1), 'lunch'));
  ok(r.enqueue({ callId: 'first', queueId: 'sales' }, at(9)));
  r.match(at(9));
  ok(r.offerAnswered(r.liveOffers()[0]?.offerId ?? '', at(9)));
  return r;
}

t.test(
  'a full trace gives every agent: considered with its rank, or skipped with a code and words',
  async (t) => {
    const r = floor();
    t.equal(r.getAgent('busy')?.state, 'on-call', 'busy took the first call (longest idle)');
    ok(r.enqueue({ callId: 'c', queueId: 'sales' }, at(10)));
    ok(r.enqueue({ callId: 'd', queueId: 'sales' }, at(10)));
    const [offer, second] = r.match(at(20));
    const trace = offer?.trace;
    t.equal(trace?.winner, 'fit-early');
    t.same(trace?.considered, [
      { agentId: 'fit-early', rank: 'idle 16.0s' },
      { agentId: 'fit-late', rank: 'idle 12.0s' },
    ]);
    t.same(Object.fromEntries(trace?.skipped.map((s) => [s.agentId, s.reason]) ?? []), {
      outsider: 'not-member',
      busy: 'state:on-call',
      'no-es': 'skill-missing:spanish',
      weak: 'skill-level:english 3<5',
      away: 'state:paused',
    });
    t.equal(trace?.skipped.find((s) => s.agentId === 'weak')?.words, 'has english at level 3, needs 5');
    t.equal(trace?.skipped.find((s) => s.agentId === 'away')?.words, 'is paused (lunch)');
    t.equal(trace?.rule, 'longest-idle: longest idle among 2 eligible');
    t.equal(trace?.notExamined, 0);
    t.same([trace?.waitedMs, trace?.effectivePriority, trace?.strategy], [10_000, 0, 'longest-idle']);
    const next = second?.trace;
    t.equal(next?.winner, 'fit-late');
    t.equal(
      next?.skipped.find((s) => s.agentId === 'fit-early')?.reason,
      'reserved',
      'reserved a moment ago for c',
    );
    t.equal(next?.rule, 'longest-idle: the only eligible agent among 1 eligible');
    t.match(formatTrace(next!), /^d → fit-late after 10\.0s at priority 0 \(longest-idle/);
  },
);

t.test('a compact trace shows what the index walked past and counts the rest', async (t) => {
  const r = router([queue('q', { requiredSkills: [{ skill: 'english', minLevel: 5 }] })]);
  login(r, 'a', { english: 2 }, ['q'], 0);
  login(r, 'b', { english: 3 }, ['q'], 1);
  login(r, 'c', { english: 7 }, ['q'], 2);
  login(r, 'd', { english: 9 }, ['q'], 3);
  ok(r.upsertAgent({ id: 'e', skills: {}, queues: [] }, at(0)));
  ok(r.enqueue({ callId: 'x', queueId: 'q' }, at(5)));
  const [offer] = r.match(at(5));
  t.equal(offer?.agentId, 'c');
  t.same(
    offer?.trace.skipped.map((s) => s.reason),
    ['skill-level:english 2<5', 'skill-level:english 3<5'],
  );
  t.same(
    offer?.trace.considered.map((c) => c.agentId),
    ['c'],
  );
  t.equal(offer?.trace.plan, 'index: 4 available members in longest-idle order');
  t.equal(offer?.trace.rule, 'longest-idle: first eligible in longest-idle order');
  t.equal(offer?.trace.notExamined, 2, 'd (behind the winner) and e (not a member) were never looked at');
});

t.test('explain gives the full trace of a waiting caller without reserving anyone', async (t) => {
  const r = router([queue('q', { requiredSkills: [{ skill: 'german', minLevel: 8 }] })]);
  login(r, 'a', { german: 7 }, ['q'], 0);
  ok(r.enqueue({ callId: 'x', queueId: 'q' }, at(1)));
  t.same(r.match(at(1)), []);
  const { trace } = ok(r.explain('x', at(2)));
  t.equal(trace.rule, 'nobody: no available member meets the requirements');
  t.same(
    trace.skipped.map((s) => s.words),
    ['has german at level 7, needs 8'],
  );
  t.equal(r.getAgent('a')?.state, 'available');
});
