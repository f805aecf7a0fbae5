// Screen-pop on real calls: a caller keys digits in the IVR, is queued, and the agent's websocket
// gets the screen-pop (with the path and the digits) BEFORE the agent's phone is answered; then
// answered and ended. Supervisors see the queue and every agent transition.
import { join } from 'node:path';
import t from 'tap';
import { agentLogin, queueConfig } from '../helpers/acd-api.js';
import { CallerApp, type ObservedEvent } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow } from '../helpers/ivr-api.js';
import { ariRequest } from '../helpers/sandbox.js';
import { type Received, TestSocket } from '../realtime/ws-client.js';

const ACCOUNT_THEN_QUEUE = `
name: account-then-queue
start: account
nodes:
  account:
    type: collect
    prompts: [{ sound: vm-enter-num-to-call }]
    variable: account
    minDigits: 3
    maxDigits: 6
    terminator: "#"
    timeoutSeconds: 5
    maxAttempts: 2
    next: to-agent
    onFailure: to-agent
  to-agent:
    type: queue
    queue: popq
    prompts: [{ sound: one-moment-please }]
`;

const STRAIGHT_TO_QUEUE = `
name: straight-to-pairs
start: pairs
nodes:
  pairs:
    type: queue
    queue: pairs
    prompts: [{ sound: one-moment-please }]
`;

const queue = (name: string) => queueConfig(name);

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;
let wsBase: string;

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'screen-pop.db'), port: await freePort() });
  await daemon.waitReady();
  wsBase = daemon.url.replace(/^http/, 'ws');
  await adminApi(daemon, 'PUT', '/api/acd/queues/popq', queue('Screen-pop queue'));
  await adminApi(daemon, 'PUT', '/api/acd/queues/pairs', queue('Pairs'));
  await publishFlow(daemon, 'account-then-queue', ACCOUNT_THEN_QUEUE, '610');
  await publishFlow(daemon, 'straight-to-pairs', STRAIGHT_TO_QUEUE, '611');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  callers?.close();
  await daemon?.kill('SIGTERM');
});

/** An agent user, linked to an agent record with `device`, logged in: returns their session token. */
const agentLoginTo = (id: string, queueId: string, device: string) =>
  agentLogin(daemon, id, { queues: [queueId], device, name: `${id.charAt(0).toUpperCase()}${id.slice(1)}` });

const openSocket = (path: string, token: string) =>
  TestSocket.open(`${wsBase}${path}`, { protocols: ['switchboard', `token.${token}`] });

/** The agent leg answered: it entered the app (StasisStart) or went Up, whichever Asterisk says first. */
const agentLegAnswered = (channelId: string) => (e: ObservedEvent) =>
  e.channel?.id === channelId &&
  (e.type === 'StasisStart' ||
    (e.type === 'ChannelStateChange' && (e.channel as { state?: string }).state === 'Up'));

async function noAgentLegsLeft(): Promise<true> {
  return eventually('no agent leg left in Asterisk', async () => {
    const channels = (await ariRequest('GET', '/channels')) as Array<{ id: string }>;
    return channels.some((c) => c.id.startsWith('agent-')) ? undefined : true;
  });
}

