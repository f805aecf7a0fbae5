import t from 'tap';
import { classifyOutcome, ivrPathView } from '../../web-softphone/src/lib/ivr-model.js';

const pop = {
  flowId: 3,
  flowName: 'main',
  flowVersion: 7,
  steps: [
    { node: 'menu', outcome: 'option 2', digits: '2' },
    { node: 'account', outcome: 'collected', digits: '4711' },
    { node: 'support', outcome: 'queued' },
  ],
  variables: { account: '4711', caller_number: '+4930123', dialed_number: '600', accountType: 'gold' },
};

t.test('the README example becomes numbered steps with keys and collected values', async (t) => {
  const view = ivrPathView(pop)!;
  t.equal(view.flowLabel, 'main v7');
  t.same(
    view.steps.map((s) => [s.number, s.node, s.kind, s.digits, s.last]),
    [
      [1, 'menu', 'key', '2', false],
      [2, 'account', 'input', '4711', false],
      [3, 'support', 'exit', null, true],
    ],
  );
  t.equal(view.keysPressed, '2 · 4711');
  t.same(
    view.variables,
    [
      { name: 'account', value: '4711' },
      { name: 'accountType', value: 'gold' },
    ],
    'caller and dialled numbers are left out (the pop shows them), the rest sorted by name',
  );
});

t.test('no IVR, unnamed flows, no keys', async (t) => {
  t.equal(ivrPathView(null), null);
  const view = ivrPathView({
    flowId: 9,
    flowName: null,
    flowVersion: null,
    steps: [{ node: 'q', outcome: 'queued', digits: '' }],
    variables: {},
  })!;
  t.equal(view.flowLabel, '#9');
  t.equal(view.keysPressed, null);
  t.equal(view.steps[0]?.digits, null, 'an empty digits string is no digits');
  t.same(view.variables, []);
});

t.test('outcomes are classified for their marker', async (t) => {
  t.equal(classifyOutcome('option 1'), 'key');
  t.equal(classifyOutcome('timeout'), 'timeout');
  t.equal(classifyOutcome('no input'), 'timeout');
  t.equal(classifyOutcome('invalid key'), 'invalid');
  t.equal(classifyOutcome('collected'), 'input');
  t.equal(classifyOutcome('overflow to flow night: queue full'), 'exit');
  t.equal(classifyOutcome('interrupted by a daemon restart'), 'other');
});
