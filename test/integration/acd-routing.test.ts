// ACD routing order on real calls through the sandbox Asterisk: callers queued by IVR flows reach
// the agent with the skill they asked for; a later high-priority caller is served before an earlier
// low-priority one; a requirement nobody meets is relaxed only once its step is due; a caller who
// hangs up while waiting (or while an agent rings) leaves the queue and its statistics at once.
// Agents are Local channels in dialplan contexts switchboard-test-agent (answers at once) and
// switchboard-test-agent-noanswer (rings for ever); see dialplan/extensions.conf.
import { join } from 'node:path';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { type CallJson, callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow } from '../helpers/ivr-api.js';
import { type AriChannel, AriError, ariRequest, listBridges, listChannels } from '../helpers/sandbox.js';
import { TestSocket } from '../realtime/ws-client.js';

interface SkillJson {
  skill: string;
  minLevel: number;
}

interface TraceJson {
  at: number;
  waitedMs: number;
  basePriority: number;
  effectivePriority: number;
  requirements: SkillJson[];
  relaxed: string[];
  skipped: Array<{ agentId: string; kind: string; reason: string; words: string }>;
  considered: Array<{ agentId: string; rank: string }>;
  winner?: string;
  rule: string;
}

interface OfferJson {
  id: string;
  callId: number;
  queueId: string;
  agentId: string;
  offeredAt: string;
  outcome: string | null;
  outcomeAt: string | null;
  trace: TraceJson;
}

interface QueueStatsJson {
  queueId: string;
  waiting: number;
  offered: number;
  entered: number;
  answered: number;
  abandoned: number;
  longestWaitMs: number;
  agents: Record<string, number>;
}

/** A flow that sends every caller straight to `queue`, asking for `skills` at `priority`. */
function queueFlow(name: string, queue: string, options: { skills?: string[]; priority?: number } = {}) {
  const lines = [`name: ${name}`, 'start: to-queue', 'nodes:', '  to-queue:', '    type: queue'];
  lines.push(`    queue: ${queue}`);
  if (options.skills) lines.push(`    skills: [${options.skills.join(', ')}]`);
  if (options.priority !== undefined) lines.push(`    priority: ${options.priority}`);
  return `${lines.join('\n')}\n`;
}

const queueConfig = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  requiredSkills: [],
  priority: 0,
  strategy: 'longest-idle',
  serviceLevelSeconds: 20,
  wrapUpSeconds: 1,
  ringTimeoutSeconds: 15,
  ...extra,
});

/** Steps of the relaxation test: a requirement of spanish ≥ 8 drops to ≥ 3 after this long. */
const RELAX_AFTER_SECONDS = 3;

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'acd-routing.db'), port: await freePort() });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/desk', queueConfig('Front desk'));
  await adminApi(daemon, 'PUT', '/api/acd/queues/prio', queueConfig('Priorities'));
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/relax',
    queueConfig('Spanish line', {
      requiredSkills: [{ skill: 'spanish', minLevel: 8 }],
      relaxation: [{ afterSeconds: RELAX_AFTER_SECONDS, skill: 'spanish', minLevel: 3 }],
    }),
  );
  await adminApi(daemon, 'PUT', '/api/acd/queues/hold', queueConfig('Hold line', { ringTimeoutSeconds: 60 }));
  await publishFlow(daemon, 'desk-sales', queueFlow('desk-sales', 'desk', { skills: ['sales'] }), '620');
  await publishFlow(
    daemon,
    'desk-support',
    queueFlow('desk-support', 'desk', { skills: ['support'] }),
    '621',
  );
  await publishFlow(
    daemon,
    'desk-billing',
    queueFlow('desk-billing', 'desk', { skills: ['billing'] }),
    '622',
  );
  await publishFlow(daemon, 'prio-low', queueFlow('prio-low', 'prio', { priority: 1 }), '630');
  await publishFlow(daemon, 'prio-high', queueFlow('prio-high', 'prio', { priority: 9 }), '631');
  await publishFlow(daemon, 'to-relax', queueFlow('to-relax', 'relax'), '640');
  await publishFlow(daemon, 'to-hold', queueFlow('to-hold', 'hold'), '650');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