t.test(
  'the screen-pop reaches the agent before the phone is answered, with the IVR path and the digits',
  async (t) => {
    const token = await agentLoginTo('dana', 'popq', 'Local/dana@switchboard-test-agent-slow/n');
    const agent = await openSocket('/ws/agent', token);
    t.equal(agent.ws.protocol, 'switchboard');
    t.match(await agent.next('hello'), { agent: { id: 'dana', state: 'logged-out', queues: ['popq'] } });
    const supervisor = await openSocket('/ws/supervisor', await daemon.adminToken());
    const snapshot = await supervisor.next('snapshot');
    t.ok(
      (snapshot.queues as Array<{ queueId: string }>).some((q) => q.queueId === 'popq'),
      'the snapshot lists the queue',
    );

    // An earlier call from the same number that hangs up in the IVR: the screen-pop lists it.
    const earlier = await callers.call('610', '5557001');
    await callers.playbackStarted(earlier.inbound, 'sound:vm-enter-num-to-call');
    await callers.hangup(earlier.caller);
    const earlierRow = await eventually('the earlier call to end', async () => {
      const row = (await callsFrom(daemon, '5557001'))[0];
      return row?.endedAt ? row : undefined;
    });

    agent.send({ type: 'set-state', state: 'available', id: 'login' });
    t.match(await agent.next('state'), { state: 'available', from: 'logged-out', replyTo: 'login' });

    const call = await callers.call('610', '5557001');
    await callers.playbackStarted(call.inbound, 'sound:vm-enter-num-to-call');
    await callers.press(call.caller, '4711#');

    const pop = await agent.next('screen-pop', { skip: true, timeoutMs: 15_000 });
    const popArrived = agent.arrivalOf(pop);
    const legId = `agent-${pop.offerId as string}`;
    t.notOk(
      callers.events.some(agentLegAnswered(legId)),
      'when the screen-pop arrived, Asterisk had not answered the agent leg',
    );
    const answeredEvent = await callers.waitFor(
      'the agent leg to be answered',
      agentLegAnswered(legId),
      15_000,
    );
    const answeredAt = Date.parse(answeredEvent.timestamp);
    t.ok(
      popArrived < answeredAt,
      `screen-pop at ${new Date(popArrived).toISOString()}, agent answered at ${answeredEvent.timestamp} (${answeredAt - popArrived} ms later)`,
    );

    const row = (await callsFrom(daemon, '5557001')).find((c) => c.id !== earlierRow.id);
    t.match(pop, {
      v: 1,
      callId: row?.id,
      callerNumber: '5557001',
      dialedNumber: '610',
      queue: { id: 'popq', name: 'Screen-pop queue' },
      waitedMs: Number,
    });
    const ivr = pop.ivr as {
      flowName: string;
      flowVersion: number;
      steps: Array<{ node: string; outcome: string; digits?: string }>;
      variables: Record<string, string>;
    };
    t.equal(ivr.flowName, 'account-then-queue');
    t.equal(ivr.flowVersion, 1);
    t.same(
      ivr.steps[0],
      { node: 'account', outcome: 'collected', digits: '4711' },
      'the digits the caller keyed',
    );
    t.equal(ivr.steps.at(-1)?.node, 'to-agent', 'the path ends at the queue node');
    t.equal(ivr.variables.account, '4711');
    t.same(
      (pop.previousCalls as Array<{ id: number; endedAt: string | null }>).map((c) => c.id),
      [earlierRow.id],
      'the earlier call from the same number',
    );

    t.match(await agent.next('answered', { skip: true, timeoutMs: 15_000 }), {
      offerId: pop.offerId,
      callId: row?.id,
    });
    await callers.hangup(call.caller);
    t.match(await agent.next('ended', { skip: true, timeoutMs: 15_000 }), { callId: row?.id });
    const ownStates = agent
      .all('state')
      .map((m) => m.state)
      .join(' ');
    t.match(ownStates, /^available reserved ringing on-call( wrap-up)?/, `own states: ${ownStates}`);

    await eventually('dana back to available after wrap-up', () =>
      supervisor
        .all('agent')
        .some((m) => m.agentId === 'dana' && m.from === 'wrap-up' && m.to === 'available')
        ? true
        : undefined,
    );
    const transitions = supervisor
      .all('agent')
      .filter((m) => m.agentId === 'dana')
      .map((m) => `${m.from}>${m.to}`);
    t.same(
      transitions,
      [
        'logged-out>available',
        'available>reserved',
        'reserved>ringing',
        'ringing>on-call',
        'on-call>wrap-up',
        'wrap-up>available',
      ],
      'the supervisor saw every transition of the agent, in order',
    );
    const popq = supervisor
      .all('queue')
      .map((m) => m.queue as { queueId: string; waiting: number; offered: number; answered: number })
      .filter((q) => q.queueId === 'popq');
    t.ok(
      popq.some((q) => q.waiting + q.offered >= 1),
      'the supervisor saw the caller in the queue',
    );
    t.ok(popq.at(-1)?.answered === 1, 'and the answer counted');
    await noAgentLegsLeft();
    agent.send({ type: 'set-state', state: 'logged-out' });
    await agent.next('state', { skip: true });
    agent.close();
    supervisor.close();
  },
);

