// Redis stops while a call's recording completes: the call goes on regardless, the job waits in
// the SQLite outbox, and once Redis is back it reaches BullMQ exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi } from '../helpers/ivr-api.js';
import { ariRequest, listBridges } from '../helpers/sandbox.js';
import { supportQueueWithAlice } from '../transcription/call-fixture.js';

const REDIS_PORT = 26390;
const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;
const PREFIX = `sbtest-outage-${process.pid}`;
const dir = t.testdir();
const dbPath = join(dir, 'outage.db');
let redis: ChildProcess | null = null;
let daemon: DaemonProcess;
let callers: CallerApp;

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  // noeviction set after start too, so the test does not depend on the binary's default.
  await eventually('redis-server to answer', async () => {
    const client = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      return (await client.ping()) === 'PONG' ? true : undefined;
    } finally {
      client.disconnect();
    }
  });
}

async function stopRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = once(redis, 'exit');
  redis.kill('SIGTERM');
  await exited;
  redis = null;
}

const sqlite = <T>(query: string, ...params: unknown[]): T[] => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
};

t.before(async () => {
  await startRedis();
  daemon = spawnDaemon({
    dbPath,
    port: await freePort(),
    env: {
      SWITCHBOARD_REDIS_URL: REDIS_URL,
      SWITCHBOARD_TRANSCRIPTION_QUEUE_PREFIX: PREFIX,
      // No worker: the job stays in BullMQ's waiting list where the test can count it.
      SWITCHBOARD_TRANSCRIPTION_WORKER: 'off',
    },
  });
  await daemon.waitReady();
  await supportQueueWithAlice(daemon, '601');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
  await stopRedis();
});

t.test(
  'a recording completed while Redis is down is enqueued once Redis is back, exactly once',
  async (t) => {
    await stopRedis();

    const call = await callers.call('601', '5557002');
    const row = await eventually('the call row', async () => (await callsFrom(daemon, '5557002'))[0]);
    await eventually('caller and agent bridged although Redis is down', async () => {
      const bridge = (await listBridges()).find((b) => b.id === `switchboard-call-${call.inbound}`);
      return bridge && bridge.channels.length === 2 ? bridge : undefined;
    });
    await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
    await new Promise((r) => setTimeout(r, 2500));
    await callers.hangup(call.caller);

    const [pending] = await eventually('the job in the outbox', () => {
      const rows = sqlite<{ recording_id: number; attempts: number }>(
        'select recording_id, attempts from transcription_outbox where call_id = ?',
        row.id,
      );
      return rows.length > 0 ? rows : undefined;
    });
    const recordingId = pending?.recording_id ?? 0;
    t.ok(recordingId > 0, `recording ${recordingId} waits in the outbox`);
    const ended = await eventually('the call to be logged as ended', async () => {
      const [c] = await callsFrom(daemon, '5557002');
      return c?.endedAt ? c : undefined;
    });
    t.ok(ended.endedAt, 'the call ended normally while Redis was down');
    const job = await adminApi<{ state: string }>(
      daemon,
      'GET',
      `/api/transcription/jobs/recording-${recordingId}`,
    );
    t.equal(job.state, 'outbox', 'the API shows the job as not yet in Redis');
    const list = await fetch(`${daemon.url}/api/transcription/jobs?state=waiting`, {
      headers: { authorization: `Bearer ${await daemon.adminToken()}` },
    });
    t.equal(list.status, 503, 'listing BullMQ jobs says Redis is unavailable rather than hang');
    // Let the relay back off a few times.
    await new Promise((r) => setTimeout(r, 3000));
    t.ok(
      (sqlite<{ attempts: number }>('select attempts from transcription_outbox')[0]?.attempts ?? 0) >= 1,
      'the relay tried and backed off',
    );

    await startRedis();
    await eventually(
      'the outbox to empty once Redis is back',
      () => (sqlite('select id from transcription_outbox').length === 0 ? true : undefined),
      30_000,
    );
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 2000));
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('transcription', { connection, prefix: PREFIX });
    try {
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'completed',
        'failed',
        'prioritized',
      );
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      t.equal(total, 1, `exactly one job in BullMQ (${JSON.stringify(counts)})`);
      const stored = await queue.getJob(`recording-${recordingId}`);
      t.match(stored?.data, { recordingId, callId: row.id });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    t.same(sqlite('select id from transcription_outbox'), [], 'the outbox is empty');
    t.equal(
      sqlite<{ n: number }>('select count(*) as n from transcripts where recording_id = ?', recordingId)[0]
        ?.n,
      1,
      'one transcript row, pending for the worker',
    );
    await adminApi(daemon, 'POST', '/api/agents/alice/state', { state: 'logged-out' }).catch(() => undefined);
  },
);