/** Creates or changes an agent whose phone is Local/<id>@<context>/n. */
const putAgent = (id: string, skills: Record<string, number>, queue: string, context: string) =>
  adminApi(daemon, 'PUT', `/api/agents/${id}`, {
    name: id.charAt(0).toUpperCase() + id.slice(1),
    skills,
    queues: [queue],
    device: `Local/${id}@${context}/n`,
  });

const setState = (id: string, state: string, reason?: string) =>
  adminApi<{ state: string }>(
    daemon,
    'POST',
    `/api/agents/${id}/state`,
    reason ? { state, reason } : { state },
  );

/** Logs the agent out as soon as it may be (on-call agents must wait for the call to end). */
const logOut = (id: string) =>
  eventually(
    `${id} to be logged out`,
    async () => ((await setState(id, 'logged-out')).state === 'logged-out' ? true : undefined),
    15_000,
  );

async function statsOf(queueId: string): Promise<QueueStatsJson> {
  const stats = await adminApi<{ items: QueueStatsJson[] }>(daemon, 'GET', '/api/acd/queues');
  const found = stats.items.find((q) => q.queueId === queueId);
  if (!found) throw new Error(`no statistics for queue ${queueId}`);
  return found;
}

const offersOf = async (callId: number) =>
  (await adminApi<{ items: OfferJson[] }>(daemon, 'GET', `/api/calls/${callId}/offers`)).items;

const callRow = (callerNumber: string) =>
  eventually(`the call row of ${callerNumber}`, async () => (await callsFrom(daemon, callerNumber))[0]);

/** The first offer of the call once it has the outcome wanted (null: still ringing). */
function offerWith(row: CallJson, outcome: string | null, timeoutMs = 15_000): Promise<OfferJson> {
  let seen: OfferJson[] = [];
  return eventually(
    `an offer of call ${row.id} (${row.callerNumber}) with outcome ${outcome}`,
    async () => {
      seen = await offersOf(row.id);
      return seen.find((o) => o.outcome === outcome);
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(
      `${err.message}; offers seen: ${JSON.stringify(seen.map((o) => [o.agentId, o.outcome]))}`,
    );
  });
}

/** The agent's leg as Asterisk has it: the channel the daemon originated for the offer. */
async function agentLeg(offer: OfferJson): Promise<AriChannel | undefined> {
  try {
    return (await ariRequest('GET', `/channels/agent-${offer.id}`)) as AriChannel;
  } catch (error) {
    if (error instanceof AriError && error.status === 404) return undefined;
    throw error;
  }
}

/** The caller and the agent leg of `offer` together in the call's mixing bridge. */
const bridged = (inbound: string, offer: OfferJson) =>
  eventually(`caller ${inbound} and agent leg of ${offer.id} in one bridge`, async () => {
    const bridge = (await listBridges()).find((b) => b.id === `switchboard-call-${inbound}`);
    return bridge?.channels.includes(inbound) && bridge.channels.includes(`agent-${offer.id}`)
      ? bridge
      : undefined;
  });