t.test('two agents on two sockets each get only their own screen-pops', async (t) => {
  const erinToken = await agentLoginTo('erin', 'pairs', 'Local/erin@switchboard-test-agent-slow/n');
  const frankToken = await agentLoginTo('frank', 'pairs', 'Local/frank@switchboard-test-agent-slow/n');
  const erin = await openSocket('/ws/agent', erinToken);
  const frank = await openSocket('/ws/agent', frankToken);
  for (const [socket, id] of [
    [erin, 'erin'],
    [frank, 'frank'],
  ] as const) {
    await socket.next('hello');
    socket.send({ type: 'set-state', state: 'available' });
    t.match(await socket.next('state'), { agentId: id, state: 'available' });
  }

  const first = await callers.call('611', '5557101');
  const second = await callers.call('611', '5557102');
  const erinPop = await erin.next('screen-pop', { skip: true, timeoutMs: 15_000 });
  const frankPop = await frank.next('screen-pop', { skip: true, timeoutMs: 15_000 });
  t.same([erinPop.callerNumber, frankPop.callerNumber].sort(), ['5557101', '5557102'], 'one caller each');
  for (const [pop, id] of [
    [erinPop, 'erin'],
    [frankPop, 'frank'],
  ] as const) {
    const offers = await adminApi<{ items: Array<{ id: string; agentId: string }> }>(
      daemon,
      'GET',
      `/api/calls/${pop.callId as number}/offers`,
    );
    t.equal(
      offers.items.find((o) => o.id === pop.offerId)?.agentId,
      id,
      `${id}'s pop is an offer made to ${id}`,
    );
  }
  await erin.next('answered', { skip: true, timeoutMs: 15_000 });
  await frank.next('answered', { skip: true, timeoutMs: 15_000 });
  await callers.hangup(first.caller);
  await callers.hangup(second.caller);
  await erin.next('ended', { skip: true, timeoutMs: 15_000 });
  await frank.next('ended', { skip: true, timeoutMs: 15_000 });
  const only = (messages: Received[], type: string) => messages.filter((m) => m.type === type).length;
  t.equal(only(erin.messages, 'screen-pop'), 1, 'erin got one screen-pop');
  t.equal(only(frank.messages, 'screen-pop'), 1, 'frank got one screen-pop');
  t.notOk(
    erin.all('answered').some((m) => m.offerId === frankPop.offerId) ||
      frank.all('answered').some((m) => m.offerId === erinPop.offerId),
    "nobody heard of the other's answer",
  );
  await noAgentLegsLeft();
  erin.close();
  frank.close();
});

t.test('SIGTERM closes the websockets with 1001 before the daemon exits', async (t) => {
  const agent = await openSocket(
    '/ws/agent',
    await agentLoginTo('gina', 'pairs', 'Local/gina@switchboard-test-agent/n'),
  );
  const supervisor = await openSocket('/ws/supervisor', await daemon.adminToken());
  await agent.next('hello');
  await supervisor.next('snapshot');
  const exited = daemon.kill('SIGTERM');
  t.match(await agent.waitClosed(5_000), { code: 1001, reason: /the daemon is stopping/ });
  t.match(await supervisor.waitClosed(5_000), { code: 1001 });
  t.equal(await exited, 0, 'and the daemon exits cleanly');
});
