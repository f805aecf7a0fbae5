// Asterisk restarts under a running daemon: it must reconnect, re-register its app and take the next call.
import { join } from 'node:path';
import t from 'tap';
import { callsFrom, metricValue } from '../helpers/calls-api.js';
import { eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { originateTestCaller, restartAsterisk } from '../helpers/sandbox.js';

t.test('after an Asterisk restart the daemon reconnects and handles the next call', async (t) => {
  const daemon = spawnDaemon({ dbPath: join(t.testdir(), 'ast-restart.db'), port: await freePort() });
  t.teardown(() => daemon.kill('SIGTERM'));
  await daemon.waitReady();

  await restartAsterisk();
  await eventually(
    'the daemon to report ARI reconnected',
    async () =>
      (await metricValue(daemon, 'switchboard_ari_reconnects_total')) === 1 &&
      (await fetch(`${daemon.url}/readyz`)).status === 200
        ? true
        : undefined,
    20_000,
  );

  const callerNumber = `5554${Date.now() % 100000}`;
  await originateTestCaller({ did: '200', callerNumber, digits: '', holdSeconds: 1 });
  const rows = await eventually(
    'the next call to be logged and ended',
    async () => {
      const found = await callsFrom(daemon, callerNumber);
      return found[0]?.endedAt ? found : undefined;
    },
    15_000,
  );
  t.equal(rows.length, 1);
  t.equal(rows[0]?.dialedNumber, '200');
  t.equal(rows[0]?.endedBy, 'caller');
});

t.test('while Asterisk is down /readyz says so, naming ARI', async (t) => {
  const daemon = spawnDaemon({ dbPath: join(t.testdir(), 'ast-down.db'), port: await freePort() });
  t.teardown(() => daemon.kill('SIGTERM'));
  await daemon.waitReady();
  const restarting = restartAsterisk();
  const notReady = await eventually(
    'readyz to report ARI down',
    async () => {
      const res = await fetch(`${daemon.url}/readyz`);
      const body = (await res.json()) as { checks: { asterisk: { ok: boolean; detail: string } } };
      return res.status === 503 ? body : undefined;
    },
    15_000,
  );
  t.equal(notReady.checks.asterisk.ok, false);
  t.match(notReady.checks.asterisk.detail, /ARI (disconnected|connecting)/);
  await restarting;
  await daemon.waitReady(20_000);
});
