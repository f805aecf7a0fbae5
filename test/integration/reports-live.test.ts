// Reports over real calls through the sandbox Asterisk: two callers answered by an agent (the same
// number twice: a repeat call) and one who hangs up while the agent is at lunch. The report API for
// today shows offered 3, answered 2, abandoned 1, and waits, talk, wrap-up, pause and FCR equal to
// what the stored events measure. The agent is a Local channel in switchboard-test-agent (answers
// at once); see dialplan/extensions.conf.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { queueConfig } from '../helpers/acd-api.js';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { listBridges, listChannels } from '../helpers/sandbox.js';

const ZONE = 'Europe/Berlin';
const dir = t.testdir();
const dbPath = join(dir, 'reports-live.db');
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({
    dbPath,
    port: await freePort(),
    env: { SWITCHBOARD_REPORT_TIMEZONE: ZONE, SWITCHBOARD_SHORT_ABANDON_SECONDS: '1' },
  });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/reports', queueConfig('Reports line', { wrapUpSeconds: 2 }));
  await publishFlow(daemon, 'to-reports', queueOnlyFlow('reports'), '670');
  await adminApi(daemon, 'PUT', '/api/agents/rita', {
    name: 'Rita',
    skills: {},
    queues: ['reports'],
    device: 'Local/rita@switchboard-test-agent/n',
  });
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const setState = (state: string, reason?: string) =>
  adminApi<{ state: string }>(
    daemon,
    'POST',
    '/api/agents/rita/state',
    reason ? { state, reason } : { state },
  );

interface QueueStatsJson {
  queueId: string;
  waiting: number;
  agents: Record<string, number>;
}
const queueStats = async () =>
  (await adminApi<{ items: QueueStatsJson[] }>(daemon, 'GET', '/api/acd/queues')).items.find(
    (q) => q.queueId === 'reports',
  );
const ritaIs = (state: string) =>
  eventually(
    `rita to be ${state}`,
    async () => ((await queueStats())?.agents[state] === 1 ? true : undefined),
    15_000,
  );

/** Today in the report zone. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());

/** A caller rita answers, talking `talkMs` before hanging up; returns the call id. */
async function answeredCall(number: string, talkMs: number, notCall?: number): Promise<number> {
  const call = await callers.call('670', number);
  const row = await eventually(`the call row of ${number}`, async () =>
    (await callsFrom(daemon, number)).find((c) => c.id !== notCall),
  );
  await eventually(`rita to answer ${number}`, async () => {
    const offers = await adminApi<{ items: Array<{ outcome: string | null }> }>(
      daemon,
      'GET',
      `/api/calls/${row.id}/offers`,
    );
    return offers.items.some((o) => o.outcome === 'answered') ? true : undefined;
  });
  await eventually('caller and agent bridged', async () =>
    (await listBridges()).some((b) => b.id === `switchboard-call-${call.inbound}` && b.channels.length === 2)
      ? true
      : undefined,
  );
  await pause(talkMs);
  await callers.hangup(call.caller);
  await ritaIs('available'); // after 2 s of wrap-up
  return row.id;
}

/** What the daemon stored, read straight from its database (read-only). */
function stored() {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const entries = db
      .prepare('select call_id, enqueued_at, left_at, outcome from queue_entries order by id')
      .all() as Array<{ call_id: number; enqueued_at: number; left_at: number; outcome: string }>;
    const states = db
      .prepare("select to_state, reason, at from agent_state_log where agent_id = 'rita' order by at, id")
      .all() as Array<{ to_state: string; reason: string | null; at: number }>;
    return { entries, states };
  } finally {
    db.close();
  }
}

