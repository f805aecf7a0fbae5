import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { formatIssue } from '../../cti/ivr/flow/issues.js';
import { checkFlowText } from '../../cti/ivr/flow/load.js';
import { FIXTURES, serverContext } from './fixtures/helpers.js';

/**
 * One malformed flow per kind of mistake (test/ivr/fixtures/bad/*.yaml). Each file says in its
 * header what must be reported:
 *   # expect-path: /nodes/menu1/options/9      (JSON pointer; empty for the whole document)
 *   # expect-message: points to unknown node   (a fragment of the formatted one-line issue)
 *   # expect-level: warning                    (optional; default error)
 * and nothing else may be wrong with it, so each fixture proves exactly one rule.
 */

const BAD = join(FIXTURES, 'bad');

function expectation(text: string, name: string) {
  const header = (key: string) => new RegExp(`^# ${key}:(.*)$`, 'm').exec(text)?.[1]?.trim();
  const path = header('expect-path');
  const message = header('expect-message');
  if (path === undefined || !message) throw new Error(`${name}: header needs expect-path and expect-message`);
  return { path, message, level: header('expect-level') === 'warning' ? 'warning' : 'error' };
}

const files = readdirSync(BAD).filter((f) => f.endsWith('.yaml'));

t.ok(files.length >= 30, `a fixture per kind of mistake (${files.length})`);

for (const file of files) {
  t.test(file, async (t) => {
    const source = `test/ivr/fixtures/bad/${file}`;
    const text = readFileSync(join(BAD, file), 'utf8');
    const expected = expectation(text, file);
    const result = checkFlowText(text, serverContext(source));
    const issues = expected.level === 'warning' ? result.warnings : result.errors;
    const lines = issues.map(formatIssue);
    const hit = issues.find((i) => i.path === expected.path && formatIssue(i).includes(expected.message));
    t.ok(hit, `reports ${expected.level} at "${expected.path}" containing: ${expected.message}`, {
      found: lines,
    });
    if (expected.level === 'warning') {
      t.equal(result.ok, true, 'a warning alone does not fail the flow');
      t.equal(result.errors.length, 0, 'and there are no errors', { errors: result.errors.map(formatIssue) });
    } else {
      t.equal(result.ok, false, 'the flow is refused');
      t.equal(result.errors.length, 1, 'this fixture has exactly one mistake', { found: lines });
    }
    if (hit) {
      t.ok(formatIssue(hit).startsWith(`${source}: line `), 'the one-line form names the file and the line');
      t.type(hit.line, 'number');
    }
  });
}
