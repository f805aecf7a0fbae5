// Tickets on a real call: a caller whose number belongs to a contact with an open ticket reaches
// an agent (a Local channel that answers); the screen-pop lists the ticket; the agent's wrap-up
// links the call; the ticket's worklog shows the call with duration, disposition and recording; a
// CRM's webhook hears of the call's end and the link, signed.
import { join } from 'node:path';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listBridges } from '../helpers/sandbox.js';
import { TestSocket } from '../realtime/ws-client.js';
import { startReceiver, eventually as waitUntil } from '../webhooks/receiver.js';

const PASSWORD = 'agent password for tests';
const CALLER = '5558001';
const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({
    dbPath: join(dir, 'tickets.db'),
    port: await freePort(),
    env: {
      SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      SWITCHBOARD_JOBS_QUEUE_PREFIX: `sbtest-jobs-${process.pid}-${Date.now()}`,
    },
  });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/helpdesk', {
    name: 'Helpdesk',
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 30,
    ringTimeoutSeconds: 10,
  });
  await publishFlow(daemon, 'to-helpdesk', queueOnlyFlow('helpdesk'), '620');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

async function agentApi<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

t.test(
  "screen-pop lists the caller's open ticket; wrap-up links the call; the worklog shows it",
  async (t) => {
    const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
      username: 'tina',
      role: 'agent',
      password: PASSWORD,
    });
    await adminApi(daemon, 'PUT', '/api/agents/tina', {
      name: 'Tina',
      skills: {},
      queues: ['helpdesk'],
      device: 'Local/tina@switchboard-test-agent/n',
      userId: user.id,
    });
    const login = await fetch(`${daemon.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tina', password: PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const ticket = await adminApi<{ id: number; contact: { id: number } }>(daemon, 'POST', '/api/tickets', {
      subject: 'Invoice shows the wrong address',
      priority: 'high',
      contact: { name: 'Ada Caller', phones: [CALLER] },
    });
    t.equal(
      (await agentApi(token, 'GET', `/api/tickets/${ticket.id}`)).status,
      404,
      'before the call tina cannot see it',
    );

    let secret = '';
    const crm = await startReceiver(t, () => secret);
    secret = (
      await adminApi<{ secret: string }>(daemon, 'POST', '/api/webhooks', {
        url: crm.url,
        events: ['call.ended', 'ticket.call-linked'],
      })
    ).secret;

    const socket = await TestSocket.open(`${daemon.url.replace(/^http/, 'ws')}/ws/agent`, {
      protocols: ['switchboard', `token.${token}`],
    });
    await socket.next('hello');
    socket.send({ type: 'set-state', state: 'available', id: 'login' });
    t.match(await socket.next('state', { skip: true }), { state: 'available' });

    const call = await callers.call('620', CALLER);
    const pop = await socket.next('screen-pop', { skip: true, timeoutMs: 15_000 });
    t.same(
      (pop.openTickets as Array<Record<string, unknown>>).map((x) => [x.id, x.subject, x.status, x.priority]),
      [[ticket.id, 'Invoice shows the wrong address', 'new', 'high']],
      "the screen-pop lists the caller's open ticket",
    );
    const bridgeId = `switchboard-call-${call.inbound}`;
    await eventually('caller and agent bridged', async () => {
      const found = (await listBridges()).find((b) => b.id === bridgeId);
      return found && found.channels.length === 2 ? found : undefined;
    });
    await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
    await new Promise((r) => setTimeout(r, 2500));
    await callers.hangup(call.caller);
    const row = await eventually('the call to end', async () => {
      const found = (await callsFrom(daemon, CALLER))[0];
      return found?.endedAt ? found : undefined;
    });

    const wrap = await agentApi<{ ticket: { id: number } }>(token, 'POST', `/api/calls/${row.id}/wrap-up`, {
      disposition: 'resolved',
      notes: 'address corrected',
      ticketId: ticket.id,
    });
    t.equal(wrap.status, 201, JSON.stringify(wrap.body));
    t.match(wrap.body, { ticket: { id: ticket.id, created: false } });

    const worklog = await agentApi<{ items: Array<Record<string, unknown>> }>(
      token,
      'GET',
      `/api/tickets/${ticket.id}/worklog`,
    );
    t.equal(worklog.status, 200, 'tina sees the ticket now: she answered a linked call');
    const entry = worklog.body.items.find((i) => i.kind === 'call') as {
      call: {
        id: number;
        durationSeconds: number;
        talkSeconds: number;
        answeredBy: unknown[];
        disposition: unknown;
        recordings: string[];
      };
    };
    t.ok(entry, 'a call entry');
    t.match(entry.call, {
      id: row.id,
      answeredBy: [{ agentId: 'tina', name: 'Tina' }],
      disposition: { code: 'resolved', notes: 'address corrected', agentId: 'tina' },
    });
    t.ok(entry.call.durationSeconds >= 2, `duration ${entry.call.durationSeconds} s`);
    t.ok(entry.call.talkSeconds >= 2, `talk time ${entry.call.talkSeconds} s`);
    t.equal(entry.call.recordings.length, 1, `the recording: ${entry.call.recordings.join(', ')}`);
    await waitUntil(
      () => ['call.ended', 'ticket.call-linked'].every((e) => crm.received.some((r) => r.event === e)),
      15_000,
      "the CRM's webhook deliveries",
    );
    t.ok(
      crm.received.every((r) => r.signed),
      'every delivery carries a valid signature',
    );
    t.match(crm.received.find((r) => r.event === 'call.ended')?.body.data, {
      callId: row.id,
      callerNumber: CALLER,
      endedBy: 'caller',
    });
    t.match(crm.received.find((r) => r.event === 'ticket.call-linked')?.body.data, {
      ticketId: ticket.id,
      callId: row.id,
    });
    const linked = await agentApi<{ items: Array<{ id: number }> }>(
      token,
      'GET',
      `/api/calls/${row.id}/tickets`,
    );
    t.same(
      linked.body.items.map((x) => x.id),
      [ticket.id],
    );

    socket.close();
    await adminApi(daemon, 'POST', '/api/agents/tina/state', { state: 'logged-out' });
    await eventually('no agent leg left', async () =>
      ((await ariRequest('GET', '/channels')) as Array<{ id: string }>).some((c) => c.id.startsWith('agent-'))
        ? undefined
        : true,
    );
    t.notOk(
      (await listBridges()).some((b) => b.id === bridgeId),
      'no bridge left',
    );
  },
);
