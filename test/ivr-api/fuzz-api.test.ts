import fc from 'fast-check';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { DEMO_SOURCE, ivrHarness } from './fixtures/ivr.js';

/**
 * Arbitrary bodies at the flow routes that take them: the answer is always 2xx or 4xx, never
 * 500, and a 4xx leaves every IVR table (and the audit log) exactly as it was.
 */

const DEMO_LINES = DEMO_SOURCE.split('\n');
const DEMO_DOC = parseYaml(DEMO_SOURCE) as Record<string, unknown>;

/** The demo flow with a few lines dropped, duplicated or garbled: text that is nearly right. */
const nearlyDemoYaml = fc
  .array(
    fc.record({
      line: fc.nat({ max: DEMO_LINES.length - 1 }),
      edit: fc.constantFrom('drop', 'dup', 'garble', 'indent'),
      junk: fc.string({ maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    const lines = [...DEMO_LINES];
    for (const { line, edit, junk } of edits) {
      const text = lines[line] ?? '';
      if (edit === 'drop') lines.splice(line, 1);
      else if (edit === 'dup') lines.splice(line, 0, text);
      else if (edit === 'garble') lines[line] = `${text.slice(0, text.length / 2)}${junk}`;
      else lines[line] = ` ${text}`;
    }
    return lines.join('\n');
  });

/** The demo document as JSON with one value replaced by anything. */
const nearlyDemoJson = fc
  .record({
    node: fc.constantFrom(...Object.keys(DEMO_DOC.nodes as object)),
    field: fc.constantFrom('type', 'prompts', 'next', 'options', 'queue', 'timeoutSeconds', 'open', 'hours'),
    value: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ node, field, value }) => {
    const doc = structuredClone(DEMO_DOC) as { nodes: Record<string, Record<string, unknown>> };
    const target = doc.nodes[node];
    if (target) target[field] = value;
    return JSON.stringify(doc);
  });

const flowText = fc.oneof(
  fc.string({ maxLength: 200 }),
  nearlyDemoYaml,
  nearlyDemoJson,
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constant(DEMO_SOURCE.replace('name: Main line (demo)', 'name: Fuzzed')),
);

/** Usually `present`, sometimes absent, now and then anything at all. */
const mostly = <T>(present: fc.Arbitrary<T>, absentWeight = 1) =>
  fc.oneof(
    { weight: 6, arbitrary: present as fc.Arbitrary<unknown> },
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  );

/** Drop undefined fields, as a JSON body would. */
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const flowBody = fc
  .record({
    source: mostly(flowText),
    name: mostly(fc.string({ maxLength: 120 }), 6),
    description: mostly(fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null)), 6),
    format: mostly(fc.constantFrom('yaml', 'json', 'xml'), 12),
    extra: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, fc.jsonValue({ maxDepth: 1 })),
  })
  .map(defined);

const isoTime = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const simulateBody = fc
  .record({
    callerNumber: mostly(fc.string({ maxLength: 20 })),
    dialedNumber: mostly(fc.string({ maxLength: 20 }), 6),
    at: mostly(fc.oneof({ weight: 4, arbitrary: isoTime }, fc.string({ maxLength: 30 }))),
    digits: mostly(
      fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.stringMatching(/^[0-9*#]{0,3}$/), { maxLength: 8 }) },
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 }),
      ),
    ),
    version: mostly(fc.oneof(fc.constantFrom('draft', 'live', 1, 2, 0, -1), fc.integer()), 6),
    httpStubs: mostly(
      fc.dictionary(
        fc.string({ maxLength: 20 }),
        fc.oneof(
          fc.record({ status: fc.integer({ min: 100, max: 599 }), body: fc.jsonValue({ maxDepth: 2 }) }),
          fc.record({ error: fc.string({ maxLength: 10 }) }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        { maxKeys: 3 },
      ),
      6,
    ),
  })
  .map(defined);

type Payload = { kind: 'json'; body: unknown } | { kind: 'raw'; type: string; text: string };

/** Mostly bodies shaped for the route, sometimes any JSON, sometimes not JSON at all. */
const payloadLike = (shaped: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Payload> =>
  fc.oneof(
    { weight: 6, arbitrary: shaped.map((body) => ({ kind: 'json' as const, body })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((body) => ({ kind: 'json' as const, body })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          type: fc.constantFrom(
            'application/json',
            'text/plain',
            'text/yaml',
            'application/x-www-form-urlencoded',
          ),
          text: fc.oneof(fc.string({ maxLength: 100 }), nearlyDemoYaml),
        })
        .map((r) => ({ kind: 'raw' as const, ...r })),
    },
  );

const request = fc.oneof(
  fc.tuple(
    fc.constantFrom('POST /api/flows', 'PUT /api/flows/:id', 'POST /api/flows/:id/validate'),
    payloadLike(flowBody),
  ),
  fc.tuple(fc.constant('POST /api/flows/:id/simulate'), payloadLike(simulateBody)),
);

t.test('arbitrary bodies never give 500, and a refusal changes nothing', async (t) => {
  const h = await ivrHarness(t);
  const demo = await h.createFlow(DEMO_SOURCE);
  await h.publish(demo.id);
  const statuses = new Map<number, number>();

  await fc.assert(
    fc.asyncProperty(request, async ([route, body]) => {
      const [method, path] = route.split(' ') as [string, string];
      const before = h.snapshot();
      const res = await h.app.inject({
        method: method as 'POST',
        url: path.replace(':id', String(demo.id)),
        headers: {
          ...h.admin,
          'content-type': body.kind === 'json' ? 'application/json' : body.type,
        },
        payload: body.kind === 'json' ? JSON.stringify(body.body) : body.text,
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500 || res.statusCode < 200) {
        throw new Error(`${route} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      }
      if (res.statusCode >= 400) {
        const answer = res.json();
        if (typeof answer.error !== 'string' || typeof answer.message !== 'string') {
          throw new Error(`${route} answered ${res.statusCode} without error and message: ${res.body}`);
        }
        t.same(h.snapshot(), before, `${route} ${res.statusCode} changed nothing`);
      }
    }),
    { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20250602) },
  );
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.ok((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) > 0, 'some requests were accepted');
  t.ok((statuses.get(400) ?? 0) > 0, 'some were refused');
});
