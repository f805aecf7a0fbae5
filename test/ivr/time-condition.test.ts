import t from 'tap';
import { simulateFlow } from '../../cti/ivr/flow/simulator.js';
import {
  checkTimeCondition,
  isKnownTimeZone,
  localClock,
  parseHoliday,
  type TimeCondition,
} from '../../cti/ivr/flow/time-condition.js';
import { flowFrom } from './fixtures/helpers.js';

const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const berlin: TimeCondition = {
  timezone: 'Europe/Berlin',
  hours: [{ days: [...everyDay], from: '08:00', to: '18:00' }],
  holidays: ['12-25', '2025-05-01', '12-31..01-01'],
};
const shanghai: TimeCondition = {
  ...berlin,
  timezone: 'Asia/Shanghai',
  holidays: ['2025-10-01..2025-10-07'],
};
const verdict = (c: TimeCondition, iso: string) => checkTimeCondition(c, new Date(iso));

t.test('Europe/Berlin follows the spring change: the same UTC instant is closed, then open', async (t) => {
  // Summer time starts 2025-03-30 at 01:00 UTC (02:00 → 03:00 local).
  t.equal(verdict(berlin, '2025-03-29T06:30:00Z'), 'closed', 'Saturday 07:30 CET');
  t.equal(verdict(berlin, '2025-03-30T06:30:00Z'), 'open', 'Sunday 08:30 CEST');
  t.equal(verdict(berlin, '2025-03-30T05:59:00Z'), 'closed', 'Sunday 07:59 CEST');
  t.equal(verdict(berlin, '2025-03-30T06:00:00Z'), 'open', 'Sunday 08:00 CEST, opening minute');
});

t.test('Europe/Berlin follows the autumn change', async (t) => {
  // Summer time ends 2025-10-26 at 01:00 UTC (03:00 → 02:00 local).
  t.equal(verdict(berlin, '2025-10-25T16:30:00Z'), 'closed', 'Saturday 18:30 CEST');
  t.equal(verdict(berlin, '2025-10-26T16:30:00Z'), 'open', 'Sunday 17:30 CET');
  t.equal(verdict(berlin, '2025-10-26T17:00:00Z'), 'closed', 'Sunday 18:00 CET, closing minute');
  t.same(localClock('Europe/Berlin', new Date('2025-10-26T00:30:00Z')), {
    date: '2025-10-26',
    weekday: 'sun',
    minutes: 150,
  });
  t.same(localClock('Europe/Berlin', new Date('2025-10-26T01:30:00Z')), {
    date: '2025-10-26',
    weekday: 'sun',
    minutes: 150,
  });
});

t.test('Asia/Shanghai has no summer time: 00:30 UTC is 08:30 all year', async (t) => {
  for (const iso of [
    '2025-01-15T00:30:00Z',
    '2025-03-30T00:30:00Z',
    '2025-07-15T00:30:00Z',
    '2025-10-26T00:30:00Z',
  ]) {
    t.equal(verdict(shanghai, iso), 'open', iso);
  }
  t.equal(verdict(shanghai, '2025-07-15T23:59:00Z'), 'closed', '07:59 local');
  t.same(localClock('Asia/Shanghai', new Date('2025-06-06T23:30:00Z')), {
    date: '2025-06-07',
    weekday: 'sat',
    minutes: 450,
  });
});

t.test('holidays use the local date, win over opening hours, and may be ranges', async (t) => {
  t.equal(verdict(berlin, '2025-12-25T09:00:00Z'), 'holiday', 'Christmas, every year');
  t.equal(verdict(berlin, '2027-12-25T09:00:00Z'), 'holiday', 'Christmas 2027 too');
  t.equal(verdict(berlin, '2025-12-24T23:30:00Z'), 'holiday', 'already 25 December in Berlin');
  t.equal(verdict(berlin, '2025-05-01T10:00:00Z'), 'holiday', 'a one-off date');
  t.equal(verdict(berlin, '2026-05-01T10:00:00Z'), 'open', 'not repeated the next year');
  t.equal(verdict(berlin, '2025-12-31T10:00:00Z'), 'holiday', 'a yearly range over New Year, first day');
  t.equal(verdict(berlin, '2026-01-01T10:00:00Z'), 'holiday', 'and the last');
  t.equal(verdict(berlin, '2026-01-02T10:00:00Z'), 'open');
  t.equal(verdict(shanghai, '2025-10-03T02:00:00Z'), 'holiday', 'Golden Week');
  t.equal(verdict(shanghai, '2025-09-30T17:00:00Z'), 'holiday', 'Golden Week starts at local midnight');
  t.equal(verdict(shanghai, '2025-09-30T15:00:00Z'), 'closed', '23:00 on 30 September');
});

t.test('a range may run until 24:00', async (t) => {
  const late: TimeCondition = { timezone: 'UTC', hours: [{ days: ['fri'], from: '22:00', to: '24:00' }] };
  t.equal(verdict(late, '2025-06-06T23:59:00Z'), 'open');
  t.equal(verdict(late, '2025-06-07T00:00:00Z'), 'closed', 'Saturday has no hours');
});

t.test('holiday and zone parsing', async (t) => {
  t.same(parseHoliday('12-24..12-26'), { kind: 'yearly', from: '12-24', to: '12-26' });
  t.same(parseHoliday('2024-02-29'), { kind: 'dated', from: '2024-02-29', to: '2024-02-29' });
  t.same(parseHoliday('02-29'), { kind: 'yearly', from: '02-29', to: '02-29' }, 'leap day, every year');
  t.match(parseHoliday('2025-02-29'), { error: /not a real date/ });
  t.match(parseHoliday('2025-12-24..12-26'), { error: /same kind/ });
  t.match(parseHoliday('13-01'), { error: /not a real date/ });
  t.ok(isKnownTimeZone('America/New_York'));
  t.notOk(isKnownTimeZone('Mars/Olympus_Mons'));
  t.throws(() => localClock('Mars/Olympus_Mons', new Date()), RangeError);
});

t.test('a time node in a flow, with the simulator clock', async (t) => {
  const flow = flowFrom(`
name: Hours
start: hours
nodes:
  hours:
    type: time
    timezone: Europe/Berlin
    hours: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00" }]
    holidays: ["12-25"]
    open: open
    closed: closed
    holiday: holiday
  open: { type: hangup }
  closed: { type: hangup }
  holiday: { type: hangup }
`);
  const run = (at: string) => simulateFlow(flow, { callerNumber: '1', dialedNumber: '2', at, digits: [] });
  t.equal((await run('2025-03-28T08:30:00Z')).exit.node, 'open', 'Friday 09:30 CET');
  t.equal((await run('2025-03-28T07:30:00Z')).exit.node, 'closed', 'Friday 08:30 CET');
  t.equal(
    (await run('2025-03-31T07:30:00Z')).exit.node,
    'open',
    'Monday 09:30 CEST: same UTC time, now open',
  );
  t.equal((await run('2025-12-25T10:00:00Z')).exit.node, 'holiday');
  t.equal((await run('2025-12-25T10:00:00Z')).path[0]?.enteredAt, '2025-12-25T10:00:00.000Z');
});
