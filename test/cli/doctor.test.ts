import { readdirSync } from 'node:fs';
import t from 'tap';
import { testEnv } from '../helpers/app.js';
import { runCliCaptured } from '../helpers/cli.js';

/** Every migration checked in, so the expectation follows new ones. */
const REPO_MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;
const MIGRATIONS = readdirSync(REPO_MIGRATIONS).filter((f) => f.endsWith('.sql')).length;

t.test('doctor reports an unreachable ARI naming its URL and exits 1', async (t) => {
  const env = await testEnv(t.testdir());
  t.equal((await runCliCaptured(['migrate'], env)).code, 0);
  const run = await runCliCaptured(['doctor'], env);
  t.equal(run.code, 1);
  const lines = run.stdout.trimEnd().split('\n');
  t.match(lines[0], /^✔ settings +valid \(environment\)$/);
  t.match(
    lines[1],
    new RegExp(`^✔ database +.*switchboard\\.db opens; all ${MIGRATIONS} migrations applied$`),
  );
  t.equal(lines[2], `✘ ari       ARI at ${env.SWITCHBOARD_ARI_URL} unreachable (ECONNREFUSED)`);
  t.equal(lines[3], '- ami       not configured (SWITCHBOARD_AMI_HOST unset)');
  t.match(lines[4], /^✘ redis +Redis at redis:\/\/127\.0\.0\.1:\d+ unreachable/);
  t.match(lines[5], /^[✔✘] disk +.* GiB free \(\d+%\) for the database directory at /);
  t.match(lines.at(-1), /^\d check\(s\) failed$/);
});

t.test('doctor checks AMI when configured, and a missing database and spool dir', async (t) => {
  const dir = t.testdir();
  const env = {
    ...(await testEnv(dir)),
    SWITCHBOARD_AMI_HOST: '127.0.0.1',
    SWITCHBOARD_AMI_PORT: new URL((await testEnv(dir)).SWITCHBOARD_ARI_URL!).port,
    SWITCHBOARD_AMI_USER: 'switchboard',
    SWITCHBOARD_AMI_PASSWORD: 'test-ami-password',
    SWITCHBOARD_ASTERISK_SPOOL_DIR: `${dir}/no-such-spool`,
  };
  const run = await runCliCaptured(['doctor'], env);
  t.equal(run.code, 1);
  t.match(run.stdout, /^✘ database +.*switchboard\.db does not exist; run "switchboard migrate"$/m);
  t.match(run.stdout, /^✘ ami +AMI at 127\.0\.0\.1:\d+: ECONNREFUSED$/m);
  t.match(run.stdout, /^✘ disk +Asterisk spool .*no-such-spool does not exist$/m);
});