t.test('a real day in miniature: reports match the stored events', async (t) => {
  const firstDay = today();
  await setState('available');
  const first = await answeredCall('5559101', 2000);
  const second = await answeredCall('5559101', 1500, first); // the same caller again: a repeat

  await setState('paused', 'lunch');
  const gone = await callers.call('670', '5559103');
  await eventually('the third caller to wait', async () =>
    (await queueStats())?.waiting === 1 ? true : undefined,
  );
  await pause(2500);
  await callers.hangup(gone.caller);
  await eventually('the queue to be empty', async () =>
    (await queueStats())?.waiting === 0 ? true : undefined,
  );
  await setState('available');
  await setState('logged-out');

  let left: string[] = [];
  await eventually('no caller or agent channel left in Asterisk', async () => {
    left = (await listChannels())
      .map((c) => c.id)
      .filter((id) => id.startsWith('agent-') || id.startsWith('ivr-caller-'));
    return left.length === 0 ? true : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}; still there: ${left.join(', ')}`);
  });

  // What the stored events measure, worked out here without the report code.
  const { entries, states } = stored();
  t.strictSame(
    entries.map((e) => e.outcome),
    ['answered', 'answered', 'abandoned'],
  );
  const answered = entries.filter((e) => e.outcome === 'answered');
  const waits = answered.map((e) => e.left_at - e.enqueued_at);
  const handling = answered.map((e) => {
    const i = states.findIndex((s) => s.to_state === 'on-call' && s.at === e.left_at);
    const [talkStart, wrapStart, wrapEnd] = [states[i]!, states[i + 1]!, states[i + 2]!];
    t.equal(wrapStart.to_state, 'wrap-up', `call ${e.call_id}: wrap-up follows the call`);
    return { talk: wrapStart.at - talkStart.at, wrap: wrapEnd.at - wrapStart.at };
  });
  t.ok(
    handling[0]!.talk >= 2000 && handling[1]!.talk >= 1500,
    `talk spans ${handling.map((h) => h.talk)} ms`,
  );
  t.ok(
    handling.every((h) => h.wrap >= 2000),
    `wrap-up spans ${handling.map((h) => h.wrap)} ms (2 s each)`,
  );
  const abandonWait = entries[2]!.left_at - entries[2]!.enqueued_at;
  t.ok(abandonWait >= 2500, `the third caller waited ${abandonWait} ms`);
  const lunchStart = states.find((s) => s.to_state === 'paused')!;
  const lunch = states[states.indexOf(lunchStart) + 1]!.at - lunchStart.at;
  const onCall = handling.reduce((sum, h) => sum + h.talk, 0);
  const avg = (ms: number[]) =>
    Math.round((ms.reduce((a, b) => a + b, 0) / ms.length / 1000 + Number.EPSILON) * 100) / 100;

  const query = `from=${firstDay}&to=${today()}&interval=total`;
  const token = await daemon.adminToken();
  const queues = await daemon.get<{ rows: Array<Record<string, unknown>> }>(
    `/api/reports/queues?${query}`,
    token,
  );
  t.equal(queues.status, 200);
  t.match(queues.body.rows, [
    {
      queueId: 'reports',
      offered: 3,
      answered: 2,
      abandoned: 1, // waited 2.5 s, over the 1 s short-abandon threshold
      shortAbandoned: 0,
      averageSpeedOfAnswerSeconds: avg(waits),
      answerWaitSeconds: (waits[0]! + waits[1]!) / 1000,
      averageAbandonWaitSeconds: avg([abandonWait]),
      handledCalls: 2,
      averageTalkSeconds: avg(handling.map((h) => h.talk)),
      averageWrapUpSeconds: avg(handling.map((h) => h.wrap)),
      averageHandleSeconds: avg(handling.map((h) => h.talk + h.wrap)),
      // 5559101 called again within 24 h: the first call was not resolved, the second was.
      fcrCalls: 2,
      fcrResolved: 1,
      firstContactResolutionPercent: 50,
    },
  ]);
  const lenient = await daemon.get<{ rows: Array<Record<string, unknown>> }>(
    `/api/reports/queues?${query}&shortAbandonSeconds=60`,
    token,
  );
  t.match(
    lenient.body.rows,
    [{ offered: 3, abandoned: 0, shortAbandoned: 1 }],
    'with a 60 s threshold it is a short abandon',
  );

  const agents = await daemon.get<{ rows: Array<Record<string, unknown>> }>(
    `/api/reports/agents?${query}`,
    token,
  );
  t.match(agents.body.rows, [
    {
      agentId: 'rita',
      answered: 2,
      handledCalls: 2,
      averageHandleSeconds: avg(handling.map((h) => h.talk + h.wrap)),
      onCallSeconds: onCall / 1000,
      wrapUpSeconds: handling.reduce((sum, h) => sum + h.wrap, 0) / 1000,
      pausedSeconds: lunch / 1000,
      loggedInSeconds: (states.at(-1)!.at - states[0]!.at) / 1000,
    },
  ]);
  const pauses = await daemon.get<{ rows: Array<Record<string, unknown>> }>(
    `/api/reports/pauses?${query}`,
    token,
  );
  t.match(pauses.body.rows, [{ agentId: 'rita', reason: 'lunch', pauses: 1, pausedSeconds: lunch / 1000 }]);

  const csv = await fetch(`${daemon.url}/api/reports/queues.csv?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const [header, line] = (await csv.text()).split('\r\n');
  const row = Object.fromEntries(header!.split(',').map((name, i) => [name, line!.split(',')[i]]));
  t.match(row, { queueId: 'reports', offered: '3', answered: '2', abandoned: '1' }, 'the CSV says the same');
  t.not(second, first, 'the repeat was a call of its own');
});
