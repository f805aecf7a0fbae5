// What waiting callers get, on real calls: periodic position announcements; a caller who waits past
// a queue's max wait moves to its overflow queue and reaches an agent there; a full queue sends the
// next caller into another flow; an overdue caller is sent to voicemail. The waiting time, the
// queue entries and the stored path say so.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { queueConfig } from '../helpers/acd-api.js';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, ivrPathOf, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest } from '../helpers/sandbox.js';

const queue = (name: string, extra: Record<string, unknown> = {}) =>
  queueConfig(name, { wrapUpSeconds: 0, ...extra });

const SORRY_FLOW = `
name: sorry-busy
start: sorry
nodes:
  sorry:
    type: play
    prompts: [{ sound: all-circuits-busy-now }]
    next: bye
  bye:
    type: hangup
`;

const dir = t.testdir();
const dbPath = join(dir, 'overflow.db');
let daemon: DaemonProcess;
let callers: CallerApp;

function queueEntries(callId: number): Array<{ queueId: string; outcome: string | null }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('select queue_id as queueId, outcome from queue_entries where call_id = ? order by id')
      .all(callId) as Array<{ queueId: string; outcome: string | null }>;
  } finally {
    db.close();
  }
}

async function nothingLeft(): Promise<void> {
  await eventually('no caller or agent channel left', async () => {
    const channels = (await ariRequest('GET', '/channels')) as Array<{ id: string }>;
    return channels.length === 0 ? true : undefined;
  });
}

t.before(async () => {
  daemon = spawnDaemon({ dbPath, port: await freePort() });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/backup', queue('Backup'));
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/front',
    queue('Front', { maxWaitSeconds: 2, overflow: { kind: 'queue', target: 'backup' } }),
  );
  await publishFlow(daemon, 'sorry-busy', SORRY_FLOW);
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/tiny',
    queue('Tiny', { maxSize: 1, overflow: { kind: 'flow', target: 'sorry-busy' } }),
  );
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/late',
    queue('Late', { maxWaitSeconds: 2, overflow: { kind: 'voicemail', target: 'sales' } }),
  );
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/told',
    queue('Told', { announcements: { everySeconds: 5, position: true, holdTime: true } }),
  );
  await publishFlow(daemon, 'to-told', queueOnlyFlow('told'), '623');
  await publishFlow(daemon, 'to-front', queueOnlyFlow('front'), '620');
  await publishFlow(daemon, 'to-tiny', queueOnlyFlow('tiny'), '621');
  await publishFlow(daemon, 'to-late', queueOnlyFlow('late'), '622');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

t.test('every 5 s each waiting caller hears their own place in line', async (t) => {
  const first = await callers.call('623', '5559301');
  await eventually('the first caller waiting', async () => {
    const stats = await adminApi<{ items: Array<{ queueId: string; waiting: number }> }>(
      daemon,
      'GET',
      '/api/acd/queues',
    );
    return stats.items.find((q) => q.queueId === 'told')?.waiting === 1 ? true : undefined;
  });
  const second = await callers.call('623', '5559302');
  const firstTold = await callers.playbackStarted(first.inbound, 'sound:queue-youarenext', 1, 15_000);
  const secondTold = await callers.playbackStarted(second.inbound, 'sound:queue-thereare', 1, 15_000);
  t.ok(firstTold && secondTold, 'first in line hears "first in line", the second "caller number"');
  const told = (channel: string) =>
    callers.events
      .filter((e) => e.type === 'PlaybackStarted' && e.playback?.target_uri === `channel:${channel}`)
      .map((e) => e.playback?.media_uri);
  t.notOk(
    told(second.inbound).includes('sound:queue-youarenext'),
    'the second caller is not told they are next',
  );
  t.notOk(
    told(first.inbound).concat(told(second.inbound)).includes('sound:queue-holdtime'),
    'no hold time is told before the queue has answered anyone',
  );
  await callers.hangup(first.caller);
  await callers.hangup(second.caller);
  await nothingLeft();
});

t.test('after max wait the caller moves to the overflow queue and reaches its agent', async (t) => {
  await adminApi(daemon, 'PUT', '/api/agents/olga', {
    name: 'Olga',
    skills: {},
    queues: ['backup'],
    device: 'Local/olga@switchboard-test-agent/n',
  });
  await adminApi(daemon, 'POST', '/api/agents/olga/state', { state: 'available' });
  const call = await callers.call('620', '5559001');
  const row = await eventually('the call row', async () => (await callsFrom(daemon, '5559001'))[0]);
  const offer = await eventually('an offer to olga', async () => {
    const offers = await adminApi<{ items: Array<{ agentId: string; queueId: string; waitedMs: number }> }>(
      daemon,
      'GET',
      `/api/calls/${row.id}/offers`,
    );
    return offers.items[0];
  });
  t.equal(offer.agentId, 'olga');
  t.equal(offer.queueId, 'backup', 'offered from the overflow queue');
  const entries = await eventually('the backup entry answered', () => {
    const found = queueEntries(row.id);
    return found.at(-1)?.outcome === 'answered' ? found : undefined;
  });
  t.same(
    entries,
    [
      { queueId: 'front', outcome: 'overflow' },
      { queueId: 'backup', outcome: 'answered' },
    ],
    'the front entry ended in overflow, the backup entry in an answer',
  );
  const connected = await eventually('the caller bridged with olga', async () => {
    const bridges = (await ariRequest('GET', '/bridges')) as Array<{ id: string; channels: string[] }>;
    return bridges.find((b) => b.id === `switchboard-call-${call.inbound}` && b.channels.length === 2);
  });
  t.ok(connected, 'caller and agent in one bridge');
  const stats = await adminApi<{ items: Array<{ queueId: string; waiting: number }> }>(
    daemon,
    'GET',
    '/api/acd/queues',
  );
  t.equal(stats.items.find((q) => q.queueId === 'front')?.waiting, 0, 'nobody left waiting in front');
  const entered = await eventually('front entry times', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db
        .prepare(
          "select enqueued_at as enteredAt, left_at as leftAt from queue_entries where call_id = ? and queue_id = 'front'",
        )
        .get(row.id) as { enteredAt: number; leftAt: number } | undefined;
    } finally {
      db.close();
    }
  });
  t.ok(
    entered.leftAt - entered.enteredAt >= 2000,
    `left front after its max wait (${entered.leftAt - entered.enteredAt} ms)`,
  );
  await callers.hangup(call.caller);
  await nothingLeft();
  await adminApi(daemon, 'POST', '/api/agents/olga/state', { state: 'logged-out' });
});

