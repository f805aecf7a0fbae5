// Keep-alive, ended sessions, clients that stop reading, and tokens that must never reach the log.
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { SessionStore } from '../../cti/auth/sessions.js';
import { type RealtimeOptions, RealtimeServer } from '../../cti/realtime/realtime-server.js';
import { browserProtocols, type RealtimeFixture, realtimeFixture } from './fixtures.js';
import { refusal, TestSocket } from './ws-client.js';

/** A RealtimeServer of its own (short timers, a log the test reads) on the fixture's app deps. */
async function standalone(
  t: Test,
  f: RealtimeFixture,
  options: Partial<RealtimeOptions>,
): Promise<{ base: string; server: RealtimeServer; logLines: string[] }> {
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const server = new RealtimeServer({ ...f.deps, logger }, options);
  const http: Server = createServer((_req, res) => res.end());
  server.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    await server.close('test over');
    await new Promise((resolve) => http.close(resolve));
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return { base: `ws://127.0.0.1:${address.port}`, server, logLines };
}

t.test('keep-alive: a client that stops answering pings is dropped; one that answers stays', async (t) => {
  const f = await realtimeFixture(t);
  const { base, server } = await standalone(t, f, { pingIntervalMs: 60 });
  const silent = await TestSocket.open(`${base}/ws/agent`, {
    protocols: browserProtocols(f.alice.token),
    autoPong: false,
  });
  const lively = await TestSocket.open(`${base}/ws/agent`, { protocols: browserProtocols(f.bob.token) });
  const closed = await silent.waitClosed(2_000);
  t.equal(closed.code, 1006, 'terminated without a close frame');
  await new Promise((r) => setTimeout(r, 200));
  t.equal(lively.closed, null, 'the client answering pings is still there');
  t.same(server.connections, { agents: 1, supervisors: 0 });
  lively.close();
});

t.test('a session that ends (logout) ends its sockets at the next keep-alive round', async (t) => {
  const f = await realtimeFixture(t);
  const { base } = await standalone(t, f, { pingIntervalMs: 60 });
  const token = f.sessionFor(f.alice.user);
  const socket = await TestSocket.open(`${base}/ws/agent`, { protocols: browserProtocols(token) });
  await socket.next('hello');
  new SessionStore(f.database.db, f.clock.now, f.settings.auth.sessionHours).end(token);
  t.match(await socket.waitClosed(2_000), { code: 4401, reason: 'session ended: log in again' });
});

t.test('a client that stops reading is dropped once its queue passes the cap, with a log line', async (t) => {
  const f = await realtimeFixture(t);
  const { base, server, logLines } = await standalone(t, f, { maxBufferedBytes: 64 * 1024 });
  const slow = new WebSocket(`${base}/ws/supervisor`, browserProtocols(f.supervisorToken));
  await new Promise((resolve, reject) => {
    slow.once('open', resolve);
    slow.once('error', reject);
  });
  const reader = await TestSocket.open(`${base}/ws/supervisor`, {
    protocols: browserProtocols(f.supervisorToken),
  });
  await reader.next('snapshot');
  slow.pause();
  const reason = 'r'.repeat(1000);
  // Some 20 MB of agent transitions, more than the kernel's socket buffers can hide, in small
  // batches so the reading client gets to read between them.
  for (let i = 0; i < 20_000 && server.connections.supervisors > 1; i++) {
    f.deps.acd.events.emit('agentState', {
      // A member of the supervisor's queue: supervisors are sent only their queues' agents.
      agentId: 'alice',
      from: 'available',
      to: 'paused',
      at: i,
      reason,
    });
    if (i % 16 === 0) await new Promise((r) => setImmediate(r));
  }
  t.equal(server.connections.supervisors, 1, 'the slow client is gone, the reading one stays');
  t.ok(
    logLines.some((line) => line.includes('websocket client is not reading: dropping the connection')),
    'a log line says why',
  );
  t.equal(reader.closed, null);
  slow.terminate();
  reader.close();
});

t.test('tokens never reach the log, whether accepted or refused', async (t) => {
  const f = await realtimeFixture(t);
  const { base, logLines } = await standalone(t, f, {});
  const key = f.apiKey('supervisor');
  const opened = [
    await TestSocket.open(`${base}/ws/agent`, { protocols: browserProtocols(f.alice.token) }),
    await TestSocket.open(`${base}/ws/agent?token=${f.bob.token}`),
    await TestSocket.open(`${base}/ws/supervisor`, { headers: { 'x-api-key': key } }),
  ];
  await refusal(`${base}/ws/supervisor?token=${f.alice.token}`);
  await refusal(`${base}/ws/agent?token=${'z'.repeat(43)}`);
  for (const s of opened) s.close();
  await new Promise((r) => setTimeout(r, 50));
  const log = logLines.join('');
  t.match(log, /websocket open/);
  t.match(log, /websocket refused/);
  for (const secret of [f.alice.token, f.bob.token, key, 'z'.repeat(43)])
    t.notOk(log.includes(secret), `no ${secret.slice(0, 6)}… in the log`);
});
