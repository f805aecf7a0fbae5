// Today's figures from stored rows: the day's start in the report time zone, a queue's counts and
// service level from queue_entries, an agent's calls handled and average handle time from
// agent_state_log. Same definitions as cti/wallboard/README.md.
import t from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { Router } from '../../cti/acd/engine/router.js';
import { queueEntries } from '../../cti/acd/schema.js';
import { calls } from '../../cti/calls/schema.js';
import { startOfDay } from '../../cti/wallboard/day.js';
import { agentToday, queueToday, type StateRow } from '../../cti/wallboard/today-figures.js';
import { TodayFigures } from '../../cti/wallboard/today-store.js';
import { testDatabase } from '../helpers/db.js';

const S = 1000;
const MIN = 60 * S;

t.test('the day starts at midnight in the report time zone', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['2025-06-15T10:30:00Z', 'UTC', '2025-06-15T00:00:00.000Z'],
    ['2025-06-15T10:30:00Z', 'Europe/Berlin', '2025-06-14T22:00:00.000Z'],
    ['2025-06-15T23:30:00Z', 'Europe/Berlin', '2025-06-15T22:00:00.000Z'],
    ['2025-01-15T01:00:00Z', 'Asia/Shanghai', '2025-01-14T16:00:00.000Z'],
    ['2025-01-15T03:00:00Z', 'America/New_York', '2025-01-14T05:00:00.000Z'],
    // The day daylight saving starts (02:00 → 03:00): midnight was still winter time.
    ['2025-03-30T12:00:00Z', 'Europe/Berlin', '2025-03-29T23:00:00.000Z'],
    // And the day it ends: midnight was summer time.
    ['2025-10-26T12:00:00Z', 'Europe/Berlin', '2025-10-25T22:00:00.000Z'],
    // Exactly midnight is the start of its own day.
    ['2025-06-14T22:00:00Z', 'Europe/Berlin', '2025-06-14T22:00:00.000Z'],
  ];
  for (const [now, zone, expected] of cases)
    t.equal(startOfDay(new Date(now), zone).toISOString(), expected, `${now} in ${zone}`);
});

t.test('service level: answered within the threshold / (offered − short abandons)', async (t) => {
  const since = new Date('2025-06-15T00:00:00Z');
  const counts = {
    offered: 10,
    finished: 9,
    answered: 6,
    answeredWithinThreshold: 4,
    abandoned: 2,
    shortAbandoned: 1,
    leftUnansweredInTime: 0,
  };
  t.same(queueToday(counts, 0, since, 20), {
    since: '2025-06-15T00:00:00.000Z',
    offered: 10,
    answered: 6,
    answeredWithinThreshold: 4,
    abandoned: 2,
    shortAbandoned: 1,
    serviceLevelPercent: 50, // 4 / (9 − 1)
    serviceLevelSeconds: 20,
  });
  t.equal(
    queueToday(counts, 2, since, 20).serviceLevelPercent,
    40,
    'callers waiting past it count as missed',
  );
  t.equal(
    queueToday({ ...counts, finished: 3, answeredWithinThreshold: 2 }, 0, since, 20).serviceLevelPercent,
    100,
  );
  t.equal(queueToday({ ...counts, finished: 7 }, 0, since, 20).serviceLevelPercent, 66.7, 'one decimal');
  t.equal(
    queueToday({ ...counts, leftUnansweredInTime: 2 }, 0, since, 20).serviceLevelPercent,
    66.7,
    'overflowed or removed within the threshold are not graded: 4 / (9 − 1 − 2)',
  );
  const none = {
    offered: 1,
    finished: 1,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    shortAbandoned: 1,
    leftUnansweredInTime: 0,
  };
  t.equal(queueToday(none, 0, since, 20).serviceLevelPercent, null, 'nothing measured yet: null, not 0');
});

