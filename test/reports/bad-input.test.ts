// Bad report requests answer 400 with a sentence naming the parameter and the value given.
import t from 'tap';
import { reportApp } from './report-app.js';
import { QUEUE_BASE, setUpQueuesAndAgents, writeScriptedDay, ZONE } from './scripted-day.js';

t.test('bad input', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  writeScriptedDay(app.database.db);

  const cases: Array<[string, string]> = [
    [
      '/api/reports/queues?from=2025-06-11&to=2025-06-10',
      'from "2025-06-11" must be before to "2025-06-10" (the range would be empty)',
    ],
    [
      '/api/reports/queues?from=2025-06-10T12:00&to=2025-06-10T12:00',
      'from "2025-06-10T12:00" must be before to "2025-06-10T12:00" (the range would be empty)',
    ],
    ['/api/reports/queues?interval=week', 'interval "week" is not one of 15m, hour, day, month, total'],
    [
      '/api/reports/agents?from=2025-01-01&to=2025-02-15&interval=15m',
      'interval 15m covers at most 31 days; from "2025-01-01" to "2025-02-15" is 46 days',
    ],
    ['/api/reports/queues?from=2025-02-30', 'from "2025-02-30" is not a real date'],
    [
      '/api/reports/queues?to=yesterday',
      'to "yesterday" is neither a date (YYYY-MM-DD) nor an ISO time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
    ],
    ['/api/reports/queues?from=2025-06-10T25:00', 'from "2025-06-10T25:00" is not a real date and time'],
    [
      '/api/reports/queues?from=2025-06-10T10:00%2B15:00',
      'from "2025-06-10T10:00+15:00" has an offset no zone uses (+15:00)',
    ],
    ['/api/reports/queues?queue=sales&queue=nowhere', 'unknown queue "nowhere"'],
    ['/api/reports/agents?agent=anna&agent=zed&agent=yan', 'unknown agents "zed", "yan"'],
    ['/api/reports/pauses?queue=nowhere', 'unknown queue "nowhere"'],
    [
      '/api/reports/queues?agent=anna',
      'agent "anna": the queue report has no agent filter (use /api/reports/agents)',
    ],
    ['/api/reports/queues?shortAbandonSeconds=abc', 'shortAbandonSeconds "abc" must be integer'],
    ['/api/reports/queues?shortAbandonSeconds=-1', 'shortAbandonSeconds "-1" must be >= 0'],
    ['/api/reports/agents?repeatCallWindowHours=0', 'repeatCallWindowHours "0" must be >= 1'],
    [
      '/api/reports/queues?colour=red',
      'unknown parameter "colour" (see GET /docs for the report parameters)',
    ],
    ['/api/reports/queues.csv?interval=2h', 'interval "2h" is not one of 15m, hour, day, month, total'],
    [
      '/api/reports/queues?interval=day&interval=hour',
      'interval is given 2 times (["day","hour"]): give it once',
    ],
    [
      '/api/reports/pauses?from=2025-01-01&to=2025-04-30&interval=hour',
      'interval hour covers at most 92 days; from "2025-01-01" to "2025-04-30" is 120 days',
    ],
    [
      '/api/reports/queues?from=2024-01-01&to=2025-01-31&interval=day',
      // 366 days of 2024 and 31 of January
      'interval day covers at most 366 days; from "2024-01-01" to "2025-01-31" is 397 days',
    ],
    [
      '/api/reports/queues?from=2020-01-01&to=2025-01-31&interval=month',
      // 2020 to 2024: 366 + 365 × 3 + 366, then 31
      'interval month covers at most 1096 days; from "2020-01-01" to "2025-01-31" is 1858 days',
    ],
    ['/api/reports/agents?to=2025-13-01', 'to "2025-13-01" is not a real date'],
    [
      '/api/reports/agents?from=',
      'from "" is neither a date (YYYY-MM-DD) nor an ISO time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
    ],
    [
      '/api/reports/queues?from=10.06.2025',
      'from "10.06.2025" is neither a date (YYYY-MM-DD) nor an ISO time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])',
    ],
    ['/api/reports/queues?queue=', 'queue "" must not be empty'],
    [
      '/api/reports/queues?skill=klingon',
      'unknown skill "klingon" (no agent has it, no queue requires it, no caller asked for it)',
    ],
    [
      '/api/reports/agents?skill=klingon',
      'unknown skill "klingon" (no agent has it, no queue requires it, no caller asked for it)',
    ],
    ['/api/reports/pauses.xlsx?shortAbandonSeconds=3601', 'shortAbandonSeconds "3601" must be <= 3600'],
    ['/api/reports/queues?repeatCallWindowHours=1.5', 'repeatCallWindowHours "1.5" must be integer'],
  ];
  for (const [url, message] of cases) {
    const res = await app.get(url);
    t.equal(res.status, 400, url);
    t.strictSame(res.body, { error: 'bad_request', message }, url);
  }

  // Too many rows: 35 queues × 31 days × 96 quarters of July.
  for (let i = 0; i < 33; i += 1)
    app.admin.putQueue(`extra-${i}`, { name: `Extra ${i}`, serviceLevelSeconds: 20, ...QUEUE_BASE }, null);
  const huge = await app.get('/api/reports/queues?from=2025-07-01&to=2025-07-31&interval=15m');
  t.equal(huge.status, 400);
  t.strictSame(huge.body, {
    error: 'bad_request',
    message:
      'the report would have 104160 rows (at most 100000): use a longer interval, a shorter range or fewer queues or agents',
  });
  // Nothing the refused requests did changed what is stored: the day still reports its calls.
  const day = await app.get('/api/reports/queues?from=2025-06-10&to=2025-06-10&queue=sales&queue=support');
  t.strictSame(
    day.body.rows.map((r) => r.offered),
    [6, 5],
  );

  // At the limit is fine: 31 days of quarter hours, including a clock change (745 hours).
  const ok = await app.get('/api/reports/queues?from=2025-10-01&to=2025-10-31&interval=15m&queue=sales');
  t.equal(ok.status, 200);
  t.equal(ok.body.rows.length, 31 * 96 + 4, '31 days of quarters, four more for the repeated hour');
});
