import t from 'tap';
import { runFlow } from '../../cti/ivr/flow/interpreter.js';
import type { FlowPort } from '../../cti/ivr/flow/port.js';
import { flowFrom } from './fixtures/helpers.js';

/**
 * Pins down exactly which port calls the interpreter makes, in which order and with which options:
 * this is what an ARI port must implement, and what the simulator imitates.
 */

type Answer = unknown;

/** A port that logs every call and answers from a queue of canned replies per method. */
function recordingPort(answers: Partial<Record<keyof FlowPort, Answer[]>>) {
  const calls: [string, ...unknown[]][] = [];
  const next = (method: keyof FlowPort, fallback: Answer) => {
    const list = answers[method];
    const value = list && list.length > 0 ? list.shift() : fallback;
    if (value instanceof Error) throw value;
    return value;
  };
  const port: FlowPort = {
    now: () => new Date('2025-06-02T08:00:00Z'),
    play: async (prompts, opts) => {
      calls.push(['play', prompts, opts]);
      return next('play', {}) as never;
    },
    readDigits: async (opts) => {
      calls.push(['readDigits', opts]);
      return next('readDigits', { digits: '', ended: 'timeout' }) as never;
    },
    httpRequest: async (req) => {
      calls.push(['httpRequest', req]);
      return next('httpRequest', { error: 'none' }) as never;
    },
    queue: async (req) => void calls.push(['queue', req]),
    transfer: async (req) => void calls.push(['transfer', req]),
    voicemail: async (req) => void calls.push(['voicemail', req]),
    hangup: async () => void calls.push(['hangup']),
  };
  return { port, calls };
}

const flow = flowFrom(`
name: Contract
start: welcome
nodes:
  welcome: { type: play, prompts: [{ sound: hello }], next: main }
  main:
    type: menu
    prompts: [{ sound: basic-pbx-ivr-main }]
    options: { "1": account, "2": sales }
    timeoutSeconds: 4
    onFailure: bye
  account:
    type: collect
    prompts: [{ sound: vm-enter-num-to-call }]
    variable: account
    maxDigits: 8
    interDigitTimeoutSeconds: 2.5
    next: sales
    onFailure: bye
  sales: { type: queue, queue: sales, skills: [english], prompts: [{ sound: pls-hold-while-try }] }
  bye: { type: hangup, prompts: [{ sound: goodbye }] }
`);
const start = { callerNumber: '+4930123', dialedNumber: '100' };
const sound = (name: string) => [{ kind: 'sound', name }];

t.test('a barge-in key settles a menu; the rest of a collect is read with it as initial', async (t) => {
  const { port, calls } = recordingPort({
    play: [{}, { digit: '1' }, { digit: '4' }, {}],
    readDigits: [{ digits: '4711', ended: 'terminator' }],
  });
  const out = await runFlow(flow, port, start);
  t.same(calls, [
    ['play', sound('hello'), { bargeIn: false }],
    ['play', sound('basic-pbx-ivr-main'), { bargeIn: true }],
    ['play', sound('vm-enter-num-to-call'), { bargeIn: true }],
    [
      'readDigits',
      { max: 8, firstTimeoutMs: 5000, interDigitTimeoutMs: 2500, terminator: '#', initial: '4' },
    ],
    ['play', sound('pls-hold-while-try'), { bargeIn: false }],
    [
      'queue',
      {
        queue: 'sales',
        skills: ['english'],
        priority: 0,
        variables: { caller_number: '+4930123', dialed_number: '100', account: '4711' },
      },
    ],
  ]);
  t.match(out.exit, { kind: 'queue', queue: 'sales' });
});

t.test(
  'no key during the menu prompt: one readDigits for a single key, first and inter-digit timeout alike',
  async (t) => {
    const { port, calls } = recordingPort({ readDigits: [{ digits: '2', ended: 'max' }] });
    await runFlow(flow, port, start);
    t.same(calls[2], ['readDigits', { max: 1, firstTimeoutMs: 4000, interDigitTimeoutMs: 4000 }]);
  },
);

t.test('the terminator pressed during the collect prompt needs no readDigits', async (t) => {
  const { port, calls } = recordingPort({
    play: [{}, { digit: '1' }, { digit: '#' }, { digit: '#' }, { digit: '#' }],
  });
  const out = await runFlow(flow, port, start);
  t.equal(calls.filter((c) => c[0] === 'readDigits').length, 0);
  t.same(
    out.path.map((s) => s.outcome),
    ['played', 'option 1', 'invalid', 'invalid', 'invalid, giving up', 'hung up'],
  );
  t.same(calls.at(-1), ['hangup']);
});

t.test('a hangup stops the flow at once; no further port calls', async (t) => {
  const { port, calls } = recordingPort({ play: [{}, 'hangup'] });
  const out = await runFlow(flow, port, start);
  t.same(out.exit, { kind: 'caller-hung-up', node: 'main' });
  t.equal(calls.length, 2);
});

t.test('keys outside 0-9*# from a port are ignored', async (t) => {
  const { port } = recordingPort({
    play: [{}, { digit: 'A' }, {}],
    readDigits: [
      { digits: '1', ended: 'max' },
      { digits: '12x34;5', ended: 'timeout' },
    ],
  });
  const out = await runFlow(flow, port, start);
  t.equal(out.variables.account, '12345');
});

t.test('a port that throws ends the flow with an error exit naming the node', async (t) => {
  const { port } = recordingPort({ play: [{}, new Error('channel gone')] });
  const out = await runFlow(flow, port, start);
  t.same(out.exit, { kind: 'error', node: 'main', message: 'node "main" failed: channel gone' });
  t.equal(out.path.at(-1)?.outcome, 'error');
});

t.test('start variables and flow defaults; built-ins always win', async (t) => {
  const withDefaults = { ...flow, variables: { language: 'en', caller_number: 'x' } };
  const { port } = recordingPort({ play: [{}, 'hangup'] });
  const out = await runFlow(withDefaults, port, {
    ...start,
    variables: { language: 'de', did_label: 'hotline' },
  });
  t.same(out.variables, {
    language: 'de',
    caller_number: '+4930123',
    did_label: 'hotline',
    dialed_number: '100',
  });
});
