// Blind transfer on real calls: an agent on a call sends the caller to another queue (where another
// agent answers) or out to a number through a dialplan route; the first agent goes to wrap-up, no
// channel or bridge is left over, and bad requests change nothing.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { AGENT_PASSWORD, login, queueConfig } from '../helpers/acd-api.js';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listBridges } from '../helpers/sandbox.js';

const queue = (name: string) => queueConfig(name);

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({
    dbPath: join(dir, 'transfer.db'),
    port: await freePort(),
    env: { SWITCHBOARD_TRANSFER_ROUTES: 'test' },
  });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/first-line', queue('First line'));
  await adminApi(daemon, 'PUT', '/api/acd/queues/experts', queue('Experts'));
  await publishFlow(daemon, 'to-first-line', queueOnlyFlow('first-line'), '660');
  for (const [id, queueId] of [
    ['una', 'first-line'],
    ['vic', 'experts'],
  ] as const) {
    await adminApi(daemon, 'PUT', `/api/agents/${id}`, {
      name: id,
      skills: {},
      queues: [queueId],
      device: `Local/${id}@switchboard-test-agent/n`,
    });
  }
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

type Offer = { agentId: string; queueId: string; outcome: string };
const offersOf = async (callId: number) =>
  (await adminApi<{ items: Offer[] }>(daemon, 'GET', `/api/calls/${callId}/offers`)).items;
const setState = (id: string, state: string) =>
  adminApi(daemon, 'POST', `/api/agents/${id}/state`, { state });
const transfer = async (callId: number, body: unknown) => {
  const res = await fetch(`${daemon.url}/api/calls/${callId}/transfer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await daemon.adminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { message?: string } };
};

/** A caller from `number` answered by una: their call row, with both in one bridge. */
async function answeredByUna(number: string) {
  const call = await callers.call('660', number);
  const row = await eventually('the call row', async () => (await callsFrom(daemon, number))[0]);
  await eventually('caller and una bridged', async () =>
    (await listBridges()).some((b) => b.id === `switchboard-call-${call.inbound}` && b.channels.length === 2)
      ? true
      : undefined,
  );
  return { call, row };
}

async function nothingLeft(): Promise<void> {
  await eventually('no channel and no call bridge left', async () => {
    const channels = (await ariRequest('GET', '/channels')) as unknown[];
    const bridges = (await listBridges()).filter((b) => b.id.startsWith('switchboard-call-'));
    return channels.length === 0 && bridges.length === 0 ? true : undefined;
  });
}

t.test('to a queue: the caller waits there and the next agent answers; the first wraps up', async (t) => {
  await setState('una', 'available');
  await setState('vic', 'available');
  const { call, row } = await answeredByUna('5559401');
  const res = await transfer(row.id, { queue: 'experts' });
  t.equal(res.status, 202, JSON.stringify(res.body));
  const offers = await eventually('vic answers the transferred caller', async () => {
    const found = await offersOf(row.id);
    return found.some((o) => o.agentId === 'vic' && o.outcome === 'answered') ? found : undefined;
  });
  t.same(
    offers.map((o) => [o.agentId, o.queueId, o.outcome]),
    [
      ['una', 'first-line', 'answered'],
      ['vic', 'experts', 'answered'],
    ],
  );
  const bridge = await eventually('the caller bridged again, with vic', async () =>
    (await listBridges()).find(
      (b) =>
        b.id === `switchboard-call-${call.inbound}` &&
        b.channels.length === 2 &&
        b.channels.includes(call.inbound),
    ),
  );
  t.ok(bridge, 'a fresh call bridge holds the caller and vic');
  const db = new Database(join(dir, 'transfer.db'), { readonly: true });
  const una = db
    .prepare(
      "select from_state as 'from', to_state as 'to' from agent_state_log where agent_id = 'una' order by id",
    )
    .all() as Array<{ from: string; to: string }>;
  db.close();
  t.ok(
    una.some((x) => x.from === 'on-call' && x.to === 'wrap-up'),
    'una went from the call to wrap-up',
  );
  await eventually('una available again after wrap-up', async () => {
    const stats = await adminApi<{ items: Array<{ queueId: string; agents: Record<string, number> }> }>(
      daemon,
      'GET',
      '/api/acd/queues',
    );
    return stats.items.find((q) => q.queueId === 'first-line')?.agents.available === 1 ? true : undefined;
  });
  await callers.hangup(call.caller);
  await nothingLeft();
});

t.test('to a number through a route: the caller leaves the app into the dialplan', async (t) => {
  const { call, row } = await answeredByUna('5559402');
  const res = await transfer(row.id, { number: '2001', route: 'test' });
  t.equal(res.status, 202, JSON.stringify(res.body));
  const ended = await eventually('the call to leave the app', async () => {
    const found = (await callsFrom(daemon, '5559402'))[0];
    return found?.endedAt ? found : undefined;
  });
  t.equal(ended.endedBy, 'transferred');
  t.match(ended.hangupCauseText, /left the app: switchboard-route-test,2001/);
  const routed = await eventually('the dialplan route to run', async () => {
    const channels = (await ariRequest('GET', '/channels')) as Array<{
      id: string;
      dialplan: { context: string };
    }>;
    const inbound = channels.find((c) => c.id === call.inbound);
    return inbound ? inbound.dialplan.context : 'gone';
  });
  t.ok(['switchboard-route-test', 'gone'].includes(routed), `caller went on in ${routed}`);
  await callers.hangup(call.caller);
  await nothingLeft();
});

t.test('bad transfers name what is wrong and leave the call as it was', async (t) => {
  t.equal((await transfer(999999, { queue: 'experts' })).status, 404, 'unknown call');
  const { call, row } = await answeredByUna('5559403');
  for (const [body, status, message] of [
    [{ queue: 'nowhere' }, 400, /queue "nowhere" does not exist/],
    [{ number: '2001&PJSIP/x', route: 'test' }, 400, /contains "&"/],
    [{ number: '2001', route: 'pstn' }, 400, /route "pstn" is not configured/],
    [{ queue: 'experts', number: '1' }, 400, /./],
  ] as const) {
    const res = await transfer(row.id, body);
    t.equal(res.status, status, `${JSON.stringify(body)} → ${status}`);
    t.match(res.body.message, message);
  }
  // A state that cannot be: una is on a call, so she cannot be made available.
  await t.rejects(setState('una', 'available'), /409.*on-call/);
  // An agent who is not on the call may not move it.
  await adminApi(daemon, 'POST', '/api/users', { username: 'wes', role: 'agent', password: AGENT_PASSWORD });
  const wes = await login(daemon, 'wes');
  const byWes = await fetch(`${daemon.url}/api/calls/${row.id}/transfer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${wes}`, 'content-type': 'application/json' },
    body: JSON.stringify({ queue: 'experts' }),
  });
  t.equal(byWes.status, 403, "another agent cannot transfer una's call");
  const bridge = (await listBridges()).find((b) => b.id === `switchboard-call-${call.inbound}`);
  t.equal(bridge?.channels.length, 2, 'caller and agent still talking');
  t.same(
    (await offersOf(row.id)).map((o) => o.outcome),
    ['answered'],
  );
  await callers.hangup(call.caller);
  await nothingLeft();
  const after = await transfer(row.id, { queue: 'experts' });
  t.equal(after.status, 409, 'an ended call cannot be transferred');
  t.match(after.body.message, /not connected to an agent/);
});
