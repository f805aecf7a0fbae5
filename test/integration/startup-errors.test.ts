// What an operator sees when the daemon cannot start: one clear line, non-zero exit.

import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { freePort, spawnDaemon } from '../helpers/daemon.js';

t.test('unreachable ARI names the URL and the reason, exit 1', async (t) => {
  const closedPort = await freePort();
  const url = `http://127.0.0.1:${closedPort}`;
  const daemon = spawnDaemon({
    dbPath: join(t.testdir(), 'x.db'),
    port: await freePort(),
    env: { SWITCHBOARD_ARI_URL: url, SWITCHBOARD_ARI_START_TIMEOUT_SECONDS: '1' },
  });
  t.equal(await daemon.exited, 1);
  t.match(daemon.output(), `cannot start: ARI at ${url} unreachable (ECONNREFUSED) (SWITCHBOARD_ARI_URL)`);
});

t.test('wrong ARI password is told apart from unreachable, exit 1 at once', async (t) => {
  const daemon = spawnDaemon({
    dbPath: join(t.testdir(), 'x.db'),
    port: await freePort(),
    env: { SWITCHBOARD_ARI_PASSWORD: 'wrong' },
  });
  t.equal(await daemon.exited, 1);
  t.match(daemon.output(), /refused user "[^"]+" \(401\): check the ARI user and password/);
});

t.test('HTTP port already in use names the port, exit 1', async (t) => {
  const blocker = createServer();
  blocker.listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  t.teardown(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const daemon = spawnDaemon({ dbPath: join(t.testdir(), 'x.db'), port });
  t.equal(await daemon.exited, 1);
  t.match(
    daemon.output(),
    `cannot start: port ${port} on 127.0.0.1 is already in use (SWITCHBOARD_HTTP_PORT)`,
  );
});

t.test('bad configuration: one line per problem, exit 2, nothing started', async (t) => {
  const daemon = spawnDaemon({
    dbPath: join(t.testdir(), 'x.db'),
    port: await freePort(),
    env: { SWITCHBOARD_ARI_URL: 'ftp://nowhere', SWITCHBOARD_SESSION_HOURS: '0' },
  });
  t.equal(await daemon.exited, 2);
  const lines = daemon.output().trim().split('\n');
  t.same(lines, [
    'config: SWITCHBOARD_ARI_URL: must be a URL like http://host:port, got "ftp://nowhere"',
    'config: SWITCHBOARD_SESSION_HOURS: must be a whole number above 0, got "0"',
  ]);
});