t.test('a full queue sends the next caller into the overflow flow', async (t) => {
  const first = await callers.call('621', '5559101');
  await eventually('the first caller waiting in tiny', async () => {
    const stats = await adminApi<{ items: Array<{ queueId: string; waiting: number }> }>(
      daemon,
      'GET',
      '/api/acd/queues',
    );
    return stats.items.find((q) => q.queueId === 'tiny')?.waiting === 1 ? true : undefined;
  });
  const second = await callers.call('621', '5559102');
  await callers.playbackStarted(second.inbound, 'sound:all-circuits-busy-now');
  const row = await eventually('the second call to end', async () => {
    const found = (await callsFrom(daemon, '5559102'))[0];
    return found?.endedAt ? found : undefined;
  });
  const path = await ivrPathOf(daemon, row.id);
  t.match(
    path.steps.map((s) => s.outcome),
    ['queued', /^overflow to flow sorry-busy: queue full in queue tiny$/, String, String],
    'the path shows the queue, the overflow and the flow it went to',
  );
  t.match(path.exit, { kind: 'hangup' });
  t.same(
    queueEntries(row.id),
    [{ queueId: 'tiny', outcome: 'overflow' }],
    'a caller turned away at the door is one stay in the full queue, ended in overflow (reports count it)',
  );
  const db = new Database(dbPath, { readonly: true });
  const stay = db
    .prepare('select enqueued_at as enteredAt, left_at as leftAt from queue_entries where call_id = ?')
    .get(row.id) as { enteredAt: number; leftAt: number };
  db.close();
  t.equal(stay.leftAt, stay.enteredAt, 'the turned-away stay enters and leaves at one instant');
  t.equal(
    callers.events.filter(
      (e) => e.type === 'PlaybackStarted' && e.playback?.target_uri === `channel:${first.inbound}`,
    ).length,
    0,
    'the first caller, still waiting, heard no overflow prompt',
  );
  await callers.hangup(first.caller);
  await nothingLeft();
});

t.test('an overdue caller of a queue with a voicemail overflow leaves a message', async (t) => {
  const call = await callers.call('622', '5559201');
  await callers.waitFor('the recording to start', (e) => e.type === 'RecordingStarted', 15_000);
  await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
  await new Promise((r) => setTimeout(r, 3200));
  await callers.hangup(call.caller);
  const row = await eventually('the call to end', async () => {
    const found = (await callsFrom(daemon, '5559201'))[0];
    return found?.endedAt ? found : undefined;
  });
  const voicemail = await eventually('the voicemail row', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare('select mailbox from voicemails where call_id = ?').get(row.id) as
        | { mailbox: string }
        | undefined;
    } finally {
      db.close();
    }
  });
  t.equal(voicemail.mailbox, 'sales');
  t.same(
    queueEntries(row.id).map((e) => e.outcome),
    ['overflow'],
  );
  await nothingLeft();
});

t.test('bad overflow targets are refused and the queue is left as it was', async (t) => {
  const queues = async () =>
    (await adminApi<{ items: Array<{ at: number }> }>(daemon, 'GET', '/api/acd/queues')).items.map(
      ({ at: _at, ...rest }) => rest,
    );
  const before = await queues();
  for (const [overflow, message] of [
    [{ kind: 'queue', target: 'nowhere' }, /overflow\.target "nowhere": no such queue/],
    [{ kind: 'flow', target: 'no-such-flow' }, /"no-such-flow": no flow of that name/],
    [{ kind: 'voicemail', target: 'a b' }, /a mailbox is like/],
    [{ kind: 'fax', target: '1' }, /kind/],
  ] as const) {
    const res = await fetch(`${daemon.url}/api/acd/queues/front`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await daemon.adminToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(queue('Front', { maxWaitSeconds: 2, overflow })),
    });
    t.equal(res.status, 400, `${JSON.stringify(overflow)} refused`);
    t.match(((await res.json()) as { message: string }).message, message);
  }
  t.same(await queues(), before, 'nothing changed');
});
