// The ACD on real calls: a caller queued by the IVR reaches an agent (a Local channel that
// answers), both sides are bridged and recorded; an agent who lets it ring is skipped and paused.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listBridges } from '../helpers/sandbox.js';

const FLOW = queueOnlyFlow('support', '    skills: [english]\n    prompts: [{ sound: one-moment-please }]\n');

const queue = (extra: Record<string, unknown> = {}) => ({
  name: 'Support',
  requiredSkills: [{ skill: 'english', minLevel: 1 }],
  priority: 0,
  strategy: 'longest-idle',
  serviceLevelSeconds: 20,
  wrapUpSeconds: 2,
  ringTimeoutSeconds: 3,
  ...extra,
});

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'acd.db'), port: await freePort() });
  await daemon.waitReady();
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/support',
    queue({ pauseOnNoAnswer: { reason: 'missed-call' } }),
  );
  await publishFlow(daemon, 'to-support', FLOW, '600');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

const agent = (name: string, device: string) => ({
  name,
  skills: { english: 5 },
  queues: ['support'],
  device,
});
const setState = (id: string, state: string, reason?: string) =>
  adminApi<{ state: string }>(
    daemon,
    'POST',
    `/api/agents/${id}/state`,
    reason ? { state, reason } : { state },
  );

t.test(
  'a queued caller reaches an available agent; the call is bridged, recorded, and both sides end together',
  async (t) => {
    await adminApi(
      daemon,
      'PUT',
      '/api/agents/alice',
      agent('Alice', 'Local/alice@switchboard-test-agent/n'),
    );
    await setState('alice', 'available');
    const call = await callers.call('600', '5556001');
    const row = await eventually('the call row', async () => (await callsFrom(daemon, '5556001'))[0]);
    const bridgeId = `switchboard-call-${call.inbound}`;
    const bridge = await eventually('caller and agent in one mixing bridge', async () => {
      const found = (await listBridges()).find((b) => b.id === bridgeId);
      return found && found.channels.length === 2 ? found : undefined;
    });
    t.equal(bridge.bridge_type, 'mixing');
    t.ok(bridge.channels.includes(call.inbound), 'the caller is in it');
    // The caller speaks for a moment, then hangs up: the agent's leg and the bridge must go too.
    await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
    await new Promise((r) => setTimeout(r, 3200));
    await callers.hangup(call.caller);
    await eventually('the bridge to be gone', async () =>
      (await listBridges()).some((b) => b.id === bridgeId) ? undefined : true,
    );
    t.notOk(
      ((await ariRequest('GET', '/channels')) as Array<{ id: string }>).some((c) =>
        c.id.startsWith('agent-'),
      ),
      'no agent leg left',
    );

    const offers = await adminApi<{
      items: Array<{ agentId: string; outcome: string; trace: { considered: unknown[] } }>;
    }>(daemon, 'GET', `/api/calls/${row.id}/offers`);
    t.same(
      offers.items.map((o) => [o.agentId, o.outcome]),
      [['alice', 'answered']],
    );
    t.ok(offers.items[0]?.trace.considered.length, 'the decision trace names who was considered');
    const recordings = (() => {
      const db = new Database(join(dir, 'acd.db'), { readonly: true });
      try {
        return db.prepare('select name, format from call_recordings where call_id = ?').all(row.id) as Array<{
          name: string;
          format: string;
        }>;
      } finally {
        db.close();
      }
    })();
    t.equal(recordings.length, 1, 'one recording linked to the call');
    const file = join(
      process.env.SWITCHBOARD_ASTERISK_SPOOL_DIR ?? '',
      'recording',
      `${recordings[0]?.name}.${recordings[0]?.format}`,
    );
    t.ok(statSync(file).size > 30_000, `the recording holds the conversation (${statSync(file).size} bytes)`);
    const wrapped = await eventually(
      'alice back to available after wrap-up',
      async () => {
        const stats = await adminApi<{ items: Array<{ queueId: string; agents: Record<string, number> }> }>(
          daemon,
          'GET',
          '/api/acd/queues',
        );
        const support = stats.items.find((q) => q.queueId === 'support');
        return support && (support.agents.available ?? 0) >= 1 ? support : undefined;
      },
      10_000,
    );
    t.ok(wrapped);
    await setState('alice', 'logged-out');
  },
);

