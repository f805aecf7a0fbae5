// Days with a clock change in Europe/Berlin, bucketed by hour: 23 hours in spring, 25 in autumn
// (02:00 twice, told apart by the offset), and time in a state split on real elapsed time.
import t, { type Test } from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import type { AgentState } from '../../cti/acd/engine/types.js';
import { CallLog } from '../../cti/calls/call-log.js';
import { bucketsOf } from '../../cti/reports/intervals.js';
import { formatLocal, startOfDay } from '../../cti/reports/zone-clock.js';
import { reportApp } from './report-app.js';
import { QUEUE_BASE } from './scripted-day.js';

const ZONE = 'Europe/Berlin';

async function nightShift(t: Test) {
  const app = await reportApp(t, ZONE, '2025-11-01T12:00:00Z');
  app.admin.putQueue('night', { name: 'Night line', serviceLevelSeconds: 20, ...QUEUE_BASE }, null);
  app.admin.putAgent('nora', { name: 'Nora', skills: {}, queues: ['night'] });
  const db = app.database.db;
  const store = new AcdStore(db);
  const log = new CallLog(db);
  const states = (list: Array<[string, AgentState, string?]>) =>
    store.transitions(
      list.map(([iso, to, reason]) => ({
        agentId: 'nora',
        from: 'available' as const,
        to,
        at: Date.parse(iso),
        ...(reason ? { reason } : {}),
      })),
    );
  /** A call answered by nora: waits `wait` s from `entered`. */
  const call = (key: string, entered: string, wait: number) => {
    const enteredAt = new Date(entered);
    const row = log.recordStart({
      channelId: `dst-${key}`,
      callerNumber: null,
      callerName: null,
      dialedNumber: '600',
      startedAt: enteredAt,
    });
    store.enter(row.id, 'night', 0, [], enteredAt);
    store.leave(row.id, 'answered', new Date(enteredAt.getTime() + wait * 1000), 'nora');
  };
  return { app, states, call };
}
t.test('bucketsOf: 23, 24 and 25 hour days; 743 and 745 hour months', async (t) => {
  const hours = (day: string, next: string) =>
    bucketsOf(ZONE, 'hour', startOfDay(ZONE, day), startOfDay(ZONE, next)).map((b) =>
      formatLocal(ZONE, b.start),
    );
  const spring = hours('2025-03-30', '2025-03-31');
  t.equal(spring.length, 23);
  t.strictSame(spring.slice(0, 3), [
    '2025-03-30T00:00:00+01:00',
    '2025-03-30T01:00:00+01:00',
    '2025-03-30T03:00:00+02:00',
  ]);
  const autumn = hours('2025-10-26', '2025-10-27');
  t.equal(autumn.length, 25);
  t.strictSame(autumn.slice(1, 5), [
    '2025-10-26T01:00:00+02:00',
    '2025-10-26T02:00:00+02:00',
    '2025-10-26T02:00:00+01:00',
    '2025-10-26T03:00:00+01:00',
  ]);
  t.equal(hours('2025-06-10', '2025-06-11').length, 24);
  const days = bucketsOf(ZONE, 'day', startOfDay(ZONE, '2025-10-25'), startOfDay(ZONE, '2025-10-28'));
  t.strictSame(
    days.map((b) => (b.end - b.start) / 3_600_000),
    [24, 25, 24],
    'the autumn day lasts 25 hours',
  );
  const months = bucketsOf(ZONE, 'month', startOfDay(ZONE, '2025-01-01'), startOfDay(ZONE, '2026-01-01'));
  t.strictSame(
    months.map((b) => (b.end - b.start) / 3_600_000),
    [744, 672, 743, 720, 744, 720, 744, 744, 720, 745, 720, 744],
    'months of local days: March an hour short, October an hour long',
  );
  t.strictSame(
    months.slice(2, 4).map((b) => formatLocal(ZONE, b.start)),
    ['2025-03-01T00:00:00+01:00', '2025-04-01T00:00:00+02:00'],
  );
  // Zones with half-hour offsets and a half-hour clock change (Lord Howe Island goes back 30 min).
  const kolkata = bucketsOf('Asia/Kolkata', 'hour', Date.UTC(2025, 0, 1, 0, 0), Date.UTC(2025, 0, 1, 2, 0));
  t.strictSame(
    kolkata.map((b) => formatLocal('Asia/Kolkata', b.start)),
    ['2025-01-01T05:30:00+05:30', '2025-01-01T06:00:00+05:30', '2025-01-01T07:00:00+05:30'],
    'a range starting mid-hour gets a short first interval',
  );
  const lordHowe = bucketsOf(
    'Australia/Lord_Howe',
    'hour',
    startOfDay('Australia/Lord_Howe', '2025-04-06'),
    startOfDay('Australia/Lord_Howe', '2025-04-07'),
  );
  t.equal((lordHowe.at(-1)!.end - lordHowe[0]!.start) / 60_000, 24 * 60 + 30, 'a 24.5 hour day');
});

