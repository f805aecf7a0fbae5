// Recording pause/resume on a real call: an agent answers a queued caller, pauses the bridge
// recording while a card number would be read out, resumes, and hangs up. Asterisk's live
// recording is paused in between, the markers are stored in order with their offsets, and the
// WAV in Asterisk's spool is linked to the call. Refusals (unknown call, twice paused, call over)
// leave the stored markers as they were.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { agentLogin, queueConfig } from '../helpers/acd-api.js';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listBridges, listChannels } from '../helpers/sandbox.js';

interface MarkerJson {
  kind: 'pause' | 'resume';
  at: string;
  offsetMs: number;
  by: string;
  reason?: string;
}
interface RecordingJson {
  name: string;
  format: string;
  file: string;
  startedAt: string;
  endedAt: string | null;
  state: string;
  markers: MarkerJson[];
  pausedMs: number;
  sizeBytes: number | null;
  durationMs: number | null;
}

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'recording-control.db'), port: await freePort() });
  await daemon.waitReady();
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/cards',
    queueConfig('Card payments', { ringTimeoutSeconds: 5 }),
  );
  await publishFlow(daemon, 'to-cards', queueOnlyFlow('cards'), '620');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

/** An agent user linked to an agent record whose device is a Local channel that answers; returns a session token. */
const agentLoginTo = (id: string) =>
  agentLogin(daemon, id, { queues: ['cards'], device: `Local/${id}@switchboard-test-agent/n` });

async function api(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> & { error?: string; message?: string } }> {
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

async function recordingsOf(callId: number): Promise<RecordingJson[]> {
  return (await adminApi<{ items: RecordingJson[] }>(daemon, 'GET', `/api/calls/${callId}/recordings`)).items;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first 12 bytes of a file: "RIFF" <size> "WAVE" for a WAV. */
function riffHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(12);
    readSync(fd, buf, 0, 12, 0);
    return `${buf.toString('ascii', 0, 4)}/${buf.toString('ascii', 8, 12)}`;
  } finally {
    closeSync(fd);
  }
}

