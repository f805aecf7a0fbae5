// Bad report requests answer 400 with a sentence naming the parameter and the value given.
import t from 'tap';
import { reportApp } from './report-app.js';
import { setUpQueuesAndAgents, ZONE } from './scripted-day.js';

t.test('bad input', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);

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
  ];
  for (const [url, message] of cases) {
    const res = await app.get(url);
    t.equal(res.status, 400, url);
    t.strictSame(res.body, { error: 'bad_request', message }, url);
  }

  // At the limit is fine: 31 days of quarter hours, including a clock change (745 hours).
  const ok = await app.get('/api/reports/queues?from=2025-10-01&to=2025-10-31&interval=15m&queue=sales');
  t.equal(ok.status, 200);
  t.equal(ok.body.rows.length, 31 * 96 + 4, '31 days of quarters, four more for the repeated hour');
});
