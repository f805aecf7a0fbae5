// The daemon dies hard (SIGKILL) with a call in its Stasis app; the next start must own that call.
import { join } from 'node:path';
import t from 'tap';
import { callsFrom, metricValue } from '../helpers/calls-api.js';
import { eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { listBridges, listChannels, originateTestCaller } from '../helpers/sandbox.js';

const lobbyHolds = async (channelId: string) => {
  const bridges = await listBridges();
  return bridges.some((b) => b.name === 'switchboard:lobby' && b.channels.includes(channelId))
    ? true
    : undefined;
};

t.test(
  'SIGKILL with a caller on hold: the restarted daemon adopts the call and logs its end once',
  async (t) => {
    const dbPath = join(t.testdir(), 'restart.db');
    const port = await freePort();
    const first = spawnDaemon({ dbPath, port });
    await first.waitReady();
    const callerNumber = `5551${Date.now() % 100000}`;
    const caller = await originateTestCaller({ did: '100', callerNumber, digits: '', holdSeconds: 8 });
    await eventually('the caller to be held in the lobby', () => lobbyHolds(caller.inboundChannelId), 10_000);

    t.equal(await first.kill('SIGKILL'), 'SIGKILL');
    const second = spawnDaemon({ dbPath, port });
    t.teardown(() => second.kill('SIGTERM'));
    const restartedAt = Date.now();
    await second.waitReady();
    await eventually('the restarted daemon to own the live call', async () =>
      (await metricValue(second, 'switchboard_calls_in_progress')) === 1 ? true : undefined,
    );
    t.ok(Date.now() - restartedAt < 5000, `reconciled within a few seconds (${Date.now() - restartedAt} ms)`);
    t.equal(
      await metricValue(second, 'switchboard_calls_reconciled_total', '{outcome="adopted"}'),
      1,
      'one call adopted',
    );
    t.ok(await lobbyHolds(caller.inboundChannelId), 'the caller was never dropped from the lobby');

    const rows = await eventually(
      'the adopted call to end',
      async () => {
        const found = await callsFrom(second, callerNumber);
        return found[0]?.endedAt ? found : undefined;
      },
      15_000,
    );
    t.equal(rows.length, 1, 'no duplicate row');
    t.equal(rows[0]?.endedBy, 'caller');
    t.equal(rows[0]?.hangupCause, 16, 'the real hangup cause, seen by the new process');
    const lobbies = (await listBridges()).filter((b) => b.name === 'switchboard:lobby');
    t.equal(lobbies.length, 1, 'the lobby bridge was adopted, not duplicated');
    t.notOk(
      (await listChannels()).some((c) => c.id === caller.inboundChannelId),
      'no channel left behind',
    );
  },
);

t.test('a call that ends while the daemon is dead is closed as lost on the next start', async (t) => {
  const dbPath = join(t.testdir(), 'lost.db');
  const port = await freePort();
  const first = spawnDaemon({ dbPath, port });
  await first.waitReady();
  const callerNumber = `5552${Date.now() % 100000}`;
  const caller = await originateTestCaller({ did: '100', callerNumber, digits: '', holdSeconds: 3 });
  await eventually('the caller to be held', () => lobbyHolds(caller.inboundChannelId), 10_000);
  await first.kill('SIGKILL');
  await eventually(
    'the caller to hang up while no daemon runs',
    async () => ((await listChannels()).some((c) => c.id === caller.inboundChannelId) ? undefined : true),
    10_000,
  );

  const second = spawnDaemon({ dbPath, port });
  t.teardown(() => second.kill('SIGTERM'));
  await second.waitReady();
  const rows = await eventually('the row to be closed', async () => {
    const found = await callsFrom(second, callerNumber);
    return found[0]?.endedAt ? found : undefined;
  });
  t.equal(rows.length, 1);
  t.equal(rows[0]?.endedBy, 'lost');
  t.equal(rows[0]?.hangupCause, null, 'the cause is unknown, not invented');
});

t.test('SIGTERM drains: the daemon waits for live calls up to the drain limit, then exits 0', async (t) => {
  const dbPath = join(t.testdir(), 'drain.db');
  const daemon = spawnDaemon({
    dbPath,
    port: await freePort(),
    env: { SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS: '30' },
  });
  await daemon.waitReady();
  const callerNumber = `5553${Date.now() % 100000}`;
  const caller = await originateTestCaller({ did: '100', callerNumber, digits: '', holdSeconds: 4 });
  await eventually('the caller to be held', () => lobbyHolds(caller.inboundChannelId), 10_000);
  const signalledAt = Date.now();
  const code = await daemon.kill('SIGTERM');
  t.equal(code, 0, 'clean exit');
  t.notOk(
    (await listChannels()).some((c) => c.id === caller.inboundChannelId),
    'the call finished before exit',
  );
  t.ok(Date.now() - signalledAt < 10_000, 'exited as soon as the call ended, not at the drain limit');
  t.match(daemon.output(), /shutting down: draining live calls/);
  const leftovers = (await listBridges()).filter((b) => b.name.startsWith('switchboard:'));
  t.same(leftovers, [], 'a graceful stop leaves none of its bridges behind (they keep the app registered)');
});
