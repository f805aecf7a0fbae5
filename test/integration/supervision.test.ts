// Supervisors on a real connected ACD call through the sandbox Asterisk: listen, whisper (coach) and
// barge over ARI snoop channels on the agent's leg. Who hears whom is measured, not assumed: the
// caller, the agent and the supervisor are phones held by the test (test/helpers/test-phones.ts),
// each sending silence like a real phone and running TALK_DETECT on what it hears; one speaks
// (hello-world) and the test records who heard talk. Also: refusals (another queue, an agent, an
// unknown or waiting call, bad input) make no channel; a mode switch keeps the supervisor's phone
// and bridge; DELETE, the supervisor hanging up or not answering, the agent hanging up, the end of
// the call, a daemon killed or stopped each leave nothing behind; every action is in the audit log.
// Only this file's channels are looked at: other test files share the sandbox at the same time.
import Database from 'better-sqlite3';
import t from 'tap';
import { callsFrom } from '../helpers/calls-api.js';
import { eventually } from '../helpers/daemon.js';
import { adminApi } from '../helpers/ivr-api.js';
import { listBridges, listChannels } from '../helpers/sandbox.js';
import {
  type LiveCall,
  type MonitorJson,
  SUPERVISOR_PHONE,
  SupervisionLive,
} from '../helpers/supervision-live.js';

const live = new SupervisionLive(t.testdir());
t.before(() => live.setUp());
t.teardown(() => live.close());

let call: LiveCall;
let callId: number;
let callerEnd: string;
let agentEnd: string;

t.test('a caller of queue sales is answered by agent amy', async (t) => {
  call = await live.connectedCall('5550170', 'caller-1');
  ({ callId, caller: callerEnd, agentEnd } = call);
  t.pass(`call ${callId} is connected`);
});

t.test('refusals change nothing in Asterisk', async (t) => {
  const other = await live.api('billing', 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'listen',
    device: SUPERVISOR_PHONE,
  });
  t.equal(other.status, 403, 'a supervisor of billing may not monitor a sales call');
  t.match(other.body, { error: 'out_of_scope', message: /queue "sales"/ });
  const agent = await live.api('amy', 'POST', `/api/calls/${callId}/monitor`, {
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
    const res = await live.api('sales', 'POST', `/api/calls/${callId}/monitor`, body);
    t.equal(res.status, status, `${JSON.stringify(body)} → ${status}`);
    t.match(res.body.message, message);
  }
  const unknown = await live.api('sales', 'POST', '/api/calls/999999/monitor', {
    mode: 'listen',
    device: SUPERVISOR_PHONE,
  });
  t.equal(unknown.status, 404);
  t.match(unknown.body.message, /call 999999 not found/);
  t.same(await live.monitorChannels(), [], 'no snoop and no supervisor phone was made');
  t.same(await live.monitorsNow(), [], 'no monitor is listed');
});

t.test('a call still waiting in the queue: 409 for its supervisor, 403 for another queue', async (t) => {
  const waiting = await live.phones.call('670', '5550171', 'caller-2');
  const row = await eventually(
    'the second call row',
    async () => (await callsFrom(live.daemon, '5550171'))[0],
  );
  await eventually('the second caller waiting in sales (amy is busy)', async () => {
    const stats = await adminApi<{ items: Array<{ queueId: string; waiting: number }> }>(
      live.daemon,
      'GET',
      '/api/acd/queues',
    );
    return stats.items.find((q) => q.queueId === 'sales')?.waiting === 1 ? true : undefined;
  });
  const body = { mode: 'listen', device: SUPERVISOR_PHONE };
  const res = await live.api('sales', 'POST', `/api/calls/${row.id}/monitor`, body);
  t.equal(res.status, 409);
  t.match(res.body, {
    error: 'not_connected',
    message: new RegExp(`call ${row.id} is not connected to an agent \\(still waiting`),
  });
  const other = await live.api('billing', 'POST', `/api/calls/${row.id}/monitor`, body);
  t.equal(other.status, 403, 'another queue learns nothing of the call, not even that it waits');
  t.match(other.body, { error: 'out_of_scope', message: new RegExp(`call ${row.id}`) });
  await live.phones.hangup(waiting.caller);
  await eventually('the second caller gone', async () =>
    (await listChannels()).some((c) => c.id === waiting.inbound) ? undefined : true,
  );
  t.same(await live.monitorChannels(), [], 'no snoop and no supervisor phone was made');
});

