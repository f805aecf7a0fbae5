import t from 'tap';
import { auditQuery } from '../../web-softphone/src/ui/admin/audit-query.js';
import {
  answerDay,
  columnKind,
  dayIn,
  daysBefore,
  filenameOf,
  formatPercent,
  formatSeconds,
  intervalLabel,
  presetRange,
  readableName,
} from '../../web-softphone/src/ui/reports/report-format.js';
import { reportPath, reportQueryString } from '../../web-softphone/src/ui/reports/report-query.js';

t.test('a column is read by its name as the reports API spells it', async (t) => {
  t.equal(columnKind('averageHandleSeconds', 12.5), 'duration');
  t.equal(columnKind('averageHandleSeconds', null), 'duration', 'a figure with nothing to measure');
  t.equal(columnKind('serviceLevelPercent', 87.5), 'percent');
  t.equal(columnKind('offered', 3), 'number');
  t.equal(columnKind('reason', 'break'), 'text');
  t.equal(readableName('averageHoldSeconds'), 'Average hold seconds', 'a column the catalogue does not know');
});

t.test('durations and percentages', async (t) => {
  t.equal(formatSeconds(0), '0:00');
  t.equal(formatSeconds(4.4), '0:04');
  t.equal(formatSeconds(245), '4:05');
  t.equal(formatSeconds(3723), '1:02:03');
  t.equal(formatSeconds(2 * 86_400 + 3723), '2 d 01:02:03');
  t.equal(formatSeconds(null), '—', 'nothing to measure');
  t.equal(formatPercent(87.5, 'en-GB'), '87.5%', 'the API sends 0–100');
  t.equal(formatPercent(0.5, 'en-GB'), '0.5%', 'a small share is not mistaken for a fraction');
  t.equal(formatPercent(100, 'en-GB'), '100%');
  t.equal(formatPercent(66.67, 'zh-CN'), '66.7%');
  t.equal(formatPercent(null, 'en-GB'), '—');
});

t.test('intervals read in the report zone, as the API wrote them', async (t) => {
  const day = (x: string) => `2026-11-17T${x}+08:00`;
  t.equal(intervalLabel('hour', day('09:00:00'), day('10:00:00'), true), '09:00–10:00');
  t.equal(intervalLabel('15m', day('09:15:00'), day('09:30:00'), false), '2026-11-17 09:15–09:30');
  t.equal(intervalLabel('hour', day('23:00:00'), '2026-11-18T00:00:00+08:00', true), '23:00–24:00');
  t.equal(intervalLabel('day', day('00:00:00'), '2026-11-18T00:00:00+08:00', true), '2026-11-17');
  t.equal(intervalLabel('month', '2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00', false), '2026-11');
  t.equal(
    intervalLabel('total', day('00:00:00'), '2026-11-18T00:00:00+08:00', false),
    '2026-11-17',
    'one whole day is that day',
  );
  t.equal(
    intervalLabel('total', '2026-11-01T00:00:00+08:00', '2026-11-18T00:00:00+08:00', false),
    '2026-11-01 – 2026-11-17',
    'the end at midnight is the last day included',
  );
});

t.test('date presets count from the given day', async (t) => {
  const now = new Date(2026, 2, 3, 10, 0); // 3 March 2026, local time
  t.same(presetRange('today', now), { from: '2026-03-03', to: '2026-03-03' });
  t.same(presetRange('yesterday', now), { from: '2026-03-02', to: '2026-03-02' });
  t.same(presetRange('last7', now), { from: '2026-02-25', to: '2026-03-03' });
  t.same(presetRange('thisMonth', now), { from: '2026-03-01', to: '2026-03-03' });
  t.same(presetRange('lastMonth', now), { from: '2026-02-01', to: '2026-02-28' });
});