t.test('the agent pauses and resumes the recording of their call; markers and the file hold', async (t) => {
  const token = await agentLoginTo('erin');
  await adminApi(daemon, 'POST', '/api/agents/erin/state', { state: 'available' });
  const call = await callers.call('620', '5558001');
  const row = await eventually('the call row', async () => (await callsFrom(daemon, '5558001'))[0]);
  const bridgeId = `switchboard-call-${call.inbound}`;
  await eventually('caller and agent bridged', async () => {
    const found = (await listBridges()).find((b) => b.id === bridgeId);
    return found && found.channels.length >= 2 ? found : undefined;
  });
  const [recording] = await eventually('the recording row', async () => {
    const items = await recordingsOf(row.id);
    return items.length === 1 ? items : undefined;
  });
  if (!recording) throw new Error('no recording');
  t.equal(recording.state, 'recording');
  await eventually('Asterisk recording the bridge', async () => {
    const live = (await ariRequest('GET', `/recordings/live/${recording.name}`)) as { state: string };
    return live.state === 'recording' ? live : undefined;
  });
  // The caller talks: audio into the bridge, so the file has something to hold.
  await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
  await sleep(2000);

  const paused = await api('POST', `/api/calls/${row.id}/recording/pause`, token, { reason: 'card number' });
  t.equal(paused.status, 200, JSON.stringify(paused.json));
  t.match(paused.json, { marker: { kind: 'pause', by: 'user:erin', reason: 'card number' } });
  const live = (await ariRequest('GET', `/recordings/live/${recording.name}`)) as { state: string };
  t.equal(live.state, 'paused', 'Asterisk has the live recording paused');

  const afterPause = (await recordingsOf(row.id))[0]?.markers;
  const twice = await api('POST', `/api/calls/${row.id}/recording/pause`, token, {});
  t.equal(twice.status, 409, 'pausing twice is refused');
  t.equal(twice.json.error, 'already_paused');
  t.match(twice.json.message, /already paused/);
  t.same((await recordingsOf(row.id))[0]?.markers, afterPause, 'the second pause stored nothing');

  const unknown = await api('POST', '/api/calls/987654/recording/pause', token, {});
  t.equal(unknown.status, 404);
  t.match(unknown.json, { error: 'not_found', message: 'call 987654 not found' });
  t.same((await recordingsOf(row.id))[0]?.markers, afterPause);

  await sleep(2000);
  const resumed = await api('POST', `/api/calls/${row.id}/recording/resume`, token);
  t.equal(resumed.status, 200, JSON.stringify(resumed.json));
  t.equal(
    ((await ariRequest('GET', `/recordings/live/${recording.name}`)) as { state: string }).state,
    'recording',
    'Asterisk records again',
  );
  await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
  await sleep(1500);
  await callers.hangup(call.caller);
  await eventually('the bridge to be gone', async () =>
    (await listBridges()).some((b) => b.id === bridgeId) ? undefined : true,
  );

  const done = await eventually('the recording to be ended', async () => {
    const found = (await recordingsOf(row.id))[0];
    return found?.state === 'ended' ? found : undefined;
  });
  const [pause, resume] = done.markers;
  t.equal(done.markers.length, 2, 'two markers');
  t.same(
    done.markers.map((m) => m.kind),
    ['pause', 'resume'],
    'in order',
  );
  if (!pause || !resume) throw new Error('markers missing');
  t.ok(pause.offsetMs >= 1900 && pause.offsetMs < 5000, `pause offset ~2 s of audio (${pause.offsetMs} ms)`);
  t.equal(resume.offsetMs, pause.offsetMs, 'nothing recorded while paused: resume sits at the same offset');
  t.ok(Date.parse(resume.at) - Date.parse(pause.at) >= 1900, 'about 2 s between them');
  t.ok(done.pausedMs >= 1900, `paused time reported (${done.pausedMs} ms)`);

  const file = join(process.env.SWITCHBOARD_ASTERISK_SPOOL_DIR ?? '', 'recording', done.file);
  t.equal(done.file, `${recording.name}.wav`, 'the file is named after the recording linked to the call');
  t.ok(recording.name.startsWith(`call-${row.id}-`), 'the recording name carries the call id');
  t.equal(riffHeader(file), 'RIFF/WAVE', 'a WAV file');
  const size = statSync(file).size;
  t.ok(size > 30_000, `it holds the conversation (${size} bytes)`);
  t.equal(done.sizeBytes, size, 'the API reports the size on disk');
  // Pause drops the audio rather than writing silence: the file is shorter than the call by the pause.
  const wallMs = Date.parse(done.endedAt ?? '') - Date.parse(done.startedAt);
  t.ok(done.durationMs !== null, 'duration known');
  const expectedMs = wallMs - done.pausedMs;
  t.ok(
    Math.abs((done.durationMs ?? 0) - expectedMs) < 1000,
    `audio (${done.durationMs} ms) is the recording's wall time (${wallMs} ms) less the pause (${done.pausedMs} ms)`,
  );

  const afterEnd = await api('POST', `/api/calls/${row.id}/recording/pause`, token, {});
  t.equal(afterEnd.status, 409, 'pausing after the call ended is refused');
  t.equal(afterEnd.json.error, 'no_live_recording');
  t.match(afterEnd.json.message, new RegExp(`call ${row.id} has no live recording`));
  t.same((await recordingsOf(row.id))[0]?.markers, done.markers, 'markers unchanged');

  await adminApi(daemon, 'POST', '/api/agents/erin/state', { state: 'logged-out' }).catch(() => undefined);
  t.notOk(
    (await listChannels()).some((c) => c.id.startsWith('agent-') || c.id === call.inbound),
    'no channel of the call left in Asterisk',
  );
});
