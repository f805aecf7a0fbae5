// The supervisor socket: a snapshot on connect, every agent transition, queue stats coalesced per queue.
import t from 'tap';
import { browserProtocols, type RealtimeFixture, realtimeFixture } from './fixtures.js';
import { type Received, TestSocket } from './ws-client.js';

const supervisorSocket = (f: RealtimeFixture) =>
  TestSocket.open(`${f.base}/ws/supervisor`, { protocols: browserProtocols(f.supervisorToken) });

const setState = async (f: RealtimeFixture, id: string, state: string, reason?: string) => {
  const res = await f.app.inject({
    method: 'POST',
    url: `/api/agents/${id}/state`,
    headers: f.adminHeaders,
    payload: reason ? { state, reason } : { state },
  });
  if (res.statusCode !== 200) throw new Error(`state ${state} for ${id}: ${res.statusCode} ${res.body}`);
};

t.test('snapshot on connect: every queue with its stats, every agent with its state', async (t) => {
  const f = await realtimeFixture(t);
  await setState(f, 'bob', 'paused', 'training');
  const supervisor = await supervisorSocket(f);
  const snapshot = await supervisor.next('snapshot');
  t.match(snapshot, { v: 1, type: 'snapshot' });
  const queues = snapshot.queues as Array<Record<string, unknown>>;
  t.equal(queues.length, 1);
  t.match(queues[0], {
    queueId: 'support',
    name: 'Support',
    waiting: 0,
    staffed: 1,
    agents: { paused: 1, 'logged-out': 1 },
  });
  t.match(snapshot.agents, [
    { id: 'alice', name: 'Alice', state: 'logged-out', queues: ['support'] },
    { id: 'bob', name: 'Bob', state: 'paused', reason: 'training', queues: ['support'] },
  ]);
  supervisor.close();
});

t.test('agent transitions arrive one by one; the queue they change follows', async (t) => {
  const f = await realtimeFixture(t);
  const supervisor = await supervisorSocket(f);
  await supervisor.next('snapshot');
  await setState(f, 'alice', 'available');
  t.match(await supervisor.next('agent'), {
    v: 1,
    agentId: 'alice',
    name: 'Alice',
    from: 'logged-out',
    to: 'available',
    since: String,
  });
  t.match(await supervisor.next('queue'), { queue: { queueId: 'support', agents: { available: 1 } } });
  await setState(f, 'alice', 'paused', 'coffee');
  t.match(await supervisor.next('agent'), { from: 'available', to: 'paused', reason: 'coffee' });
  // Within 200 ms of the last queue message: this one waits for the window, then shows the latest.
  t.match(await supervisor.next('queue'), { queue: { agents: { available: 0, paused: 1 } } });
  supervisor.close();
});

t.test(
  'queue changes are coalesced: at most one message per queue per 200 ms, ending on the latest',
  async (t) => {
    const f = await realtimeFixture(t);
    const supervisor = await supervisorSocket(f);
    await supervisor.next('snapshot');
    const events = f.deps.acd.events;
    const arrivals: number[] = [];
    supervisor.ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as Received).type === 'queue') arrivals.push(Date.now());
    });
    const started = Date.now();
    for (let i = 0; i < 50; i++) events.emit('queueChanged', { queueId: 'support' });
    await new Promise((r) => setTimeout(r, 120));
    t.equal(arrivals.length, 1, 'the first change goes out at once');
    t.ok((arrivals[0] ?? Infinity) - started < 100, 'without waiting for the window');
    // A state change inside the window: the trailing message must carry it.
    await setState(f, 'bob', 'available');
    await new Promise((r) => setTimeout(r, 250));
    t.equal(arrivals.length, 2, '50 changes and a state change in 200 ms: two messages');
    const gap = (arrivals[1] ?? 0) - (arrivals[0] ?? 0);
    t.ok(gap >= 180, `the second waited for the window (${gap} ms)`);
    const last = supervisor.all('queue').at(-1);
    t.match(last, { queue: { queueId: 'support', agents: { available: 1 } } }, 'the latest figures');

    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) events.emit('queueChanged', { queueId: 'support' });
      await new Promise((r) => setTimeout(r, 70));
    }
    await new Promise((r) => setTimeout(r, 250));
    const span = (arrivals.at(-1) ?? 0) - (arrivals[1] ?? 0);
    t.ok(
      arrivals.length - 2 <= Math.floor(span / 190) + 1,
      `steady changes: ${arrivals.length - 2} messages over ${span} ms`,
    );
    for (let i = 1; i < arrivals.length; i++)
      t.ok((arrivals[i] ?? 0) - (arrivals[i - 1] ?? 0) >= 180, `message ${i} kept the 200 ms distance`);
    t.equal(supervisor.all('agent').length, 1, 'agent transitions are never coalesced');
    supervisor.close();
  },
);

t.test('supervisors only watch: anything but ping gets an error, the socket stays', async (t) => {
  const f = await realtimeFixture(t);
  const supervisor = await supervisorSocket(f);
  await supervisor.next('snapshot');
  supervisor.send({ type: 'set-state', state: 'available', id: 1 });
  t.match(await supervisor.next('error'), {
    code: 'unknown-type',
    message: /only watches: it takes ping, not set-state/,
    replyTo: 1,
  });
  supervisor.send('{oops');
  t.match(await supervisor.next('error'), { code: 'invalid-json' });
  supervisor.send({ type: 'ping', id: 'p' });
  t.match(await supervisor.next('pong'), { replyTo: 'p' });
  supervisor.close();
});