t.test('presets count in the report zone, not the browser one', async (t) => {
  // 20:00 UTC on 31 March: already 1 April in Shanghai, still 31 March in Los Angeles and UTC.
  const now = new Date('2026-03-31T20:00:00Z');
  t.equal(dayIn(now, 'Asia/Shanghai'), '2026-04-01');
  t.equal(dayIn(now, 'America/Los_Angeles'), '2026-03-31');
  t.same(presetRange('today', now, 'Asia/Shanghai'), { from: '2026-04-01', to: '2026-04-01' });
  t.same(presetRange('yesterday', now, 'Asia/Shanghai'), { from: '2026-03-31', to: '2026-03-31' });
  t.same(presetRange('last7', now, 'Asia/Shanghai'), { from: '2026-03-26', to: '2026-04-01' });
  t.same(presetRange('thisMonth', now, 'Asia/Shanghai'), { from: '2026-04-01', to: '2026-04-01' });
  t.same(presetRange('lastMonth', now, 'Asia/Shanghai'), { from: '2026-03-01', to: '2026-03-31' });
  t.same(presetRange('thisMonth', now, 'America/Los_Angeles'), { from: '2026-03-01', to: '2026-03-31' });
  t.same(presetRange('lastMonth', now, 'America/Los_Angeles'), { from: '2026-02-01', to: '2026-02-28' });
  // 8 March 2026 is the day Los Angeles moves its clocks forward: a 23-hour day.
  const spring = new Date('2026-03-09T07:30:00Z');
  t.same(presetRange('yesterday', spring, 'America/Los_Angeles'), { from: '2026-03-08', to: '2026-03-08' });
  t.same(
    presetRange('last7', spring, 'Pacific/Kiritimati'),
    { from: '2026-03-03', to: '2026-03-09' },
    '+14:00',
  );
  t.same(presetRange('today', now, 'Pacific/Pago_Pago'), { from: '2026-03-31', to: '2026-03-31' }, '-11:00');
  t.equal(answerDay({ from: '2026-04-01T00:00:00+08:00' }), '2026-04-01', 'the day an answer starts on');
  t.equal(daysBefore('2026-03-01', 30), '2026-01-30');
  t.equal(daysBefore('2024-03-01', 1), '2024-02-29', 'a leap year');
});

t.test('the file name a download is saved under', async (t) => {
  t.equal(
    filenameOf('attachment; filename="report-queues-2026-11-17-hour.csv"'),
    'report-queues-2026-11-17-hour.csv',
  );
  t.equal(filenameOf("attachment; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.csv"), '报表.csv');
  t.equal(filenameOf('attachment; filename="../../etc/passwd"'), '.._.._etc_passwd', 'no path in a name');
  t.equal(filenameOf(null), null);
  t.equal(filenameOf('inline'), null);
});

t.test('report and audit queries', async (t) => {
  const request = {
    kind: 'agents' as const,
    from: '2026-11-17',
    to: '2026-11-18',
    interval: 'hour' as const,
    queues: ['support', 'billing'],
    agents: ['erin', 'dana'],
    skill: ' french ',
  };
  t.equal(
    reportQueryString(request),
    'from=2026-11-17&to=2026-11-18&interval=hour&queue=billing&queue=support&agent=dana&agent=erin&skill=french',
    'queue and agent repeat; the skill is trimmed',
  );
  t.notMatch(
    reportQueryString({ ...request, kind: 'queues' }),
    /agent=/,
    'the queue report has no agent filter',
  );
  t.equal(reportPath({ ...request, skill: '' }, 'xlsx').split('?')[0], '/api/reports/agents.xlsx');

  t.equal(auditQuery({ action: ' auth.login ', since: '', until: '' }), 'action=auth.login');
  const until = new URLSearchParams(auditQuery({ action: '', since: '', until: '2026-11-17T09:30' })).get(
    'until',
  );
  t.equal(
    Date.parse(until ?? '') - Date.parse(new Date('2026-11-17T09:30').toISOString()),
    59_999,
    'an end typed to the minute covers that minute',
  );
  t.equal(auditQuery({ action: '', since: '', until: '' }, { limit: 51, offset: 50 }), 'limit=51&offset=50');
});
