// The pure pieces on their own: state spans, a call's handling while it still runs, repeat callers
// at the window's edge, and spans split over intervals.
import t from 'tap';
import { agentSpans } from '../../cti/reports/agent-spans.js';
import { RepeatCallers, repeatKey } from '../../cti/reports/first-contact.js';
import { handlingOf } from '../../cti/reports/handle-times.js';
import { splitSpan } from '../../cti/reports/intervals.js';
import type { StateChange } from '../../cti/reports/report-rows.js';

const s = (sec: number) => sec * 1000;
const change = (at: number, to: StateChange['to'], reason: string | null = null): StateChange => ({
  agentId: 'a',
  to,
  reason,
  at: s(at),
});

t.test('handling: talk to the end of on-call, then the wrap-up that follows', async (t) => {
  const spans = agentSpans([
    change(0, 'available'),
    change(10, 'on-call'),
    change(70, 'wrap-up'),
    change(85, 'available'),
    change(100, 'on-call'),
    change(130, 'paused', 'break'),
    change(200, 'on-call'),
  ]).get('a');
  t.strictSame(handlingOf(spans, s(10)), { talkMs: s(60), wrapUpMs: s(15) });
  t.strictSame(handlingOf(spans, s(100)), { talkMs: s(30), wrapUpMs: 0 }, 'straight to a pause: no wrap-up');
  t.equal(handlingOf(spans, s(200)), null, 'still on the call: no handling yet');
  t.equal(handlingOf(spans, s(5)), null, 'no on-call span at the answer');
  t.equal(handlingOf(undefined, s(10)), null, 'no state log for the agent');
  const wrapping = agentSpans([change(0, 'on-call'), change(60, 'wrap-up')]).get('a');
  t.equal(handlingOf(wrapping, s(0)), null, 'still in wrap-up: no handling yet');
});

t.test('repeat callers: after the call began, up to the window, another call', async (t) => {
  const hour = 3_600_000;
  const repeats = new RepeatCallers(
    [
      { callId: 1, callerNumber: '+491', startedAt: 0 },
      { callId: 2, callerNumber: '+491', startedAt: 24 * hour },
      { callId: 3, callerNumber: '+492', startedAt: 24 * hour + 1 },
    ],
    [],
    24 * hour,
  );
  t.equal(
    repeats.resolved({ callId: 1, callerNumber: '+491', callStartedAt: 0 }),
    false,
    'exactly 24 h later repeats',
  );
  t.equal(
    repeats.resolved({ callId: 9, callerNumber: '+492', callStartedAt: 0 }),
    true,
    '24 h and 1 ms later does not',
  );
  t.equal(
    repeats.resolved({ callId: 2, callerNumber: '+491', callStartedAt: 24 * hour }),
    true,
    'earlier calls do not count',
  );
  t.equal(repeats.resolved({ callId: 1, callerNumber: ' anonymous ', callStartedAt: 0 }), null);
  t.equal(repeatKey(''), null);
  t.equal(repeatKey('Restricted'), null);
  t.equal(repeatKey(' +4930 '), '+4930');
});

t.test('first contacts: a call repeating an answered call is its follow-up, not a new contact', async (t) => {
  const hour = 3_600_000;
  const call = (callId: number, callerNumber: string, startedAt: number) => ({
    callId,
    callerNumber,
    startedAt,
  });
  // +493 calls three times, each answered; +494 abandons, then is answered; +495 is answered twice, 24 h 1 ms apart.
  const answered = [
    call(1, '+493', 0),
    call(2, '+493', hour),
    call(3, '+493', 2 * hour),
    call(5, '+494', hour),
    call(6, '+495', 0),
    call(7, '+495', 24 * hour + 1),
  ];
  const repeats = new RepeatCallers([...answered, call(4, '+494', 0)], answered, 24 * hour);
  const of = (c: { callId: number; callerNumber: string; startedAt: number }) =>
    repeats.resolved({ callId: c.callId, callerNumber: c.callerNumber, callStartedAt: c.startedAt });
  t.strictSame(
    answered.slice(0, 3).map(of),
    [false, null, null],
    'three calls from one number: one first contact, not resolved (0 of 1, not 1 of 3)',
  );
  t.equal(of(call(5, '+494', hour)), true, 'after an unanswered call: a first contact');
  t.strictSame(
    [of(call(6, '+495', 0)), of(call(7, '+495', 24 * hour + 1))],
    [true, true],
    'answered calls further apart than the window: two first contacts',
  );
});

t.test('splitSpan: a span over several intervals, clipped to them', async (t) => {
  const buckets = [
    { start: 0, end: 10 },
    { start: 10, end: 20 },
    { start: 20, end: 30 },
  ];
  t.strictSame(splitSpan(buckets, 5, 25), [
    { index: 0, ms: 5 },
    { index: 1, ms: 10 },
    { index: 2, ms: 5 },
  ]);
  t.strictSame(splitSpan(buckets, -50, 3), [{ index: 0, ms: 3 }], 'begun before the range');
  t.strictSame(splitSpan(buckets, 28, 99), [{ index: 2, ms: 2 }], 'lasting past it');
  t.strictSame(splitSpan(buckets, 30, 40), [], 'after it');
  t.strictSame(splitSpan(buckets, 12, 12), [], 'empty');
});
