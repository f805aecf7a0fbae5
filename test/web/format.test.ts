import t from 'tap';
import { toneOf } from '../../web-softphone/src/lib/agent-states.js';
import {
  backoffDelay,
  callLength,
  displayNumber,
  formatClock,
  formatDuration,
  secondsLeft,
  shiftStart,
  wrapUpSecondsFor,
} from '../../web-softphone/src/lib/format.js';

t.test('durations read like a clock', async (t) => {
  t.equal(formatDuration(0), '0:00');
  t.equal(formatDuration(7_400), '0:07');
  t.equal(formatDuration(245_000), '4:05');
  t.equal(formatDuration(3_723_000), '1:02:03');
  t.equal(formatDuration(-5_000), '0:00', 'a clock skew never shows a negative time');
});

t.test('caller numbers: withheld and empty numbers are null', async (t) => {
  t.equal(displayNumber('+4930123'), '+4930123');
  t.equal(displayNumber(' 600 '), '600');
  t.equal(displayNumber('anonymous'), null);
  t.equal(displayNumber(''), null);
  t.equal(displayNumber(null), null);
});

t.test('times of day tolerate missing and invalid values', async (t) => {
  t.equal(formatClock(null, 'en-GB'), '—');
  t.equal(formatClock('not a date', 'en-GB'), '—');
  t.match(formatClock('2026-03-02T14:05:00', 'en-GB'), /14:05/);
});

t.test('call length needs both ends', async (t) => {
  t.equal(callLength('2026-03-02T10:00:00Z', '2026-03-02T10:03:30Z'), 210_000);
  t.equal(callLength(null, '2026-03-02T10:03:30Z'), null);
  t.equal(callLength('2026-03-02T10:05:00Z', '2026-03-02T10:03:30Z'), null);
});

t.test('the shift starts at midnight, or 12 hours ago for a night shift', async (t) => {
  const afternoon = new Date(2026, 2, 2, 15, 0, 0);
  t.equal(shiftStart(afternoon).getTime(), new Date(2026, 2, 2, 0, 0, 0).getTime());
  const earlyMorning = new Date(2026, 2, 2, 2, 0, 0);
  t.equal(shiftStart(earlyMorning).getTime(), earlyMorning.getTime() - 12 * 3600 * 1000);
});

t.test('countdowns and backoff', async (t) => {
  t.equal(secondsLeft(1_000, 30, 1_000), 30);
  t.equal(secondsLeft(1_000, 30, 20_500), 11, '10.5 s left shows as 11');
  t.equal(secondsLeft(1_000, 30, 99_000), 0);
  t.equal(
    backoffDelay(0, () => 0),
    500,
  );
  t.equal(
    backoffDelay(3, () => 0),
    4_000,
  );
  t.equal(
    backoffDelay(20, () => 0),
    30_000,
    'capped at 30 s',
  );
  t.equal(
    backoffDelay(20, () => 1),
    22_500,
    'jitter takes off at most a quarter',
  );
});

t.test('wrap-up seconds come from the call queue, else the longest of the agent queues', async (t) => {
  t.equal(wrapUpSecondsFor('support', { support: 20, sales: 45 }), 20);
  t.equal(wrapUpSecondsFor('gone', { support: 20, sales: 45 }), 45);
  t.equal(wrapUpSecondsFor(null, {}), 0);
  t.equal(wrapUpSecondsFor('support', undefined), 0);
});

t.test('one colour meaning per state', async (t) => {
  t.equal(toneOf('available'), 'ok');
  t.equal(toneOf('on-call'), 'busy');
  t.equal(toneOf('ringing'), 'busy');
  t.equal(toneOf('wrap-up'), 'wait');
  t.equal(toneOf('paused'), 'wait');
  t.equal(toneOf('logged-out'), 'off');
  t.equal(toneOf('something-new'), 'bad');
});
