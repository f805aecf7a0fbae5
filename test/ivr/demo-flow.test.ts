import t from 'tap';
import { formatIssue } from '../../cti/ivr/flow/issues.js';
import { checkFlowText } from '../../cti/ivr/flow/load.js';
import { simulateFlow } from '../../cti/ivr/flow/simulator.js';
import type { FlowDocument } from '../../cti/ivr/flow/types.js';
import { readDemoFlow, serverContext, stockSounds } from './fixtures/helpers.js';

const { text, source } = readDemoFlow();
const checked = checkFlowText(text, serverContext(source));

t.test('the demo flow validates clean against the stock Debian sounds', async (t) => {
  t.comment(`sounds from ${stockSounds().from}`);
  t.same(checked.errors.map(formatIssue), [], 'no errors');
  t.same(checked.warnings.map(formatIssue), [], 'no warnings');
  t.ok(checked.ok);
});

const flow = checked.flow as FlowDocument;
const caller = { callerNumber: '+4930123456', dialedNumber: '+4930999000' };
/** Monday 2 June 2025, 10:00 in Berlin (summer time, UTC+2). */
const mondayMorning = '2025-06-02T08:00:00Z';

t.test('open: 1 goes to the sales queue', async (t) => {
  const out = await simulateFlow(flow, { ...caller, at: mondayMorning, digits: ['1'] });
  t.same(
    out.path.map((s) => [s.node, s.outcome]),
    [
      ['office-hours', 'open'],
      ['main-menu', 'option 1'],
      ['sales', 'queued'],
    ],
  );
  t.match(out.exit, { kind: 'queue', queue: 'sales', skills: [], priority: 0 });
});

t.test('open: a timeout, a wrong key, the opening hours, then support', async (t) => {
  const out = await simulateFlow(flow, { ...caller, at: mondayMorning, digits: ['', '7', '3', '2'] });
  t.same(
    out.path.map((s) => [s.node, s.outcome]),
    [
      ['office-hours', 'open'],
      ['main-menu', 'timeout'],
      ['main-menu', 'invalid'],
      ['main-menu', 'option 3'],
      ['opening-hours', 'played'],
      ['main-menu', 'option 2'],
      ['support', 'queued'],
    ],
  );
  t.same(
    out.path[2]?.prompts?.map((p) => (p.kind === 'sound' ? p.name : p.kind)),
    ['vm-sorry', 'basic-pbx-ivr-main'],
    'after a timeout the caller hears the timeout prompt, then the menu',
  );
  t.same(
    out.path[3]?.prompts?.map((p) => (p.kind === 'sound' ? p.name : p.kind)),
    ['pm-invalid-option', 'basic-pbx-ivr-main'],
    'after a wrong key the invalid prompt, then the menu',
  );
  t.match(out.exit, { kind: 'queue', queue: 'support', skills: ['english'], priority: 5 });
});

t.test('three attempts without a key: goodbye', async (t) => {
  const out = await simulateFlow(flow, { ...caller, at: mondayMorning, digits: ['', '', ''] });
  t.same(
    out.path.map((s) => s.outcome),
    ['open', 'timeout', 'timeout', 'timeout, giving up', 'hung up'],
  );
  t.match(out.exit, { kind: 'hangup', node: 'goodbye' });
});

t.test('Saturday afternoon is closed', async (t) => {
  const out = await simulateFlow(flow, { ...caller, at: '2025-06-07T12:30:00Z', digits: ['1'] });
  t.same(
    out.path.map((s) => [s.node, s.outcome]),
    [
      ['office-hours', 'closed'],
      ['closed', 'played'],
      ['goodbye', 'hung up'],
    ],
  );
  t.same(out.unusedDigits, ['1'], 'nobody asked for a key');
});

t.test('Christmas and Good Friday 2026 are holidays, on a weekday morning', async (t) => {
  for (const at of ['2025-12-25T09:00:00Z', '2026-04-03T08:00:00Z']) {
    const out = await simulateFlow(flow, { ...caller, at, digits: [] });
    t.equal(out.path[0]?.outcome, 'holiday', at);
    t.equal(out.path[1]?.node, 'closed', 'holidays without their own target go to closed');
  }
});
