// A real call through the sandbox Asterisk: a Local-channel caller dials into the inbound context.
import { join } from 'node:path';
import t from 'tap';
import { type CallJson, callsFrom } from '../helpers/calls-api.js';
import { eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { listChannels, originateTestCaller } from '../helpers/sandbox.js';

t.test('one Local-channel call gives exactly one row with its times, numbers and hangup cause', async (t) => {
  const daemon = spawnDaemon({ dbPath: join(t.testdir(), 'calls.db'), port: await freePort() });
  t.teardown(() => daemon.kill('SIGTERM'));
  await daemon.waitReady();

  const callerNumber = `5550${Date.now() % 100000}`;
  const caller = await originateTestCaller({ did: '100', callerNumber, digits: '', holdSeconds: 3 });
  const ended = await eventually(
    'the call row to end',
    async () => {
      const rows = await callsFrom(daemon, callerNumber);
      return rows[0]?.endedAt ? rows : undefined;
    },
    20_000,
  );

  t.equal(ended.length, 1, 'exactly one row');
  const row = ended[0] as CallJson;
  t.equal(row.channelId, caller.inboundChannelId, 'keyed on the channel the daemon saw');
  t.equal(row.callerNumber, callerNumber);
  t.equal(row.dialedNumber, '100');
  t.equal(row.endedBy, 'caller');
  t.equal(row.hangupCause, 16, 'Normal Clearing');
  t.equal(row.hangupCauseText, 'Normal Clearing');
  const started = Date.parse(row.startedAt);
  const answered = Date.parse(row.answeredAt ?? '');
  const endedAt = Date.parse(row.endedAt ?? '');
  t.ok(started <= answered && answered < endedAt, 'started ≤ answered < ended');
  t.ok(answered - started < 2000, `answered promptly (${answered - started} ms)`);
  // The caller hangs up holdSeconds after the daemon answers.
  t.ok(
    endedAt - answered >= 2500 && endedAt - answered < 6000,
    `talk time near the caller's 3 s hold (${endedAt - answered} ms)`,
  );

  await eventually('no channel of the call left in Asterisk', async () => {
    const ids = (await listChannels()).map((c) => c.id);
    return ids.includes(caller.inboundChannelId) || ids.includes(caller.callerChannelId) ? undefined : true;
  });
});

t.test('GET /api/calls filters by state and rejects a reversed time window', async (t) => {
  const daemon = spawnDaemon({ dbPath: join(t.testdir(), 'calls.db'), port: await freePort() });
  t.teardown(() => daemon.kill('SIGTERM'));
  await daemon.waitReady();
  const token = await daemon.adminToken();
  const bad = await daemon.get<{ error: string; message: string }>(
    '/api/calls?from=2026-11-21T10:00:00Z&to=2026-11-21T09:00:00Z',
    token,
  );
  t.equal(bad.status, 400);
  t.match(bad.body.message, /from \(2026-11-21T10:00:00Z\) must be before to/);
  const unknown = await daemon.get<{ error: string; message: string }>('/api/calls?state=ringing', token);
  t.equal(unknown.status, 400);
  t.match(unknown.body.message, /state/);
  const missing = await daemon.get<{ error: string }>('/api/calls/999999', token);
  t.equal(missing.status, 404);
});
