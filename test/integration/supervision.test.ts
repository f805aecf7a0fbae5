// Supervisors on a real connected ACD call through the sandbox Asterisk: listen, whisper (coach) and
// barge over ARI snoop channels on the agent's leg. Who hears whom is measured, not assumed: the
// caller, the agent and the supervisor are phones held by the test (test/helpers/test-phones.ts),
// each sending silence like a real phone and running TALK_DETECT on what it hears; one speaks
// (hello-world) and the test records who heard talk. Also: a supervisor of another queue is
// refused and no channel is made; a mode switch keeps the supervisor's phone and bridge; DELETE,
// the supervisor hanging up, a daemon restart and the end of the call each leave nothing behind;
// every action is in the audit log.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { AGENT_PASSWORD, agentLogin, login, queueConfig } from '../helpers/acd-api.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { listBridges, listChannels } from '../helpers/sandbox.js';
import { TestPhones } from '../helpers/test-phones.js';

interface MonitorJson {
  monitorId: string;
  callId: number;
  queueId: string;
  agentId: string;
  mode: string;
  spy: string;
  whisper: string;
  state: string;
  device: string;
  snoopChannelId: string;
  supervisorChannelId: string;
  bridgeId: string;
  endReason: string | null;
}

const SUPERVISOR_PHONE = 'Local/sup@switchboard-test-phone';
const dir = t.testdir();
const dbPath = join(dir, 'supervision.db');
let port: number;
let daemon: DaemonProcess;
let phones: TestPhones;
const tokens: Record<'sales' | 'billing' | 'amy', string> = { sales: '', billing: '', amy: '' };

const startDaemon = async () => {
  daemon = spawnDaemon({
    dbPath,
    port,
    env: { SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: 'switchboard-test-phone,switchboard-test-other' },
  });
  // Generous: a loaded test machine starts node slowly, and this file starts the daemon twice.
  await daemon.waitReady(40_000);
};

t.before(async () => {
  port = await freePort();
  await startDaemon();
  await adminApi(daemon, 'PUT', '/api/acd/queues/sales', queueConfig('Sales'));
  await adminApi(daemon, 'PUT', '/api/acd/queues/billing', queueConfig('Billing'));
  await publishFlow(daemon, 'to-sales', queueOnlyFlow('sales'), '670');
  tokens.amy = await agentLogin(daemon, 'amy', {
    name: 'Amy',
    queues: ['sales'],
    device: 'Local/amy@switchboard-test-phone/n',
  });
  await adminApi(daemon, 'POST', '/api/agents/amy/state', { state: 'available' });
  for (const queue of ['sales', 'billing'] as const) {
    const username = `sup-${queue}`;
    const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
      username,
      role: 'supervisor',
      password: AGENT_PASSWORD,
    });
    await adminApi(daemon, 'PUT', `/api/users/${user.id}/queues`, { queues: [queue] });
    tokens[queue] = await login(daemon, username);
  }
  phones = await TestPhones.connect();
});
t.teardown(async () => {
  await phones?.close();
  await daemon?.kill('SIGTERM');
});

async function api<T>(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T & { message?: string } };
}

const monitorChannels = async () => (await listChannels()).filter((c) => c.id.startsWith('monitor-'));
const monitorBridges = async () =>
  (await listBridges()).filter((b) => b.id.startsWith('switchboard-monitor-'));
const monitorsNow = async () =>
  (await api<{ items: MonitorJson[] }>(tokens.sales, 'GET', '/api/monitors')).body.items;

/** The audited end of a monitor (recorded by the daemon as it ends it, so maybe a moment later). */
const auditedEnd = (monitorId: string) =>
  eventually(`the end of monitor ${monitorId} in the audit log`, async () => {
    const ends = await adminApi<{ items: Array<{ details: Record<string, unknown> }> }>(
      daemon,
      'GET',
      '/api/audit?action=monitor.end&limit=50',
    );
    return ends.items.find((e) => e.details.monitorId === monitorId)?.details;
  });