/** Nothing of this file's calls is left in Asterisk: no agent leg (either half), no caller. */
async function nothingLeftInAsterisk(): Promise<true> {
  let left: string[] = [];
  return eventually(
    'no agent leg and no caller channel left in Asterisk',
    async () => {
      left = (await listChannels())
        .map((c) => c.id)
        .filter((id) => id.startsWith('agent-') || id.startsWith('ivr-caller-'));
      return left.length === 0 ? true : undefined;
    },
    15_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; still there: ${left.join(', ')}`);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test(
  'three agents with different skills: each caller lands on the agent with the skill asked for',
  async (t) => {
    await putAgent('sam', { sales: 8 }, 'desk', 'switchboard-test-agent');
    await putAgent('pat', { support: 7 }, 'desk', 'switchboard-test-agent');
    await putAgent('bea', { billing: 5 }, 'desk', 'switchboard-test-agent');
    // bea idles longest and sam shortest: longest-idle alone would give bea every call.
    for (const id of ['bea', 'pat', 'sam']) {
      await setState(id, 'available');
      await pause(50);
    }
    t.equal((await statsOf('desk')).agents.available, 3, 'all three agents are available');

    const cases = [
      { did: '620', number: '5558101', skill: 'sales', agent: 'sam' },
      { did: '621', number: '5558102', skill: 'support', agent: 'pat' },
      { did: '622', number: '5558103', skill: 'billing', agent: 'bea' },
    ];
    const placed: Array<{ caller: string; inbound: string }> = [];
    for (const c of cases) {
      const call = await callers.call(c.did, c.number);
      placed.push(call);
      const row = await callRow(c.number);
      const offer = await offerWith(row, 'answered');
      t.equal(offer.agentId, c.agent, `the ${c.skill} caller was offered to ${c.agent}`);
      t.equal(offer.trace.winner, c.agent, 'and the decision trace names that agent the winner');
      t.same(
        offer.trace.requirements,
        [{ skill: c.skill, minLevel: 1 }],
        `the flow asked for ${c.skill} (any level)`,
      );
      t.equal((await offersOf(row.id)).length, 1, 'one offer, no detour over another agent');
      const leg = await agentLeg(offer);
      t.match(
        leg?.name,
        new RegExp(`^Local/${c.agent}@switchboard-test-agent-`),
        `Asterisk rang ${c.agent}'s device (${leg?.name})`,
      );
      const bridge = await bridged(call.inbound, offer);
      t.equal(bridge.bridge_type, 'mixing', 'the caller talks to that agent');
    }
    // The sales caller came first, when all three were free: bea (longest idle) and pat were passed over.
    const salesOffer = (await offersOf((await callRow('5558101')).id))[0];
    t.match(
      salesOffer?.trace.skipped.find((s) => s.agentId === 'bea'),
      { kind: 'skill-missing', reason: 'skill-missing:sales' },
      'the trace of the sales offer names bea as skipped for lacking sales',
    );
    t.ok(
      salesOffer?.trace.skipped.some((s) => s.agentId === 'pat' && s.kind === 'skill-missing'),
      'and pat too',
    );
    const desk = await statsOf('desk');
    t.match(desk, { waiting: 0, offered: 0, answered: 3, agents: { 'on-call': 3 } }, 'three calls answered');

    for (const call of placed) await callers.hangup(call.caller);
    await nothingLeftInAsterisk();
    for (const id of ['sam', 'pat', 'bea']) await logOut(id);
    t.match(await statsOf('desk'), { staffed: 0 }, 'everybody logged out');
  },
);

t.test('priority: a later high-priority caller is offered before an earlier low-priority one', async (t) => {
  await putAgent('max', {}, 'prio', 'switchboard-test-agent');
  const low = await callers.call('630', '5558201');
  await eventually('the low-priority caller to wait', async () =>
    (await statsOf('prio')).waiting === 1 ? true : undefined,
  );
  await pause(300); // the high-priority caller clearly comes later
  const high = await callers.call('631', '5558202');
  await eventually('both callers to wait', async () =>
    (await statsOf('prio')).waiting === 2 ? true : undefined,
  );
  const lowRow = await callRow('5558201');
  const highRow = await callRow('5558202');
  t.same(await offersOf(lowRow.id), [], 'nobody was offered the low caller while no agent was there');

  await setState('max', 'available');
  const highOffer = await offerWith(highRow, 'answered');
  t.equal(highOffer.agentId, 'max', 'max, once available, is offered the high caller');
  t.equal(highOffer.trace.effectivePriority, 9, 'the high caller competed at priority 9');
  t.same(await offersOf(lowRow.id), [], 'the low caller, though it came first, is still waiting');
  t.match(await statsOf('prio'), { waiting: 1, answered: 1 }, 'one answered, one still waiting');
  t.match(
    (await agentLeg(highOffer))?.name,
    /^Local\/max@switchboard-test-agent-/,
    "Asterisk rang max's device",
  );
  await bridged(high.inbound, highOffer);

  // The high caller ends; after wrap-up max takes the low caller.
  await callers.hangup(high.caller);
  const lowOffer = await offerWith(lowRow, 'answered', 20_000);
  t.equal(lowOffer.agentId, 'max', 'then the low caller goes to max');
  t.equal(lowOffer.trace.effectivePriority, 1, 'at priority 1');
  t.ok(
    Date.parse(highOffer.offeredAt) < Date.parse(lowOffer.offeredAt),
    `high offered at ${highOffer.offeredAt}, low at ${lowOffer.offeredAt}`,
  );
  t.ok(
    highOffer.trace.at - highOffer.trace.waitedMs > lowOffer.trace.at - lowOffer.trace.waitedMs,
    'the high caller had been enqueued after the low caller',
  );
  await bridged(low.inbound, lowOffer);
  t.match(await statsOf('prio'), { waiting: 0, offered: 0, answered: 2 }, 'both callers answered');

  await callers.hangup(low.caller);
  await nothingLeftInAsterisk();
  await logOut('max');
});