t.test(
  'ring-no-answer: the longest-idle agent lets it ring, is paused, and the next agent gets the call',
  async (t) => {
    await adminApi(
      daemon,
      'PUT',
      '/api/agents/bob',
      agent('Bob', 'Local/bob@switchboard-test-agent-noanswer/n'),
    );
    await adminApi(
      daemon,
      'PUT',
      '/api/agents/carol',
      agent('Carol', 'Local/carol@switchboard-test-agent/n'),
    );
    await setState('bob', 'available');
    await new Promise((r) => setTimeout(r, 50));
    await setState('carol', 'available');
    const call = await callers.call('600', '5556002');
    const row = await eventually('the call row', async () => (await callsFrom(daemon, '5556002'))[0]);
    let seen: unknown = null;
    const offers = await eventually(
      'bob to ring out and carol to answer',
      async () => {
        const found = await adminApi<{ items: Array<{ agentId: string; outcome: string | null }> }>(
          daemon,
          'GET',
          `/api/calls/${row.id}/offers`,
        );
        seen = found.items;
        return found.items.length === 2 && found.items[1]?.outcome === 'answered' ? found.items : undefined;
      },
      15_000,
    ).catch((err) => {
      t.comment(`offers seen: ${JSON.stringify(seen)}`);
      throw err;
    });
    t.same(
      offers.map((o) => [o.agentId, o.outcome]),
      [
        ['bob', 'no-answer'],
        ['carol', 'answered'],
      ],
    );
    const stats = await adminApi<{ items: Array<{ queueId: string; agents: Record<string, number> }> }>(
      daemon,
      'GET',
      '/api/acd/queues',
    );
    t.equal(
      stats.items.find((q) => q.queueId === 'support')?.agents.paused,
      1,
      'bob was paused for missing the call',
    );
    await callers.hangup(call.caller);
  },
);

t.test(
  'bad input: unknown queue, unknown skill level, an unknown agent, a state that is not allowed',
  async (t) => {
    await t.rejects(
      adminApi(daemon, 'PUT', '/api/agents/dave', {
        ...agent('Dave', 'Local/dave@switchboard-test-agent/n'),
        queues: ['nope'],
      }),
      /400.*queue .+nope.+ does not exist/,
    );
    await t.rejects(
      adminApi(daemon, 'PUT', '/api/agents/dave', {
        ...agent('Dave', 'Local/dave@switchboard-test-agent/n'),
        skills: { english: 11 },
      }),
      /400/,
    );
    await t.rejects(
      adminApi(daemon, 'PUT', '/api/agents/dave', {
        ...agent('Dave', 'Local/dave@switchboard-test-agent/n'),
        skills: { 'English!': 5 },
      }),
      /400.*skill .+English!.+ is not a skill name/,
    );
    await t.rejects(
      adminApi(
        daemon,
        'PUT',
        '/api/acd/queues/odd',
        queue({ requiredSkills: [{ skill: 'a b', minLevel: 1 }] }),
      ),
      /400.*skill .+a b.+ is not a skill name/,
    );
    // An agent in two places at once: alice's phone cannot also be dave's.
    await t.rejects(
      adminApi(daemon, 'PUT', '/api/agents/dave', agent('Dave', 'Local/alice@switchboard-test-agent/n')),
      /409.*device Local\/alice@switchboard-test-agent\/n is already agent alice's/,
    );
    const db = new Database(join(dir, 'acd.db'), { readonly: true });
    t.notOk(db.prepare("select id from agents where id = 'dave'").get(), 'dave was never stored');
    db.close();
    const queues = await adminApi<{ items: Array<{ queueId: string }> }>(daemon, 'GET', '/api/acd/queues');
    t.notOk(
      queues.items.some((q) => q.queueId === 'odd'),
      'the queue with a bad skill was never stored',
    );
    await t.rejects(setState('nobody', 'available'), /404.*agent nobody not found/);
    await t.rejects(setState('carol', 'on-call'), /409|400/);
  },
);
