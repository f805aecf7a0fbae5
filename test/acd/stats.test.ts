import t from 'tap';
import { SERVICE_LEVEL_FORMULA } from '../../cti/acd/engine/stats.js';
import { at, login, ok, queue, router } from './fixtures/helpers.js';

t.test('statistics of a scripted morning equal the hand-computed figures', async (t) => {
  const r = router([
    queue('q', {
      serviceLevelSeconds: 20,
      wrapUpSeconds: 5,
      maxSize: 4,
      overflow: { kind: 'flow', target: 'busy' },
    }),
  ]);
  r.resetDailyStats(at(0));
  login(r, 'a', {}, ['q'], 0);
  ok(r.upsertAgent({ id: 'b', skills: {}, queues: ['q'] }, at(0)));
  ok(r.upsertAgent({ id: 'p', skills: {}, queues: ['q'] }, at(0)));
  ok(r.agentState('p', 'paused', at(0), 'training'));

  // c1 answered after 10 s (within 20 s)
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(100)));
  ok(r.dequeue('c1', at(100), 'removed')); // moved elsewhere: counts nowhere but entered
  ok(r.enqueue({ callId: 'c1b', queueId: 'q' }, at(100)));
  const [o1] = r.match(at(110));
  ok(r.offerAnswered(o1?.offerId ?? '', at(110)));
  // c2 waits 30 s; its first offer (to b) rings out, then a answers at 30 s (after the threshold)
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(200)));
  ok(r.callEnded('c1b', at(190)));
  ok(r.agentState('b', 'available', at(190)));
  ok(r.agentState('a', 'paused', at(190), 'coffee'));
  const [o2] = r.match(at(200));
  t.equal(o2?.agentId, 'b');
  ok(r.offerFailed(o2?.offerId ?? '', at(215), 'no-answer'));
  ok(r.agentState('a', 'available', at(228)));
  const [o3] = r.match(at(228));
  t.equal(o3?.agentId, 'a');
  ok(r.offerAnswered(o3?.offerId ?? '', at(230)));
  // c3 hangs up after 5 s (short abandon), c4 after 40 s (late abandon), c5 overflows after 60 s
  ok(r.agentState('b', 'paused', at(240), 'break'));
  ok(r.enqueue({ callId: 'c3', queueId: 'q' }, at(300)));
  ok(r.enqueue({ callId: 'c4', queueId: 'q' }, at(300)));
  ok(r.enqueue({ callId: 'c5', queueId: 'q' }, at(300)));
  ok(r.enqueue({ callId: 'c6', queueId: 'q' }, at(330)));
  const full = r.enqueue({ callId: 'c7', queueId: 'q' }, at(331));
  t.same(full.ok ? '' : 'overflow' in full ? full.overflow.target : '', { kind: 'flow', target: 'busy' });
  ok(r.dequeue('c3', at(305), 'abandoned'));
  ok(r.dequeue('c4', at(340), 'abandoned'));
  ok(r.dequeue('c5', at(360), 'overflow'));

  const s = r.stats('q', at(400));
  // entered: c1, c1b, c2, c3, c4, c5, c6 = 7; answered c1b (10 s) and c2 (30 s)
  // service level = within (1) / (answered (2) + abandoned after 20 s (1: c4)) = 1/3
  t.same(
    {
      entered: s?.entered,
      answered: s?.answered,
      answeredWithinThreshold: s?.answeredWithinThreshold,
      abandoned: s?.abandoned,
      abandonedAfterThreshold: s?.abandonedAfterThreshold,
      overflowed: s?.overflowed,
      rejectedFull: s?.rejectedFull,
      failedOffers: s?.failedOffers,
      averageAnswerWaitMs: s?.averageAnswerWaitMs,
      longestAnswerWaitMs: s?.longestAnswerWaitMs,
      waiting: s?.waiting,
      offered: s?.offered,
      longestWaitMs: s?.longestWaitMs,
      agents: s?.agents,
      staffed: s?.staffed,
      since: s?.since,
    },
    {
      entered: 7,
      answered: 2,
      answeredWithinThreshold: 1,
      abandoned: 2,
      abandonedAfterThreshold: 1,
      overflowed: 1,
      rejectedFull: 1,
      failedOffers: 1,
      averageAnswerWaitMs: 20_000,
      longestAnswerWaitMs: 30_000,
      waiting: 1,
      offered: 0,
      longestWaitMs: 70_000,
      agents: {
        'logged-out': 0,
        available: 0,
        reserved: 0,
        ringing: 0,
        'on-call': 1,
        'wrap-up': 0,
        paused: 2,
      },
      staffed: 3,
      since: at(0),
    },
  );
  t.equal(s?.serviceLevel, 1 / 3);
  t.equal(s?.serviceLevelFormula, SERVICE_LEVEL_FORMULA);

  r.resetDailyStats(at(500));
  const fresh = r.stats('q', at(500));
  t.same(
    [fresh?.answered, fresh?.serviceLevel, fresh?.waiting],
    [0, null, 1],
    'a new day: counters restart, c6 still waits',
  );
  t.same(
    r.allStats(at(500)).map((x) => x.queueId),
    ['q'],
  );
});