t.test(
  'skill relaxation: a caller needing spanish ≥ 8 reaches the level-3 agent only once the step is due',
  async (t) => {
    // rosa (spanish 3) is the agent the caller ends up with. noel (spanish 9) rings first and
    // declines: his offer's trace is the decision made before the step, which the API keeps.
    await putAgent('rosa', { spanish: 3 }, 'relax', 'switchboard-test-agent');
    await putAgent('noel', { spanish: 9 }, 'relax', 'switchboard-test-agent-noanswer');
    await setState('rosa', 'available');
    await pause(50);
    await setState('noel', 'available');

    const call = await callers.call('640', '5558301');
    const row = await callRow('5558301');
    const noelOffer = await offerWith(row, null);
    t.equal(noelOffer.agentId, 'noel', 'the caller is first offered to the only agent at level ≥ 8');
    // noel declines: his phone hangs up while ringing. He is passed over for this caller from now on.
    // The offer is stored before its leg is originated: wait for the phone to ring first.
    await eventually("noel's phone to ring in Asterisk", () => agentLeg(noelOffer));
    await ariRequest('DELETE', `/channels/agent-${noelOffer.id}`);
    await logOut('noel'); // refused while his offer is live, so this also waits for it to end
    const declined = (await offersOf(row.id)).find((o) => o.id === noelOffer.id);
    t.not(declined?.outcome, 'answered', `noel's offer ended unanswered (${declined?.outcome})`);

    const before = noelOffer.trace;
    t.ok(before.waitedMs < RELAX_AFTER_SECONDS * 1000, `decided ${before.waitedMs} ms after the caller came`);
    t.same(before.requirements, [{ skill: 'spanish', minLevel: 8 }], 'before the step: spanish ≥ 8');
    t.same(before.relaxed, [], 'nothing relaxed yet');
    t.match(
      before.skipped.find((s) => s.agentId === 'rosa'),
      { kind: 'skill-level', reason: 'skill-level:spanish 3<8' },
      'the decision before the step names rosa as skipped for her spanish level',
    );

    const rosaOffer = await offerWith(row, 'answered', 20_000);
    t.equal(rosaOffer.agentId, 'rosa', 'after the step, rosa gets the caller');
    const after = rosaOffer.trace;
    const enqueuedAt = before.at - before.waitedMs;
    t.equal(after.at - after.waitedMs, enqueuedAt, 'both traces agree on when the caller was enqueued');
    t.equal(Date.parse(rosaOffer.offeredAt), after.at, 'the offer was made when the trace says');
    t.ok(
      Date.parse(rosaOffer.offeredAt) - enqueuedAt >= RELAX_AFTER_SECONDS * 1000,
      `offered to rosa ${Date.parse(rosaOffer.offeredAt) - enqueuedAt} ms after enqueue, not before the ${RELAX_AFTER_SECONDS} s step`,
    );
    t.same(after.requirements, [{ skill: 'spanish', minLevel: 3 }], 'after the step: spanish ≥ 3');
    t.same(
      after.relaxed,
      [`after ${RELAX_AFTER_SECONDS}s: spanish ≥ 3`],
      'the trace says which step applied',
    );
    t.same(
      (await offersOf(row.id)).map((o) => o.agentId),
      ['noel', 'rosa'],
      'rosa was never offered the caller before the step',
    );
    t.match(
      (await agentLeg(rosaOffer))?.name,
      /^Local\/rosa@switchboard-test-agent-/,
      "Asterisk rang rosa's device",
    );
    await bridged(call.inbound, rosaOffer);

    await callers.hangup(call.caller);
    await nothingLeftInAsterisk();
    await logOut('rosa');
  },
);

