// The whole tree must typecheck (strict) and pass biome: a gate, run with the rest of the suite.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { REPO_ROOT } from '../helpers/daemon.js';

const bin = (name: string) => join(REPO_ROOT, 'node_modules/.bin', name);

t.test('tsc --noEmit reports no error', async (t) => {
  const run = spawnSync(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  t.equal(run.status, 0, run.stdout.split('\n').slice(0, 20).join('\n'));
});

t.test('biome check finds nothing', async (t) => {
  const run = spawnSync(bin('biome'), ['check', '.'], { cwd: REPO_ROOT, encoding: 'utf8' });
  t.equal(run.status, 0, `${run.stdout}${run.stderr}`.split('\n').slice(0, 30).join('\n'));
});
