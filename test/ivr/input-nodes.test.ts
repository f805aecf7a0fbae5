import t from 'tap';
import { SimulationInputError, simulateFlow } from '../../cti/ivr/flow/simulator.js';
import { flowFrom } from './fixtures/helpers.js';

const call = { callerNumber: '+4930123456', dialedNumber: '100', at: '2025-06-02T08:00:00Z' };

const menu = flowFrom(`
name: Menu
start: main
nodes:
  main:
    type: menu
    prompts: [{ sound: basic-pbx-ivr-main }]
    options: { "1": one, "2": two, "*": star }
    maxAttempts: 3
    timeoutPrompts: [{ sound: vm-sorry }]
    invalidPrompts: [{ sound: pm-invalid-option }]
    onFailure: failed
  one: { type: hangup }
  two: { type: hangup }
  star: { type: hangup }
  failed: { type: hangup, prompts: [{ sound: goodbye }] }
`);

t.test('menu: timeout, then invalid, then a valid key', async (t) => {
  const out = await simulateFlow(menu, { ...call, digits: ['', '5', '2'] });
  t.same(
    out.path.map((s) => ({ node: s.node, outcome: s.outcome, digits: s.digits, next: s.next })),
    [
      { node: 'main', outcome: 'timeout', digits: undefined, next: undefined },
      { node: 'main', outcome: 'invalid', digits: '5', next: undefined },
      { node: 'main', outcome: 'option 2', digits: '2', next: 'two' },
      { node: 'two', outcome: 'hung up', digits: undefined, next: undefined },
    ],
  );
  t.same(
    out.path[0]?.prompts,
    [{ kind: 'sound', name: 'basic-pbx-ivr-main' }],
    'first attempt: just the menu',
  );
  t.same(
    out.path[1]?.prompts,
    [
      { kind: 'sound', name: 'vm-sorry' },
      { kind: 'sound', name: 'basic-pbx-ivr-main' },
    ],
    'after the timeout: the timeout prompt, then the menu',
  );
  t.same(out.path[2]?.prompts?.[0], { kind: 'sound', name: 'pm-invalid-option' }, 'after the invalid key');
  t.match(out.exit, { kind: 'hangup', node: 'two' });
});

t.test('menu: * is a key like any other', async (t) => {
  const out = await simulateFlow(menu, { ...call, digits: ['*'] });
  t.equal(out.path[0]?.outcome, 'option *');
});

t.test('menu: the last failed attempt goes to onFailure without another retry prompt', async (t) => {
  const out = await simulateFlow(menu, { ...call, digits: ['9', '', '#'] });
  t.same(
    out.path.map((s) => s.outcome),
    ['invalid', 'timeout', 'invalid, giving up', 'hung up'],
  );
  t.equal(out.path[2]?.next, 'failed');
  t.equal(out.path[2]?.note, '3 of 3 attempts failed');
});

t.test('menu: a second key in the same entry is dropped and reported', async (t) => {
  const out = await simulateFlow(menu, { ...call, digits: ['12'] });
  t.equal(out.path[0]?.outcome, 'option 1');
  t.match(out.notes, [/keys "2" of digits\[0\] were not needed/]);
});

t.test('menu: the caller hangs up when the script runs out', async (t) => {
  const out = await simulateFlow(menu, { ...call, digits: [''] });
  t.same(
    out.path.map((s) => s.outcome),
    ['timeout', 'caller hung up'],
  );
  t.same(out.exit, { kind: 'caller-hung-up', node: 'main' });
});

const account = flowFrom(`
name: Collect
start: account
nodes:
  account:
    type: collect
    prompts: [{ sound: vm-enter-num-to-call }]
    variable: account
    minDigits: 4
    maxDigits: 8
    pattern: "[1-9][0-9]*"
    invalidPrompts: [{ sound: vm-sorry }]
    timeoutPrompts: [{ sound: please-try-again }]
    maxAttempts: 4
    next: readback
    onFailure: bye
  readback:
    type: hangup
    prompts: [{ sound: you-entered }, { digits: "\${account}" }]
  bye: { type: hangup }
`);

t.test('collect: the terminator ends input and is not stored', async (t) => {
  const out = await simulateFlow(account, { ...call, digits: ['12345#'] });
  t.match(out.path[0], {
    outcome: 'collected',
    digits: '12345',
    variable: 'account',
    value: '12345',
    next: 'readback',
  });
  t.equal(out.variables.account, '12345');
  t.same(out.path[1]?.prompts, [
    { kind: 'sound', name: 'you-entered' },
    { kind: 'digits', digits: '12345' },
  ]);
});

t.test('collect: input ends at maxDigits; keys after that are dropped', async (t) => {
  const out = await simulateFlow(account, { ...call, digits: ['1234567890'] });
  t.equal(out.variables.account, '12345678');
  t.match(out.notes, [/keys "90"/]);
});

t.test('collect: without a terminator, a pause ends input', async (t) => {
  const out = await simulateFlow(account, { ...call, digits: ['98765'] });
  t.equal(out.path[0]?.outcome, 'collected');
  t.equal(out.variables.account, '98765');
});

t.test('collect: too short, not matching, nothing, then good', async (t) => {
  const out = await simulateFlow(account, { ...call, digits: ['12#', '0123#', '', '4444'] });
  t.same(
    out.path.slice(0, 4).map((s) => [s.outcome, s.note ?? '']),
    [
      ['invalid', 'fewer than 4 digits'],
      ['invalid', 'does not match [1-9][0-9]*'],
      ['timeout', ''],
      ['collected', ''],
    ],
  );
  t.equal(out.path[1]?.prompts?.[0]?.kind === 'sound' && out.path[1].prompts[0].name, 'vm-sorry');
  t.equal(out.path[3]?.prompts?.[0]?.kind === 'sound' && out.path[3].prompts[0].name, 'please-try-again');
});

t.test('collect: # alone is empty input; too short here', async (t) => {
  const out = await simulateFlow(account, { ...call, digits: ['#', '#', '#', '#'] });
  t.same(
    out.path.map((s) => s.outcome),
    ['invalid', 'invalid', 'invalid', 'invalid, giving up', 'hung up'],
  );
  t.equal(out.exit.node, 'bye');
});

t.test('collect: minDigits 0 accepts an empty answer ended by the terminator', async (t) => {
  const optional = flowFrom(`
name: Optional
start: ext
nodes:
  ext:
    type: collect
    prompts: [{ sound: extension }]
    variable: ext
    minDigits: 0
    maxDigits: 4
    terminator: "*"
    next: bye
    onFailure: bye
  bye: { type: hangup }
`);
  const out = await simulateFlow(optional, { ...call, digits: ['*'] });
  t.match(out.path[0], { outcome: 'collected', value: '' });
  const typed = await simulateFlow(optional, { ...call, digits: ['12*'] });
  t.equal(typed.variables.ext, '12');
});

t.test('the simulator refuses scripts a phone cannot produce, and bad times', async (t) => {
  await t.rejects(simulateFlow(menu, { ...call, digits: ['1', 'A'] }), SimulationInputError);
  await t.rejects(simulateFlow(menu, { ...call, digits: ['1'], at: 'yesterday' }), /not a valid time/);
});