t.test("a queue's day from queue_entries and the callers waiting now", async (t) => {
  const { db } = testDatabase(t);
  const now = new Date('2025-06-15T12:00:00Z');
  const dayStart = new Date('2025-06-15T00:00:00Z');
  const router = new Router();
  router.addQueue({
    id: 'support',
    name: 'Support',
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 0,
    ringTimeoutSeconds: 10,
  });
  let n = 0;
  const entry = (
    queueId: string,
    enqueuedAt: number,
    outcome: 'answered' | 'abandoned' | 'overflow' | null,
    waitedMs: number,
  ) => {
    n += 1;
    const call = db
      .insert(calls)
      .values({ channelId: `c${n}`, callerNumber: `555${n}`, startedAt: new Date(enqueuedAt - S) })
      .returning()
      .get();
    db.insert(queueEntries)
      .values({
        callId: call.id,
        queueId,
        priority: 0,
        skills: [],
        enqueuedAt: new Date(enqueuedAt),
        leftAt: outcome ? new Date(enqueuedAt + waitedMs) : null,
        outcome,
        agentId: outcome === 'answered' ? 'dana' : null,
      })
      .run();
    return call.id;
  };
  const at = (h: number) => dayStart.getTime() + h * 3_600_000;
  entry('support', at(-1), 'answered', 5 * S); // yesterday: not counted
  entry('support', at(8), 'answered', 5 * S); // within 20 s
  entry('support', at(8.5), 'answered', 20 * S); // exactly 20 s: within
  entry('support', at(9), 'answered', 45 * S); // late
  entry('support', at(9.5), 'abandoned', 4 * S); // short (under 5 s)
  entry('support', at(10), 'abandoned', 5 * S); // exactly 5 s: an abandon
  entry('support', at(10.5), 'abandoned', 90 * S);
  entry('support', at(11), 'overflow', 120 * S);
  entry('support', at(11.5), 'overflow', 0); // turned away by a full queue: offered, not graded
  entry('billing', at(9), 'answered', 1 * S); // another queue
  // Two callers still waiting: one for 30 s (past the threshold), one for 10 s.
  const late = entry('support', now.getTime() - 30 * S, null, 0);
  const fresh = entry('support', now.getTime() - 10 * S, null, 0);
  router.enqueue({ callId: String(late), queueId: 'support', enqueuedAt: now.getTime() - 30 * S }, now);
  router.enqueue({ callId: String(fresh), queueId: 'support', enqueuedAt: now.getTime() - 10 * S }, now);

  const figures = new TodayFigures({ db, router, reports: { timeZone: 'UTC', shortAbandonSeconds: 5 } });
  t.same(figures.queue('support', now), {
    since: '2025-06-15T00:00:00.000Z',
    offered: 10,
    answered: 3,
    answeredWithinThreshold: 2,
    abandoned: 2,
    shortAbandoned: 1,
    // 2 / (8 finished − 1 short − 1 turned away + 1 waiting past 20 s)
    serviceLevelPercent: 28.6,
    serviceLevelSeconds: 20,
  });
  const tokyo = new TodayFigures({ db, router, reports: { timeZone: 'Asia/Tokyo', shortAbandonSeconds: 5 } });
  t.equal(tokyo.queue('support', now).since, '2025-06-14T15:00:00.000Z', "Tokyo's day began earlier");
  t.equal(tokyo.queue('support', now).offered, 11, "so yesterday's 23:00 UTC caller is today in Tokyo");
  t.same(
    figures.queue('nowhere', now),
    {
      since: '2025-06-15T00:00:00.000Z',
      offered: 0,
      answered: 0,
      answeredWithinThreshold: 0,
      abandoned: 0,
      shortAbandoned: 0,
      serviceLevelPercent: null,
      serviceLevelSeconds: 20,
    },
    'a queue with no callers: zeros, and no service level yet',
  );
});

