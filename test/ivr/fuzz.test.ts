import fc from 'fast-check';
import t from 'tap';
import { DEFAULT_MAX_STEPS } from '../../cti/ivr/flow/interpreter.js';
import { type FlowIssue, formatIssue } from '../../cti/ivr/flow/issues.js';
import { parseFlowText } from '../../cti/ivr/flow/parse.js';
import { simulateFlow } from '../../cti/ivr/flow/simulator.js';
import { validateFlow } from '../../cti/ivr/flow/validate.js';
import { readDemoFlow, serverContext } from './fixtures/helpers.js';

/** validateFlow is fed straight from HTTP bodies: whatever arrives, it answers with located issues. */

const ctx = serverContext('fuzz');

function wellFormed(issues: FlowIssue[]): boolean {
  return issues.every(
    (i) =>
      i.source === 'fuzz' &&
      typeof i.path === 'string' &&
      (i.path === '' || i.path.startsWith('/')) &&
      typeof i.message === 'string' &&
      i.message.length > 0 &&
      !formatIssue(i).includes('\n'),
  );
}

function checkedWithoutThrowing(doc: unknown): boolean {
  const result = validateFlow(doc, ctx);
  return (
    result.ok === (result.errors.length === 0) &&
    wellFormed(result.errors) &&
    wellFormed(result.warnings) &&
    (result.ok || result.errors.length > 0)
  );
}

t.test('arbitrary values never throw and always come back as located issues', async (t) => {
  fc.assert(fc.property(fc.anything({ maxDepth: 4 }), checkedWithoutThrowing), { numRuns: 500 });
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), checkedWithoutThrowing), { numRuns: 500 });
  t.pass('500 + 500 random documents');
});

const demo = (() => {
  const parsed = parseFlowText(readDemoFlow().text, 'demo');
  if (!parsed.ok) throw new Error('demo flow does not parse');
  return parsed.doc as Record<string, unknown>;
})();

/** Every JSON-pointer-like path into a value, as key lists. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}
const demoPaths = pathsOf(demo).filter((p) => p.length > 0);

function mutate(
  doc: unknown,
  path: string[],
  change: { kind: 'set'; value: unknown } | { kind: 'delete' },
): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let here: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) here = here[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (change.kind === 'delete') {
    if (Array.isArray(here)) here.splice(Number(last), 1);
    else delete here[last];
  } else here[last] = change.value;
  return copy;
}

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    'sales',
    'main-menu',
    'nowhere',
    '12',
    '#',
    '25:00',
    `\${caller_number}`,
    `\${x`,
    'Mars/Base',
  ),
  fc.constantFrom('500&PJSIP/trunk/1', 'https://evil.example/', -1, 0, 1e9, null, true, [], {}),
);
const change = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), value: interesting }),
  fc.constant({ kind: 'delete' as const }),
);

const digitScript = fc.array(fc.stringMatching(/^[0-9*#]{0,5}$/), { maxLength: 12 });
const when = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2027-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const callerNumber = fc.constantFrom('+4930123456', '', '0049', '+8610555');

let validMutants = 0;

t.test('mutated demo flows never throw; the valid ones always reach an exit in the simulator', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom(...demoPaths), change), { minLength: 1, maxLength: 3 }),
      digitScript,
      when,
      callerNumber,
      async (mutations, digits, at, caller) => {
        let doc: unknown = demo;
        for (const [path, c] of mutations) {
          try {
            doc = mutate(doc, path, c);
          } catch {
            // an earlier mutation removed the parent: skip this one
          }
        }
        if (!checkedWithoutThrowing(doc)) return false;
        const result = validateFlow(doc, ctx);
        if (!result.ok || !result.flow) return true;
        validMutants++;
        const out = await simulateFlow(result.flow, {
          callerNumber: caller,
          dialedNumber: '100',
          at,
          digits,
        });
        return out.path.length <= DEFAULT_MAX_STEPS && out.exit.kind !== 'error';
      },
    ),
    { numRuns: 400 },
  );
  t.ok(validMutants > 20, `${validMutants} mutants were still valid and were run`);
});