/** Nothing of any monitor in Asterisk: no snoop, no supervisor phone (either half), no bridge. */
async function noMonitorLeft(): Promise<true> {
  let left: string[] = [];
  return eventually('no monitor channel or bridge left', async () => {
    left = [...(await monitorChannels()).map((c) => c.id), ...(await monitorBridges()).map((b) => b.id)];
    return left.length === 0 ? true : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}; still there: ${left.join(', ')}`);
  });
}

/** Starts a monitor as the sales supervisor and waits until their phone is answered and bridged. */
async function monitorConnected(callId: number, mode: string) {
  const res = await api<MonitorJson>(tokens.sales, 'POST', `/api/calls/${callId}/monitor`, {
    mode,
    device: SUPERVISOR_PHONE,
  });
  if (res.status !== 201) throw new Error(`monitor start answered ${res.status}: ${res.body.message}`);
  await eventually('the supervisor connected', async () =>
    (await monitorsNow()).find((m) => m.monitorId === res.body.monitorId && m.state === 'connected'),
  );
  const sup = await phones.phone('sup');
  return { monitor: res.body, sup };
}

let call: { caller: string; inbound: string };
let callId: number;
let callerEnd: string;
let agentEnd: string;

t.test('a caller of queue sales is answered by agent amy', async (t) => {
  call = await phones.call('670', '5550170', 'caller-1');
  callerEnd = call.caller;
  agentEnd = await phones.phone('amy');
  const row = await eventually('the call row', async () => (await callsFrom(daemon, '5550170'))[0]);
  callId = row.id;
  await eventually('caller and amy bridged', async () =>
    (await listBridges()).some((b) => b.id === `switchboard-call-${call.inbound}` && b.channels.length === 2)
      ? true
      : undefined,
  );
  t.pass(`call ${callId} is connected`);
});

t.test('refusals change nothing in Asterisk', async (t) => {
  const other = await api(tokens.billing, 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'listen',
    device: SUPERVISOR_PHONE,
  });
  t.equal(other.status, 403, 'a supervisor of billing may not monitor a sales call');
  t.match(other.body, { error: 'out_of_scope', message: /queue "sales"/ });
  const agent = await api(tokens.amy, 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'listen',
    device: SUPERVISOR_PHONE,
  });
  t.equal(agent.status, 403, 'an agent may not monitor, not even their own call');
  const cases: Array<[unknown, number, RegExp]> = [
    [{ mode: 'listen', device: 'Local/sup@switchboard-test-agent' }, 400, /context "switchboard-test-agent"/],
    [{ mode: 'listen', device: 'PJSIP/nobody-here' }, 400, /no PJSIP endpoint "nobody-here"/],
    [{ mode: 'listen', device: 'PJSIP/trunk&Local/sup@switchboard-test-phone' }, 400, /neither PJSIP/],
    [{ mode: 'listen' }, 400, /send "device".*user "sup-sales" has no agent record/],
    [
      { mode: 'shout', device: SUPERVISOR_PHONE },
      400,
      /^body\/mode must be equal to one of the allowed values/,
    ],
    [{ device: SUPERVISOR_PHONE }, 400, /must have required property 'mode'/],
  ];
  for (const [body, status, message] of cases) {
    const res = await api(tokens.sales, 'POST', `/api/calls/${callId}/monitor`, body);
    t.equal(res.status, status, `${JSON.stringify(body)} → ${status}`);
    t.match(res.body.message, message);
  }
  const unknown = await api(tokens.sales, 'POST', '/api/calls/999999/monitor', {
    mode: 'listen',
    device: SUPERVISOR_PHONE,
  });
  t.equal(unknown.status, 404);
  t.match(unknown.body.message, /call 999999 not found/);
  t.same(await monitorChannels(), [], 'no snoop and no supervisor phone was made');
  t.same(await monitorsNow(), [], 'no monitor is listed');
});

t.test('a call still waiting in the queue: 409 for its supervisor, 403 for another queue', async (t) => {
  const waiting = await phones.call('670', '5550171', 'caller-2');
  const row = await eventually('the second call row', async () => (await callsFrom(daemon, '5550171'))[0]);
  await eventually('the second caller waiting in sales (amy is busy)', async () => {
    const stats = await adminApi<{ items: Array<{ queueId: string; waiting: number }> }>(
      daemon,
      'GET',
      '/api/acd/queues',
    );
    return stats.items.find((q) => q.queueId === 'sales')?.waiting === 1 ? true : undefined;
  });
  const body = { mode: 'listen', device: SUPERVISOR_PHONE };
  const res = await api(tokens.sales, 'POST', `/api/calls/${row.id}/monitor`, body);
  t.equal(res.status, 409);
  t.match(res.body, {
    error: 'not_connected',
    message: new RegExp(`call ${row.id} is not connected to an agent \\(still waiting`),
  });
  const other = await api(tokens.billing, 'POST', `/api/calls/${row.id}/monitor`, body);
  t.equal(other.status, 403, 'another queue learns nothing of the call, not even that it waits');
  t.match(other.body, { error: 'out_of_scope', message: new RegExp(`call ${row.id}`) });
  await phones.hangup(waiting.caller);
  await eventually('the second caller gone', async () =>
    (await listChannels()).some((c) => c.id === waiting.inbound) ? undefined : true,
  );
  t.same(await monitorChannels(), [], 'no snoop and no supervisor phone was made');
});

let monitorId: string;
let supEnd: string;

t.test('listen: the supervisor hears caller and agent; nobody hears the supervisor', async (t) => {
  const { monitor, sup } = await monitorConnected(callId, 'listen');
  monitorId = monitor.monitorId;
  supEnd = sup;
  t.match(monitor, {
    callId,
    queueId: 'sales',
    agentId: 'amy',
    mode: 'listen',
    spy: 'both',
    whisper: 'none',
  });
  t.equal(monitor.device, `${SUPERVISOR_PHONE}/n`, 'a Local phone is always dialled with /n');
  const channels = await listChannels();
  const snoop = channels.find((c) => c.id === monitor.snoopChannelId);
  t.match(snoop?.name, /^Snoop\/agent-/, "the snoop channel sits on amy's leg (Snoop/<agent leg>-…)");
  t.match(
    snoop?.dialplan,
    { app_name: 'Stasis', app_data: /,monitor-snoop,/ },
    'in our app, not as a caller',
  );
  const bridge = (await listBridges()).find((b) => b.id === monitor.bridgeId);
  t.same(
    [...(bridge?.channels ?? [])].sort(),
    [monitor.snoopChannelId, monitor.supervisorChannelId].sort(),
    "the supervisor's phone and the snoop share the monitor's bridge",
  );
  t.same(
    await phones.speak(callerEnd, [agentEnd, supEnd]),
    [agentEnd, supEnd],
    'caller speaks: agent and supervisor hear',
  );
  t.same(
    await phones.speak(agentEnd, [callerEnd, supEnd]),
    [callerEnd, supEnd],
    'agent speaks: caller and supervisor hear',
  );
  t.same(await phones.speak(supEnd, [callerEnd, agentEnd]), [], 'supervisor speaks: nobody hears');
  const again = await api(tokens.sales, 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'barge',
    device: SUPERVISOR_PHONE,
  });
  t.equal(again.status, 409, 'a second monitor of the same call by the same supervisor is refused');
  t.match(again.body.message, new RegExp(`monitor ${monitorId}`));
  t.equal((await monitorChannels()).length, 3, 'still one snoop and one phone (two halves)');
});

t.test('whisper: a new snoop under the same phone and bridge; only the agent hears', async (t) => {
  const before = (await monitorsNow())[0] as MonitorJson;
  const res = await api<MonitorJson>(tokens.sales, 'PATCH', `/api/monitors/${monitorId}`, {
    mode: 'whisper',
  });
  t.equal(res.status, 200);
  t.match(res.body, { mode: 'whisper', spy: 'both', whisper: 'out', state: 'connected' });
  t.not(res.body.snoopChannelId, before.snoopChannelId, 'the snoop was replaced');
  t.equal(res.body.supervisorChannelId, before.supervisorChannelId, "the supervisor's phone stayed");
  await eventually('the old snoop gone', async () =>
    (await listChannels()).some((c) => c.id === before.snoopChannelId) ? undefined : true,
  );
  const bridge = (await listBridges()).find((b) => b.id === before.bridgeId);
  t.same(
    [...(bridge?.channels ?? [])].sort(),
    [res.body.snoopChannelId, res.body.supervisorChannelId].sort(),
  );
  t.same(
    await phones.speak(supEnd, [callerEnd, agentEnd]),
    [agentEnd],
    'supervisor speaks: only the agent hears',
  );
  t.same(
    await phones.speak(callerEnd, [agentEnd, supEnd]),
    [agentEnd, supEnd],
    'the supervisor still hears the caller',
  );
});

t.test('barge: caller and agent both hear the supervisor', async (t) => {
  const res = await api<MonitorJson>(tokens.sales, 'PATCH', `/api/monitors/${monitorId}`, { mode: 'barge' });
  t.equal(res.status, 200);
  t.match(res.body, { mode: 'barge', spy: 'both', whisper: 'both' });
  t.same(
    (await phones.speak(supEnd, [callerEnd, agentEnd])).sort(),
    [callerEnd, agentEnd].sort(),
    'supervisor speaks: both hear',
  );
  const bad = await api(tokens.sales, 'PATCH', `/api/monitors/${monitorId}`, { mode: 'coach' });
  t.equal(bad.status, 400);
  t.match(bad.body.message, /^body\/mode must be equal to one of the allowed values/);
  t.match((await monitorsNow())[0], { mode: 'barge' }, 'a bad PATCH changes nothing');
  const foreign = await api(tokens.billing, 'PATCH', `/api/monitors/${monitorId}`, { mode: 'listen' });
  t.equal(foreign.status, 403, 'a supervisor of another queue may not change it');
});

t.test('DELETE ends the monitor: snoop, phone and bridge go; the call goes on', async (t) => {
  const res = await api<MonitorJson>(tokens.sales, 'DELETE', `/api/monitors/${monitorId}`);
  t.equal(res.status, 200);
  t.match(res.body, { state: 'ended', endReason: /stopped by sup-sales/ });
  await noMonitorLeft();
  t.same(await monitorsNow(), []);
  const channels = (await listChannels()).map((c) => c.id);
  t.ok(
    channels.includes(call.inbound) && channels.some((id) => id.startsWith('agent-')),
    'caller and agent talk on',
  );
  t.equal(
    (await api(tokens.sales, 'DELETE', `/api/monitors/${monitorId}`)).status,
    404,
    'a second DELETE: 404',
  );
});

t.test('the supervisor hanging up ends the monitor', async (t) => {
  const { sup } = await monitorConnected(callId, 'listen');
  await phones.hangup(sup);
  await noMonitorLeft();
  t.same(await monitorsNow(), []);
});

t.test("the supervisor's phone not answered ends the monitor", async (t) => {
  const res = await api<MonitorJson>(tokens.sales, 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'listen',
    device: 'Local/ringsup@switchboard-test-phone',
  });
  t.equal(res.status, 201);
  t.match(res.body, { state: 'ringing', mode: 'listen' });
  const ringing = await phones.ringingPhone('ringsup');
  t.ok(
    (await listChannels()).some((c) => c.id === res.body.snoopChannelId),
    'the snoop waits for the phone',
  );
  t.same(await monitorBridges(), [], 'no bridge before the supervisor answers');
  // Declined: Asterisk ends an unanswered originate the same way when its ring timeout runs out.
  await phones.hangup(ringing);
  await noMonitorLeft();
  t.same(await monitorsNow(), []);
  t.match(
    await auditedEnd(res.body.monitorId),
    { reason: /the supervisor's phone was not answered/ },
    'the end and its reason are audited',
  );
});

t.test('DELETE while the phone rings stops the ringing', async (t) => {
  const res = await api<MonitorJson>(tokens.sales, 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'barge',
    device: 'Local/ringsup@switchboard-test-phone',
  });
  t.equal(res.status, 201);
  await phones.ringingPhone('ringsup');
  const stopped = await api<MonitorJson>(tokens.sales, 'DELETE', `/api/monitors/${res.body.monitorId}`);
  t.match(stopped.body, { state: 'ended', endReason: /stopped by sup-sales/ });
  await noMonitorLeft();
  await eventually('the phone stopped ringing', async () =>
    phones.ringing.has('ringsup') ? undefined : true,
  );
  t.pass('nothing rings and nothing is left');
});

t.test('after a daemon restart, a monitor left behind is hung up, never adopted as a caller', async (t) => {
  const callIds = async () =>
    (await adminApi<{ items: Array<{ id: number }> }>(daemon, 'GET', '/api/calls?limit=50')).items
      .map((r) => r.id)
      .sort();
  const before = await callIds();
  t.ok(before.includes(callId));
  const { monitor } = await monitorConnected(callId, 'whisper');
  await daemon.kill('SIGKILL');
  t.equal((await monitorChannels()).length, 3, 'snoop and phone outlive the killed daemon');
  await startDaemon();
  await noMonitorLeft();
  t.same(await callIds(), before, 'no snoop or supervisor phone became a call in the log');
  t.match(
    await auditedEnd(monitor.monitorId),
    { reason: /left behind by an earlier daemon process/ },
    'its end is audited by the new process',
  );
  t.ok(
    (await listChannels()).some((c) => c.id === call.inbound),
    'the caller is still connected (adopted by the new daemon)',
  );
});

t.test('the end of the call ends its monitor and leaves nothing behind', async (t) => {
  tokens.sales = await login(daemon, 'sup-sales');
  const { monitor } = await monitorConnected(callId, 'barge');
  await phones.hangup(callerEnd);
  await noMonitorLeft();
  await eventually('no channel at all left in Asterisk', async () =>
    (await listChannels()).length === 0 ? true : undefined,
  );
  t.same(
    (await listBridges()).filter((b) => b.channels.length > 0),
    [],
    'no bridge holds a channel',
  );
  t.same(await monitorsNow(), []);
  const audit = async (action: string) =>
    (
      await adminApi<{
        items: Array<{ actorName: string; outcome: string; details: Record<string, unknown> }>;
      }>(daemon, 'GET', `/api/audit?action=${action}&limit=50`)
    ).items;
  t.match(await auditedEnd(monitor.monitorId), { reason: /the call ended|the agent left the call/ });
  const starts = await audit('monitor.start');
  t.ok(
    starts.some((e) => e.outcome === 'denied' && e.actorName === 'sup-billing'),
    'the refused start is audited',
  );
  // listen (then whisper, barge), the hang-up one, two ringing ones, the restart one, this one.
  t.equal(starts.filter((e) => e.outcome === 'ok').length, 6, 'six starts');
  t.match(
    (await audit('monitor.mode')).map((e) => e.details).reverse(),
    [
      { from: 'listen', to: 'whisper', spy: 'both', whisper: 'out' },
      { from: 'whisper', to: 'barge', spy: 'both', whisper: 'both' },
    ],
    'mode changes audited with their snoop directions',
  );
  t.equal((await audit('monitor.stop')).length, 2, 'both DELETEs are audited');
});

t.test('the agent hanging up mid-listen ends the monitor and leaves nothing behind', async (t) => {
  const next = await phones.call('670', '5550172', 'caller-3');
  const row = await eventually('the third call row', async () => (await callsFrom(daemon, '5550172'))[0]);
  const amy = await phones.phone('amy');
  await eventually('caller and amy bridged', async () =>
    (await listBridges()).some((b) => b.id === `switchboard-call-${next.inbound}` && b.channels.length === 2)
      ? true
      : undefined,
  );
  const { monitor } = await monitorConnected(row.id, 'listen');
  await phones.hangup(amy);
  await noMonitorLeft();
  await eventually('no channel at all left in Asterisk', async () =>
    (await listChannels()).length === 0 ? true : undefined,
  );
  t.same(await monitorsNow(), []);
  t.match(await auditedEnd(monitor.monitorId), { reason: /the agent left the call|the call ended/ });
});

t.test(
  'SIGTERM with a monitor live: the daemon ends it (audited) and leaves none of it behind',
  async (t) => {
    const next = await phones.call('670', '5550173', 'caller-4');
    const row = await eventually('the fourth call row', async () => (await callsFrom(daemon, '5550173'))[0]);
    await phones.phone('amy');
    await eventually('caller and amy bridged', async () =>
      (await listBridges()).some(
        (b) => b.id === `switchboard-call-${next.inbound}` && b.channels.length === 2,
      )
        ? true
        : undefined,
    );
    const { monitor } = await monitorConnected(row.id, 'whisper');
    t.equal(await daemon.kill('SIGTERM'), 0, 'clean exit');
    t.same(await monitorChannels(), [], 'no snoop and no supervisor phone left');
    t.same(await monitorBridges(), [], 'no monitor bridge left');
    const db = new Database(dbPath, { readonly: true });
    const end = db
      .prepare("select actor_name, details from audit_log where action = 'monitor.end'")
      .all()
      .map((r) => ({
        ...(r as { actor_name: string }),
        details: JSON.parse((r as { details: string }).details),
      }))
      .find((r) => r.details.monitorId === monitor.monitorId);
    db.close();
    t.match(end, { actor_name: 'supervision', details: { reason: 'the daemon is stopping' } });
    await phones.hangup(next.caller);
  },
);
