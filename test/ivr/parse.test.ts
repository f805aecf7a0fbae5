import t from 'tap';
import { formatIssue, readablePath } from '../../cti/ivr/flow/issues.js';
import { checkFlowText } from '../../cti/ivr/flow/load.js';
import { parseFlowText } from '../../cti/ivr/flow/parse.js';
import { validateFlow } from '../../cti/ivr/flow/validate.js';

t.test('YAML and JSON parse to the same document', async (t) => {
  const yaml = parseFlowText('name: A\nstart: bye\nnodes:\n  bye: { type: hangup }\n', 'a.yaml');
  const json = parseFlowText('{"name":"A","start":"bye","nodes":{"bye":{"type":"hangup"}}}', 'a.json');
  t.ok(yaml.ok && json.ok);
  if (yaml.ok && json.ok) t.same(yaml.doc, json.doc);
});

t.test('syntax errors name the source and the line', async (t) => {
  const result = parseFlowText('name: A\nstart: bye\nnodes:\n  bye: { type: hangup\n', 'ivr-flows/a.yaml');
  t.equal(result.ok, false);
  if (!result.ok) t.match(formatIssue(result.errors[0] as never), /^ivr-flows\/a\.yaml: line \d+: /);
  const json = parseFlowText('{"name": "A",\n "start": "x",}', 'a.json');
  t.equal(json.ok, false);
  if (!json.ok) t.match(formatIssue(json.errors[0] as never), /^a\.json: line 2: is not valid JSON: /);
  const lenient = parseFlowText('{"name": "A",\n "start": }', 'a.json');
  t.match(lenient, { ok: false, errors: [{ message: /is not valid JSON/ }] }, 'YAML would read this as null');
});

t.test('empty text, non-text and alias bombs are refused without throwing', async (t) => {
  t.match(parseFlowText('', 'x'), { ok: false, errors: [{ message: 'is empty' }] });
  t.match(parseFlowText(42 as never, 'x'), { ok: false });
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  t.match(parseFlowText(bomb.join('\n'), 'bomb.yaml'), { ok: false });
});

t.test('issues found after parsing carry the line of the offending value', async (t) => {
  const text = [
    'name: A',
    'start: main',
    'nodes:',
    '  main:',
    '    type: menu',
    '    prompts: [{ sound: hello }]',
    '    options:',
    '      1: bye',
    '      9: sales2',
    '    onFailure: bye',
    '  bye: { type: hangup }',
    '',
  ].join('\n');
  const result = checkFlowText(text, { source: 'ivr-flows/main.yaml' });
  t.same(result.errors.map(formatIssue), [
    'ivr-flows/main.yaml: line 9: nodes.main.options["9"] points to unknown node "sales2"',
  ]);
});

t.test('readable paths', async (t) => {
  t.equal(readablePath(''), '');
  t.equal(readablePath('/nodes/menu1/options/9'), 'nodes.menu1.options["9"]');
  t.equal(readablePath('/nodes/menu1/options/*'), 'nodes.menu1.options["*"]');
  t.equal(readablePath('/nodes/a/prompts/0/sound'), 'nodes.a.prompts[0].sound');
  t.equal(readablePath('/nodes/main-menu/timeoutPrompts/1'), 'nodes.main-menu.timeoutPrompts[1]');
  t.equal(readablePath('/nodes/a~1b'), 'nodes["a/b"]');
});

t.test('an unquoted * in a menu is a YAML error with its line (quote "*" and "#")', async (t) => {
  const text = [
    'name: A',
    'start: main',
    'nodes:',
    '  main:',
    '    type: menu',
    '    prompts: [{ sound: vm-press }]',
    '    options:',
    '      1: bye',
    '      *: bye',
    '    onFailure: bye',
    '  bye: { type: hangup }',
    '',
  ].join('\n');
  const result = parseFlowText(text, 'star.yaml');
  t.equal(result.ok, false);
  if (!result.ok) t.match(formatIssue(result.errors[0] as never), /^star\.yaml: line 9: /);
});

t.test('a huge broken document is answered quickly with a capped list', async (t) => {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < 2000; i++)
    nodes[`n${i}`] = { type: 'play', prompts: [{ sound: 'hello' }], next: `missing${i}` };
  const started = Date.now();
  const result = validateFlow({ name: 'Big', start: 'n0', nodes }, { source: 'big' });
  t.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  t.equal(result.errors.length, 201);
  t.equal(result.errors.at(-1)?.message, 'and 1800 more errors not shown');
});
