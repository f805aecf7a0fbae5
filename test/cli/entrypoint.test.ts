import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

const CLI = fileURLToPath(new URL('../../cti/cli.ts', import.meta.url));
// The real entry point, run from source with the TypeScript loader this test process uses.
const LOADER = process.execArgv.filter((arg) => arg.includes('typescript'));

/** This process's environment (the loader reads its TS_NODE_* options there) without SWITCHBOARD_* settings. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHBOARD_')));
}

function runEntry(args: string[], env: NodeJS.ProcessEnv, stdin: string) {
  const child = spawn(process.execPath, [...(LOADER.length ? LOADER : ['--import=tsx']), CLI, ...args], {
    env: { ...inheritedEnv(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

t.test('cti/cli.ts is an executable entry point', async (t) => {
  t.equal(readFileSync(CLI, 'utf8').split('\n')[0], '#!/usr/bin/env node');
});

t.test('switchboard add-user takes the password from a pipe; the process exits 0', async (t) => {
  const { env, login } = await buildTestApp(t);
  const run = await runEntry(
    ['add-user', '--username', 'noor', '--role', 'agent'],
    env,
    'noor-password-123\n',
  );
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stdout, 'created agent "noor" (user 1)\n');
  t.equal((await login('noor', 'noor-password-123')).statusCode, 200);
});

t.test('a config problem makes the process exit 2', async (t) => {
  const run = await runEntry(['migrate'], { SWITCHBOARD_ARI_URL: 'not a url' }, '');
  t.equal(run.code, 2);
  t.same(run.stderr.trimEnd().split('\n'), [
    'config: SWITCHBOARD_ARI_URL: must be a URL like http://host:port, got "not a url"',
    'config: SWITCHBOARD_ARI_USER: required (ARI user (ari.conf))',
    'config: SWITCHBOARD_ARI_PASSWORD: required (ARI password (ari.conf))',
  ]);
});