let monitorId: string;
let supEnd: string;

t.test('listen: the supervisor hears caller and agent; nobody hears the supervisor', async (t) => {
  const { monitor, sup } = await live.monitorConnected(callId, 'listen');
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
    await live.phones.speak(callerEnd, [agentEnd, supEnd]),
    [agentEnd, supEnd],
    'caller speaks: agent and supervisor hear',
  );
  t.same(
    await live.phones.speak(agentEnd, [callerEnd, supEnd]),
    [callerEnd, supEnd],
    'agent speaks: caller and supervisor hear',
  );
  t.same(await live.phones.speak(supEnd, [callerEnd, agentEnd]), [], 'supervisor speaks: nobody hears');
  const again = await live.api('sales', 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'barge',
    device: SUPERVISOR_PHONE,
  });
  t.equal(again.status, 409, 'a second monitor of the same call by the same supervisor is refused');
  t.match(again.body.message, new RegExp(`monitor ${monitorId}`));
  t.equal((await live.monitorChannels()).length, 3, 'still one snoop and one phone (two halves)');
});

t.test('whisper: a new snoop under the same phone and bridge; only the agent hears', async (t) => {
  const before = (await live.monitorsNow())[0] as MonitorJson;
  const res = await live.api<MonitorJson>('sales', 'PATCH', `/api/monitors/${monitorId}`, {
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
    await live.phones.speak(supEnd, [callerEnd, agentEnd]),
    [agentEnd],
    'supervisor speaks: only the agent hears',
  );
  t.same(
    await live.phones.speak(callerEnd, [agentEnd, supEnd]),
    [agentEnd, supEnd],
    'the supervisor still hears the caller',
  );
});

t.test('barge: caller and agent both hear the supervisor', async (t) => {
  const res = await live.api<MonitorJson>('sales', 'PATCH', `/api/monitors/${monitorId}`, { mode: 'barge' });
  t.equal(res.status, 200);
  t.match(res.body, { mode: 'barge', spy: 'both', whisper: 'both' });
  t.same(
    (await live.phones.speak(supEnd, [callerEnd, agentEnd])).sort(),
    [callerEnd, agentEnd].sort(),
    'supervisor speaks: both hear',
  );
  const bad = await live.api('sales', 'PATCH', `/api/monitors/${monitorId}`, { mode: 'coach' });
  t.equal(bad.status, 400);
  t.match(bad.body.message, /^body\/mode must be equal to one of the allowed values/);
  t.match((await live.monitorsNow())[0], { mode: 'barge' }, 'a bad PATCH changes nothing');
  const foreign = await live.api('billing', 'PATCH', `/api/monitors/${monitorId}`, { mode: 'listen' });
  t.equal(foreign.status, 403, 'a supervisor of another queue may not change it');
});

t.test('DELETE ends the monitor: snoop, phone and bridge go; the call goes on', async (t) => {
  const res = await live.api<MonitorJson>('sales', 'DELETE', `/api/monitors/${monitorId}`);
  t.equal(res.status, 200);
  t.match(res.body, { state: 'ended', endReason: /stopped by sup-sales/ });
  await live.noMonitorLeft();
  t.same(await live.monitorsNow(), []);
  const channels = (await listChannels()).map((c) => c.id);
  t.ok(
    call.legs.every((id) => channels.includes(id)),
    'caller and agent talk on',
  );
  t.equal(
    (await live.api('sales', 'DELETE', `/api/monitors/${monitorId}`)).status,
    404,
    'a second DELETE: 404',
  );
});

t.test('the supervisor hanging up ends the monitor', async (t) => {
  const { sup } = await live.monitorConnected(callId, 'listen');
  await live.phones.hangup(sup);
  await live.noMonitorLeft();
  t.same(await live.monitorsNow(), []);
});

t.test("the supervisor's phone not answered ends the monitor", async (t) => {
  const res = await live.api<MonitorJson>('sales', 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'listen',
    device: 'Local/ringsup@switchboard-test-phone',
  });
  t.equal(res.status, 201);
  t.match(res.body, { state: 'ringing', mode: 'listen' });
  const ringing = await live.phones.ringingPhone('ringsup');
  t.ok(
    (await listChannels()).some((c) => c.id === res.body.snoopChannelId),
    'the snoop waits for the phone',
  );
  t.same(await live.monitorBridges(), [], 'no bridge before the supervisor answers');
  // Declined: Asterisk ends an unanswered originate the same way when its ring timeout runs out.
  await live.phones.hangup(ringing);
  await live.noMonitorLeft();
  t.same(await live.monitorsNow(), []);
  t.match(
    await live.auditedEnd(res.body.monitorId),
    { reason: /the supervisor's phone was not answered/ },
    'the end and its reason are audited',
  );
});

t.test('DELETE while the phone rings stops the ringing', async (t) => {
  const res = await live.api<MonitorJson>('sales', 'POST', `/api/calls/${callId}/monitor`, {
    mode: 'barge',
    device: 'Local/ringsup@switchboard-test-phone',
  });
  t.equal(res.status, 201);
  await live.phones.ringingPhone('ringsup');
  const stopped = await live.api<MonitorJson>('sales', 'DELETE', `/api/monitors/${res.body.monitorId}`);
  t.match(stopped.body, { state: 'ended', endReason: /stopped by sup-sales/ });
  await live.noMonitorLeft();
  await eventually('the phone stopped ringing', async () =>
    live.phones.ringing.has('ringsup') ? undefined : true,
  );
  t.pass('nothing rings and nothing is left');
});

t.test('after a daemon restart, a monitor left behind is hung up, never adopted as a caller', async (t) => {
  const callIds = async () =>
    (await adminApi<{ items: Array<{ id: number }> }>(live.daemon, 'GET', '/api/calls?limit=50')).items
      .map((r) => r.id)
      .sort();
  const before = await callIds();
  t.ok(before.includes(callId));
  const { monitor } = await live.monitorConnected(callId, 'whisper');
  await live.daemon.kill('SIGKILL');
  t.equal((await live.monitorChannels()).length, 3, 'snoop and phone outlive the killed daemon');
  await live.startDaemon();
  await live.noMonitorLeft();
  t.same(await callIds(), before, 'no snoop or supervisor phone became a call in the log');
  t.match(
    await live.auditedEnd(monitor.monitorId),
    { reason: /left behind by an earlier daemon process/ },
    'its end is audited by the new process',
  );
  t.ok(
    (await listChannels()).some((c) => c.id === call.inbound),
    'the caller is still connected (adopted by the new daemon)',
  );
});

t.test('the end of the call ends its monitor and leaves nothing behind', async (t) => {
  await live.relogin();
  const { monitor } = await live.monitorConnected(callId, 'barge');
  await live.phones.hangup(callerEnd);
  await live.nothingLeftOf(call);
  t.same(await live.monitorsNow(), []);
  const audit = (action: string) => live.audit(action);
  t.match(await live.auditedEnd(monitor.monitorId), { reason: /the call ended|the agent left the call/ });
  const starts = await audit('monitor.start');
  t.equal(
    starts.filter((e) => e.outcome === 'denied' && e.actorName === 'sup-billing').length,
    2,
    "billing's two refused starts (a connected and a waiting sales call) are audited",
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
  const next = await live.connectedCall('5550172', 'caller-3');
  const { monitor } = await live.monitorConnected(next.callId, 'listen');
  await live.phones.hangup(next.agentEnd);
  await live.nothingLeftOf(next);
  t.same(await live.monitorsNow(), []);
  t.match(await live.auditedEnd(monitor.monitorId), { reason: /the agent left the call|the call ended/ });
});

t.test(
  'SIGTERM with a monitor live: the daemon ends it (audited) and leaves none of it behind',
  async (t) => {
    const next = await live.connectedCall('5550173', 'caller-4');
    const { monitor } = await live.monitorConnected(next.callId, 'whisper');
    t.equal(await live.daemon.kill('SIGTERM'), 0, 'clean exit');
    t.same(await live.monitorChannels(), [], 'no snoop and no supervisor phone left');
    t.same(await live.monitorBridges(), [], 'no monitor bridge left');
    const db = new Database(live.dbPath, { readonly: true });
    const ends = db
      .prepare("select actor_name, details from audit_log where action = 'monitor.end'")
      .all() as Array<{ actor_name: string; details: string }>;
    db.close();
    const end = ends.find((r) => JSON.parse(r.details).monitorId === monitor.monitorId);
    t.match(end?.actor_name, 'supervision');
    t.match(JSON.parse(end?.details ?? '{}'), { reason: 'the daemon is stopping' });
    await live.phones.hangup(next.caller);
  },
);
