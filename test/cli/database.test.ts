import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { testEnv } from '../helpers/app.js';
import { runCliCaptured } from '../helpers/cli.js';

/** Every migration checked in, so the expectation follows new ones. */
const REPO_MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;
const MIGRATIONS = readdirSync(REPO_MIGRATIONS).filter((f) => f.endsWith('.sql')).length;

t.test('migrate creates the database; user commands refuse an unmigrated one', async (t) => {
  const env = await testEnv(t.testdir());
  const early = await runCliCaptured(
    ['add-user', '--username', 'ann', '--role', 'admin'],
    env,
    'ann-password-123\n',
  );
  t.equal(early.code, 1);
  t.match(early.stderr, /database .*switchboard\.db does not exist; run "switchboard migrate" first/);

  const first = await runCliCaptured(['migrate'], env);
  t.equal(first.code, 0, first.stderr);
  t.match(
    first.stdout,
    new RegExp(
      `switchboard\\.db: applied ${MIGRATIONS} migration\\(s\\); ${MIGRATIONS} of ${MIGRATIONS} in place`,
    ),
  );
  const again = await runCliCaptured(['migrate'], env);
  t.match(again.stdout, /applied 0 migration\(s\)/, 'migrating twice is harmless');

  const now = await runCliCaptured(
    ['add-user', '--username', 'ann', '--role', 'admin'],
    env,
    'ann-password-123\n',
  );
  t.equal(now.code, 0, now.stderr);
});

t.test('a config problem prints one line per problem and exits 2', async (t) => {
  const dir = t.testdir();
  const env = { SWITCHBOARD_HTTP_PORT: '99999', SWITCHBOARD_DB_PATH: join(dir, 'x.db') };
  for (const command of ['migrate', 'doctor', 'reset-password']) {
    const args = command === 'reset-password' ? [command, '--username', 'x'] : [command];
    const run = await runCliCaptured(args, env);
    t.equal(run.code, 2, command);
    const lines = (run.stderr + run.stdout).trimEnd().split('\n');
    t.equal(lines.length, 4, `${command}: four problems, four lines`);
    t.match(lines.join('\n'), /SWITCHBOARD_ARI_URL: required/);
    t.match(lines.join('\n'), /SWITCHBOARD_ARI_USER: required/);
    t.match(lines.join('\n'), /SWITCHBOARD_ARI_PASSWORD: required/);
    t.match(lines.join('\n'), /SWITCHBOARD_HTTP_PORT: must be a port number 1-65535, got "99999"/);
  }
  const missingFile = await runCliCaptured(['migrate', '--config', join(dir, 'nope.yaml')], env);
  t.equal(missingFile.code, 2);
  t.match(missingFile.stderr, /config file .*nope\.yaml: cannot be read \(ENOENT\)/);
});

t.test('help, unknown commands and asterisk-config dispatch', async (t) => {
  const help = await runCliCaptured(['help'], {});
  t.equal(help.code, 0);
  for (const command of ['migrate', 'add-user', 'reset-password', 'asterisk-config', 'doctor', 'help']) {
    t.match(help.stdout, `switchboard ${command}`);
  }
  t.match(help.stdout, /SWITCHBOARD_ARI_URL +Asterisk ARI base URL/);
  const unknown = await runCliCaptured(['frobnicate'], {});
  t.equal(unknown.code, 64);
  t.match(unknown.stderr, 'unknown command "frobnicate"');
  const none = await runCliCaptured([], {});
  t.equal(none.code, 64);
  t.equal((await runCliCaptured(['add-user', '--help'], {})).code, 0);
  // The command itself belongs to cti/asterisk-config; here only the hand-over is checked.
  t.equal(await runCliCaptured(['asterisk-config', '--help'], {}).then((r) => r.code), 0);
  t.equal(
    await runCliCaptured(['asterisk-config'], {}).then((r) => r.code),
    2,
    'its own usage error, passed through',
  );
});