t.test("an agent's calls handled and average handle time from their state changes", async (t) => {
  const dayStart = new Date('2025-06-15T00:00:00Z');
  const at = (m: number) => dayStart.getTime() + m * MIN;
  const rows: StateRow[] = [
    { toState: 'available', at: at(-120) }, // the state the day opened in
    { toState: 'reserved', at: at(60) },
    { toState: 'ringing', at: at(60) + 1 * S },
    { toState: 'on-call', at: at(60) + 5 * S }, // call 1: talk 4 min, wrap-up 1 min
    { toState: 'wrap-up', at: at(64) + 5 * S },
    { toState: 'available', at: at(65) + 5 * S },
    { toState: 'on-call', at: at(70) }, // call 2: talk 2 min, no wrap-up
    { toState: 'paused', at: at(72) },
    { toState: 'available', at: at(80) },
    { toState: 'reserved', at: at(90) },
    { toState: 'available', at: at(90) + 10 * S }, // an offer that rang out: no call
    { toState: 'on-call', at: at(100) }, // call 3: talk 3 min, wrap-up still running
    { toState: 'wrap-up', at: at(103) },
  ];
  t.same(agentToday(rows, dayStart), {
    since: '2025-06-15T00:00:00.000Z',
    handled: 3,
    averageHandleMs: (5 * MIN + 2 * MIN) / 2,
  });
  const wrapDone = [...rows, { toState: 'available', at: at(105) }];
  t.equal(
    agentToday(wrapDone, dayStart).averageHandleMs,
    ((5 + 2 + 5) * MIN) / 3,
    'the third counts once its wrap-up ends',
  );
  const onCall = rows.slice(0, 4);
  t.same(
    agentToday(onCall, dayStart),
    { since: dayStart.toISOString(), handled: 0, averageHandleMs: null },
    'a call still on is not handled yet',
  );
  const overnight: StateRow[] = [
    { toState: 'on-call', at: at(-10) }, // answered before midnight
    { toState: 'wrap-up', at: at(5) },
    { toState: 'available', at: at(6) },
  ];
  t.same(
    agentToday(overnight, dayStart),
    { since: dayStart.toISOString(), handled: 1, averageHandleMs: 16 * MIN },
    'a call over midnight counts for the day it ended, with all its talk',
  );
  const restart: StateRow[] = [
    { toState: 'on-call', at: at(10) },
    { toState: 'on-call', at: at(12) }, // the daemon restarted mid-call
    { toState: 'wrap-up', at: at(15) },
    { toState: 'available', at: at(16) },
  ];
  t.same(agentToday(restart, dayStart).handled, 1, 'a call carried over a restart is one call');
  t.same(agentToday(restart, dayStart).averageHandleMs, 6 * MIN);
});

t.test('an agent day read from agent_state_log', async (t) => {
  const { db } = testDatabase(t);
  const store = new AcdStore(db);
  const dayStart = new Date('2025-06-15T00:00:00Z');
  const at = (m: number) => dayStart.getTime() + m * MIN;
  store.transitions([
    { agentId: 'dana', from: 'logged-out', to: 'available', at: at(-60) },
    { agentId: 'dana', from: 'available', to: 'on-call', at: at(-5) },
    { agentId: 'erin', from: 'available', to: 'on-call', at: at(1) },
    { agentId: 'dana', from: 'on-call', to: 'wrap-up', at: at(3) },
    { agentId: 'dana', from: 'wrap-up', to: 'available', at: at(4) },
    { agentId: 'erin', from: 'on-call', to: 'available', at: at(30) },
  ]);
  const figures = new TodayFigures({
    db,
    router: new Router(),
    reports: { timeZone: 'UTC', shortAbandonSeconds: 5 },
  });
  const now = new Date(at(60));
  t.same(figures.agent('dana', now), { since: dayStart.toISOString(), handled: 1, averageHandleMs: 9 * MIN });
  t.same(figures.agent('erin', now), {
    since: dayStart.toISOString(),
    handled: 1,
    averageHandleMs: 29 * MIN,
  });
  t.same(figures.agent('nobody', now), { since: dayStart.toISOString(), handled: 0, averageHandleMs: null });
});
