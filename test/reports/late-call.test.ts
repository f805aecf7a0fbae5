// A call answered just before midnight counts in the day (or month) it came, with its whole handling;
// the agent's talk is split between the two days (or months).
import t, { type Test } from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { CallLog } from '../../cti/calls/call-log.js';
import { A, Q } from './expected-rows.js';
import { reportApp } from './report-app.js';
import { setUpQueuesAndAgents, ZONE } from './scripted-day.js';

/** Anna answers a call at 23:58:30 on `day` and talks 300 s, 210 of them on `next` (its first day). */
async function lateCall(t: Test, day: string, next: string) {
  const app = await reportApp(t, ZONE, '2025-07-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  const db = app.database.db;
  const store = new AcdStore(db);
  const call = new CallLog(db).recordStart({
    channelId: 'late-call',
    callerNumber: '+4930888',
    callerName: null,
    dialedNumber: '600',
    startedAt: new Date(`${day}T23:57:55+02:00`),
  });
  // Waits 23:58:00-23:58:30, talks to anna until 00:03:30 (300 s: 90 before midnight), wraps up 30 s.
  store.enter(call.id, 'sales', 0, [], new Date(`${day}T23:58:00+02:00`));
  store.leave(call.id, 'answered', new Date(`${day}T23:58:30+02:00`), 'anna');
  const change = (to: 'available' | 'on-call' | 'wrap-up' | 'logged-out', iso: string) => ({
    agentId: 'anna',
    from: 'available' as const,
    to,
    at: Date.parse(iso),
  });
  store.transitions([
    change('available', `${day}T23:50:00+02:00`),
    change('on-call', `${day}T23:58:30+02:00`),
    change('wrap-up', `${next}T00:03:30+02:00`),
    change('available', `${next}T00:04:00+02:00`),
    change('logged-out', `${next}T00:10:00+02:00`),
  ]);
  return app;
}

/** The late call by `interval`: the first row (day or month of the answer) and the next. */
async function lateCallRows(
  t: Test,
  app: Awaited<ReturnType<typeof lateCall>>,
  query: string,
  starts: [string, string],
) {
  const queues = await app.get(`${Q}?${query}&queue=sales`);
  t.match(queues.body.rows, [
    { start: starts[0], offered: 1, answered: 1, averageHandleSeconds: 330 },
    { start: starts[1], offered: 0, averageHandleSeconds: null },
  ]);
  const agents = await app.get(`${A}?${query}`);
  t.match(agents.body.rows, [
    // 23:50-23:58:30 available (510 s), 90 s on call before midnight
    { start: starts[0], answered: 1, averageHandleSeconds: 330, onCallSeconds: 90, availableSeconds: 510 },
    // 210 s on call, 30 s wrap-up, 00:04-00:10 available (360 s)
    { start: starts[1], answered: 0, onCallSeconds: 210, wrapUpSeconds: 30, availableSeconds: 360 },
  ]);
}

t.test('a call across midnight counts on the day it came; its talk is split between the days', async (t) => {
  const app = await lateCall(t, '2025-06-10', '2025-06-11');
  await lateCallRows(t, app, 'from=2025-06-10&to=2025-06-11', [
    '2025-06-10T00:00:00+02:00',
    '2025-06-11T00:00:00+02:00',
  ]);
});

t.test('a call across the month end counts in June; its talk is split between June and July', async (t) => {
  const app = await lateCall(t, '2025-06-30', '2025-07-01');
  await lateCallRows(t, app, 'from=2025-06-01&to=2025-07-31&interval=month', [
    '2025-06-01T00:00:00+02:00',
    '2025-07-01T00:00:00+02:00',
  ]);
});