t.test(
  'abandon: a caller who hangs up while waiting leaves the queue and its statistics at once',
  async (t) => {
    const supervisor = await TestSocket.open(`${daemon.url.replace(/^http/, 'ws')}/ws/supervisor`, {
      protocols: ['switchboard', `token.${await daemon.adminToken()}`],
    });
    t.teardown(() => supervisor.close());
    await supervisor.next('snapshot');
    const queueMessages = () =>
      supervisor
        .all('queue')
        .map((m) => m.queue as QueueStatsJson)
        .filter((q) => q.queueId === 'hold');

    // 1. Nobody staffs the queue: the caller just waits, then hangs up.
    const first = await callers.call('650', '5558401');
    const waiting = await eventually('the caller to wait', async () => {
      const s = await statsOf('hold');
      return s.waiting === 1 ? s : undefined;
    });
    t.equal(waiting.abandoned, 0, 'nobody abandoned yet');
    await eventually('the supervisor to see the caller waiting', () =>
      queueMessages().some((q) => q.waiting === 1) ? true : undefined,
    );
    await callers.hangup(first.caller);
    const hungUpAt = Date.now();
    const gone = await eventually(
      'the queue statistics to drop the caller',
      async () => {
        const s = await statsOf('hold');
        return s.waiting === 0 && s.abandoned === 1 ? s : undefined;
      },
      1_000,
    );
    t.comment(`statistics updated ${Date.now() - hungUpAt} ms after the hang-up`);
    t.match(
      gone,
      { waiting: 0, offered: 0, longestWaitMs: 0, abandoned: 1, answered: 0, entered: 1 },
      'the caller left the queue as abandoned',
    );
    const seen = await eventually(
      'the supervisor to get the queue change',
      () => queueMessages().find((q) => q.waiting === 0 && q.abandoned === 1),
      2_000,
    );
    t.match(seen, { offered: 0, abandoned: 1 }, 'the supervisor saw the caller leave as abandoned');
    t.match(await callRow('5558401'), { endedBy: 'caller' }, 'the call log says the caller hung up');
    await nothingLeftInAsterisk();

    // 2. An agent's phone is ringing for the caller when they hang up: the offer is withdrawn too.
    await putAgent('lola', {}, 'hold', 'switchboard-test-agent-noanswer');
    await setState('lola', 'available');
    const second = await callers.call('650', '5558402');
    const row = await callRow('5558402');
    const ringing = await offerWith(row, null);
    t.equal(ringing.agentId, 'lola', 'the second caller is offered to lola');
    await eventually("lola's phone to ring in Asterisk", () => agentLeg(ringing));
    t.match(
      await statsOf('hold'),
      { waiting: 0, offered: 1 },
      'the caller counts as offered while lola rings',
    );
    await callers.hangup(second.caller);
    const hungUp2 = Date.now();
    await eventually(
      'the ringing caller to leave the statistics',
      async () => {
        const s = await statsOf('hold');
        return s.waiting === 0 && s.offered === 0 && s.abandoned === 2 ? s : undefined;
      },
      1_000,
    );
    t.comment(`statistics updated ${Date.now() - hungUp2} ms after the hang-up`);
    await eventually(
      'the supervisor to see the second abandon',
      () => queueMessages().find((q) => q.waiting === 0 && q.offered === 0 && q.abandoned === 2),
      2_000,
    );
    t.same(
      (await offersOf(row.id)).map((o) => [o.id, o.agentId, o.outcome]),
      [[ringing.id, 'lola', 'cancelled']],
      'the offer to lola was cancelled',
    );
    await nothingLeftInAsterisk();
    t.match(await statsOf('hold'), { agents: { available: 1 } }, 'lola is free again');
    await logOut('lola');
  },
);
