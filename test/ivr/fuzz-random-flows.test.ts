import fc from 'fast-check';
import t from 'tap';
import { DEFAULT_MAX_STEPS } from '../../cti/ivr/flow/interpreter.js';
import { simulateFlow } from '../../cti/ivr/flow/simulator.js';
import { validateFlow } from '../../cti/ivr/flow/validate.js';

/**
 * Random flows over every node type, wired at random. Whatever validates must, for any digit
 * script, leave the flow within the step limit — validation's loop and dead-end rules are what
 * make that true — and never end in an interpreter error (only an undialable transfer may).
 */

const prompt = fc.constantFrom(
  [{ sound: 'hello' }],
  [{ say: `Hi \${caller_number}` }],
  [{ digits: `\${v}` }],
);

function nodeFor(ids: string[]) {
  const id = fc.constantFrom(...ids);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc.oneof(
    fc.record({ type: fc.constant('play'), prompts: prompt, next: maybe(id) }),
    fc.record({
      type: fc.constant('menu'),
      prompts: prompt,
      options: fc.dictionary(fc.constantFrom('0', '1', '2', '*', '#'), id, { minKeys: 1, maxKeys: 3 }),
      maxAttempts: fc.integer({ min: 1, max: 3 }),
      onFailure: maybe(id),
    }),
    fc.record({
      type: fc.constant('collect'),
      prompts: prompt,
      variable: fc.constant('v'),
      minDigits: fc.integer({ min: 0, max: 3 }),
      maxDigits: fc.integer({ min: 1, max: 5 }),
      terminator: fc.constantFrom('#', '*', 'none'),
      pattern: fc.constantFrom('[0-9]*', '1.*', '[0-9*#]*'),
      maxAttempts: fc.integer({ min: 1, max: 3 }),
      next: maybe(id),
      onFailure: maybe(id),
    }),
    fc.record({
      type: fc.constant('branch'),
      conditions: fc.array(
        fc.record({
          variable: fc.constantFrom('caller_number', 'v'),
          startsWith: fc.constantFrom('1', '+49'),
          next: id,
        }),
        { minLength: 1, maxLength: 2 },
      ),
      otherwise: maybe(id),
    }),
    fc.record({
      type: fc.constant('time'),
      timezone: fc.constantFrom('Europe/Berlin', 'Asia/Shanghai'),
      hours: fc.constant([{ days: ['mon', 'tue', 'wed'], from: '08:00', to: '17:00' }]),
      holidays: fc.constant(['12-25']),
      open: maybe(id),
      closed: maybe(id),
    }),
    fc.record({
      type: fc.constant('set'),
      variables: fc.constant({ v: `1\${caller_number}` }),
      next: maybe(id),
    }),
    fc.record({
      type: fc.constant('http'),
      url: fc.constant(`https://crm.example.com/lookup?n=\${caller_number}`),
      results: fc.constant({ v: 'ext' }),
      next: maybe(id),
      onError: maybe(id),
    }),
    fc.record({ type: fc.constant('queue'), queue: fc.constant('sales') }),
    fc.record({
      type: fc.constant('transfer'),
      to: fc.constantFrom('201', `\${v}`),
      route: fc.constant('internal'),
      onError: maybe(id),
    }),
    fc.record({ type: fc.constant('voicemail'), mailbox: fc.constant('100') }),
    fc.record({ type: fc.constant('hangup') }),
  );
}

const randomFlow = fc.integer({ min: 1, max: 8 }).chain((count) => {
  const ids = Array.from({ length: count }, (_, i) => `n${i}`);
  return fc.record({
    name: fc.constant('random'),
    start: fc.constantFrom(...ids),
    variables: fc.constant({ v: '' }),
    nodes: fc
      .tuple(...ids.map(() => nodeFor(ids)))
      .map((nodes) => Object.fromEntries(ids.map((id, i) => [id, nodes[i]]))),
  });
});

/** fast-check's option() gives explicit undefined fields; a JSON body would not have them. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

let ran = 0;

t.test('valid random flows always leave the flow within the step limit', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      randomFlow.map(asJson),
      fc.array(fc.stringMatching(/^[0-9*#]{0,6}$/), { maxLength: 15 }),
      fc.constantFrom('+4930123', '1555', ''),
      fc.dictionary(
        fc.constant('https://crm.example.com/lookup'),
        fc.constant({ status: 200, body: { ext: '7&x' } }),
      ),
      async (doc, digits, callerNumber, httpStubs) => {
        const checked = validateFlow(doc, { source: 'random', httpAllowList: ['crm.example.com'] });
        if (!checked.ok || !checked.flow) return true;
        ran++;
        const out = await simulateFlow(checked.flow, {
          callerNumber,
          dialedNumber: '100',
          at: '2025-06-02T08:00:00Z',
          digits,
          httpStubs,
        });
        if (out.path.length > DEFAULT_MAX_STEPS) return false;
        return out.exit.kind !== 'error' || /^transfer target /.test(out.exit.message);
      },
    ),
    { numRuns: 1500 },
  );
  t.ok(ran > 100, `${ran} valid random flows were run`);
});