t.test('autumn (2025-10-26): 25 hourly rows, a call in each 02:00', async (t) => {
  const { app, states, call } = await nightShift(t);
  // nora is logged in 01:00 (+02:00) to 04:00 (+01:00): four real hours.
  states([
    ['2025-10-26T01:00:00+02:00', 'available'],
    ['2025-10-26T02:30:10+02:00', 'on-call'], // N1, talk 60 s, no wrap-up
    ['2025-10-26T02:31:10+02:00', 'available'],
    ['2025-10-26T02:30:20+01:00', 'on-call'], // N2, an hour later in real time, talk 120 s
    ['2025-10-26T02:32:20+01:00', 'wrap-up'],
    ['2025-10-26T02:32:30+01:00', 'available'], // 10 s wrap-up
    ['2025-10-26T04:00:00+01:00', 'logged-out'],
  ]);
  call('N1', '2025-10-26T02:30:00+02:00', 10);
  call('N2', '2025-10-26T02:30:00+01:00', 20);

  const queue = await app.get('/api/reports/queues?from=2025-10-26&to=2025-10-26&interval=hour');
  t.equal(queue.status, 200);
  t.match(queue.body, { from: '2025-10-26T00:00:00+02:00', to: '2025-10-27T00:00:00+01:00' });
  t.equal(queue.body.rows.length, 25, '25 hours');
  const offered = queue.body.rows
    .filter((r) => r.offered === 1)
    .map((r) => [r.start, r.end, r.averageSpeedOfAnswerSeconds]);
  t.strictSame(offered, [
    ['2025-10-26T02:00:00+02:00', '2025-10-26T02:00:00+01:00', 10],
    ['2025-10-26T02:00:00+01:00', '2025-10-26T03:00:00+01:00', 20],
  ]);

  const agents = await app.get('/api/reports/agents?from=2025-10-26&to=2025-10-26&interval=hour');
  t.strictSame(
    agents.body.rows.map((r) => [
      r.start,
      r.loggedInSeconds,
      r.availableSeconds,
      r.onCallSeconds,
      r.wrapUpSeconds,
    ]),
    [
      ['2025-10-26T01:00:00+02:00', 3600, 3600, 0, 0],
      ['2025-10-26T02:00:00+02:00', 3600, 3540, 60, 0],
      ['2025-10-26T02:00:00+01:00', 3600, 3470, 120, 10],
      ['2025-10-26T03:00:00+01:00', 3600, 3600, 0, 0],
    ],
  );
  const day = await app.get('/api/reports/agents?from=2025-10-26&to=2025-10-26&interval=day');
  t.match(day.body.rows, [
    {
      start: '2025-10-26T00:00:00+02:00',
      end: '2025-10-27T00:00:00+01:00',
      loggedInSeconds: 4 * 3600,
      answered: 2,
      // (60 + 0 + 120 + 10) / 2
      averageHandleSeconds: 95,
    },
  ]);
});

t.test(
  'spring (2025-03-30): 23 hourly rows; a pause over the skipped hour lasts one real hour',
  async (t) => {
    const { app, states } = await nightShift(t);
    states([
      ['2025-03-30T01:00:00+01:00', 'available'],
      ['2025-03-30T01:30:00+01:00', 'paused', 'break'],
      ['2025-03-30T03:30:00+02:00', 'available'],
      ['2025-03-30T04:00:00+02:00', 'logged-out'],
    ]);
    const queue = await app.get('/api/reports/queues?from=2025-03-30&to=2025-03-30&interval=hour');
    t.equal(queue.body.rows.length, 23, '23 hours');
    t.equal(queue.body.rows[2]?.start, '2025-03-30T03:00:00+02:00', '02:00 never happened');
    const pauses = await app.get('/api/reports/pauses?from=2025-03-30&to=2025-03-30&interval=hour');
    t.strictSame(
      pauses.body.rows.map((r) => [r.start, r.reason, r.pauses, r.pausedSeconds]),
      [
        ['2025-03-30T01:00:00+01:00', 'break', 1, 1800],
        ['2025-03-30T03:00:00+02:00', 'break', 0, 1800],
      ],
    );
    const agents = await app.get('/api/reports/agents?from=2025-03-30&to=2025-03-30&interval=day');
    // 01:00+01 to 04:00+02 is two real hours: 1 h paused, 1 h available
    t.match(agents.body.rows, [{ loggedInSeconds: 7200, pausedSeconds: 3600, availableSeconds: 3600 }]);
  },
);

t.test('a time the clocks skipped is refused, a repeated one is its first occurrence', async (t) => {
  const { app } = await nightShift(t);
  const skipped = await app.get('/api/reports/queues?from=2025-03-30T02:30&to=2025-03-30T05:00');
  t.equal(skipped.status, 400);
  t.match(skipped.body, {
    message: 'from "2025-03-30T02:30" never happened in Europe/Berlin (the clocks skipped it)',
  });
  const repeated = await app.get(
    '/api/reports/queues?from=2025-10-26T02:30&to=2025-10-26T05:00&interval=total',
  );
  t.equal(repeated.status, 200);
  t.equal(repeated.body.from, '2025-10-26T02:30:00+02:00');
});
