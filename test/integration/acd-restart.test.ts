import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The daemon dies (SIGKILL) with one caller talking to an agent and one waiting: after restart the
// conversation goes on, the waiting caller is queued again, and the agent is free once it ends.
import { join } from 'node:path';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listBridges } from '../helpers/sandbox.js';

const FLOW = queueOnlyFlow('support');

const callBridgeOf = async (channelId: string) =>
  (await listBridges()).find((b) => b.id === `switchboard-call-${channelId}`);

t.test(
  'a bridged call survives a SIGKILL, the waiting caller is re-queued, no agent stays busy',
  async (t) => {
    const dbPath = join(t.testdir(), 'acd-restart.db');
    const port = await freePort();
    const first = spawnDaemon({ dbPath, port });
    await first.waitReady();
    await adminApi(first, 'PUT', '/api/acd/queues/support', {
      name: 'Support',
      requiredSkills: [],
      priority: 0,
      strategy: 'longest-idle',
      serviceLevelSeconds: 20,
      wrapUpSeconds: 1,
      ringTimeoutSeconds: 5,
    });
    await adminApi(first, 'PUT', '/api/agents/alice', {
      name: 'Alice',
      skills: {},
      queues: ['support'],
      device: 'Local/alice@switchboard-test-agent/n',
    });
    await adminApi(first, 'POST', '/api/agents/alice/state', { state: 'available' });
    await publishFlow(first, 'to-support', FLOW, '700');
    const callers = await CallerApp.connect();
    t.teardown(() => callers.close());

    const talking = await callers.call('700', '5551101');
    await eventually('the first caller bridged with alice', async () =>
      (await callBridgeOf(talking.inbound))?.channels.length === 2 ? true : undefined,
    );
    const waiting = await callers.call('700', '5551102');
    await eventually('the second caller waiting in the queue', async () =>
      (await listBridges()).some(
        (b) => b.id === 'switchboard-queue-support' && b.channels.includes(waiting.inbound),
      )
        ? true
        : undefined,
    );

    await first.kill('SIGKILL');
    const second = spawnDaemon({ dbPath, port });
    t.teardown(async () => {
      await second.kill('SIGTERM');
      require('node:fs').writeFileSync('/tmp/acd-restart-daemon.log', second.output());
    });
    await second.waitReady();

    const stats = await eventually('the restarted ACD to know both callers', async () => {
      const found = await adminApi<{
        items: Array<{ queueId: string; waiting: number; agents: Record<string, number> }>;
      }>(second, 'GET', '/api/acd/queues');
      const support = found.items.find((q) => q.queueId === 'support');
      return support && support.waiting === 1 && support.agents['on-call'] === 1 ? support : undefined;
    });
    t.ok(stats, 'one waiting, alice on the call');
    t.equal((await callBridgeOf(talking.inbound))?.channels.length, 2, 'the conversation was never cut');

    await callers.hangup(talking.caller);
    await eventually(
      'the waiting caller to reach alice',
      async () => ((await callBridgeOf(waiting.inbound))?.channels.length === 2 ? true : undefined),
      15_000,
    );
    t.notOk(await callBridgeOf(talking.inbound), 'the first call bridge is gone');
    await callers.hangup(waiting.caller);
    await eventually('every call bridge and agent leg gone', async () => {
      const leftBridges = (await listBridges()).filter((b) => b.id.startsWith('switchboard-call-'));
      const legs = ((await ariRequest('GET', '/channels')) as Array<{ id: string }>).filter((c) =>
        c.id.startsWith('agent-'),
      );
      return leftBridges.length === 0 && legs.length === 0 ? true : undefined;
    });
    const rows = [...(await callsFrom(second, '5551101')), ...(await callsFrom(second, '5551102'))];
    t.equal(rows.length, 2, 'one row per call, no duplicates');
  },
);
