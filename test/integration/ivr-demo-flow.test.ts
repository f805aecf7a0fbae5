// Real callers walk the demo flow through the sandbox Asterisk: keys pressed over ARI on the
// caller's half of a Local channel, playbacks observed on the half the daemon drives.
import { join } from 'node:path';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import {
  adminApi,
  DEMO_FLOW_SOURCE,
  ivrPathOf,
  publishFlow,
  type StoredPathJson,
} from '../helpers/ivr-api.js';

const MONDAY_MORNING_BERLIN = '2026-11-23T10:00:00+01:00';
const MENU = 'sound:basic-pbx-ivr-main';
const HOURS = [
  'hours',
  'digits/day-1',
  'digits/day-5',
  'digits/8',
  'digits/a-m',
  'digits/6',
  'digits/p-m',
  'digits/day-6',
  'digits/9',
  'digits/a-m',
  'digits/1',
  'digits/p-m',
].map((s) => `sound:${s}`);

const dir = t.testdir();
let daemon: DaemonProcess;
let flowId: number;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({
    dbPath: join(dir, 'ivr.db'),
    port: await freePort(),
    env: { SWITCHBOARD_IVR_TIME: MONDAY_MORNING_BERLIN },
  });
  await daemon.waitReady();
  flowId = await publishFlow(daemon, 'demo', DEMO_FLOW_SOURCE, '100');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

/** Runs one real call: `script` presses keys as the test decides; returns what the caller heard and the stored path. */
async function realCall(
  callerNumber: string,
  script: (call: { caller: string; inbound: string }) => Promise<void>,
) {
  const call = await callers.call('100', callerNumber);
  await script(call);
  const row = await eventually(
    'the call to be logged',
    async () => (await callsFrom(daemon, callerNumber))[0],
  );
  const path = await eventually(
    'the flow to reach its exit',
    async () => {
      const stored = await ivrPathOf(daemon, row.id);
      return stored.exit ? stored : undefined;
    },
    20_000,
  );
  const heard = callers.playbacksOn(call.inbound);
  await callers.hangup(call.caller);
  return { heard, path, call };
}

const nodesOf = (path: StoredPathJson) => path.steps.map((s) => `${s.node}:${s.outcome}`);

t.test(
  '3 for opening hours, back to the menu, 2 for support: queued with the skill and priority',
  async (t) => {
    const { heard, path } = await realCall('5557001', async ({ inbound, caller }) => {
      await callers.playbackStarted(inbound, MENU);
      await callers.press(caller, '3');
      await callers.playbackStarted(inbound, MENU, 2);
      await callers.press(caller, '2');
      await callers.playbackStarted(inbound, 'sound:one-moment-please');
    });
    t.same(
      heard,
      [MENU, ...HOURS, MENU, 'sound:one-moment-please'],
      'exact playbacks, the menu interrupted by each key',
    );
    t.same(nodesOf(path), [
      'office-hours:open',
      'main-menu:option 3',
      'opening-hours:played',
      'main-menu:option 2',
      'support:queued',
    ]);
    t.match(path.exit, { kind: 'queue', queue: 'support', skills: ['english'], priority: 5 });
    t.equal(path.version, 1);
  },
);

t.test('an invalid key, then 1 for sales', async (t) => {
  const { heard, path } = await realCall('5557002', async ({ inbound, caller }) => {
    await callers.playbackStarted(inbound, MENU);
    await callers.press(caller, '9');
    await callers.playbackStarted(inbound, MENU, 2);
    await callers.press(caller, '1');
    await callers.playbackStarted(inbound, 'sound:pls-hold-while-try');
  });
  t.same(heard, [MENU, 'sound:pm-invalid-option', MENU, 'sound:pls-hold-while-try']);
  t.same(nodesOf(path), ['office-hours:open', 'main-menu:invalid', 'main-menu:option 1', 'sales:queued']);
});

t.test('no key at all: the timeout prompt, then 0 for the operator (support)', async (t) => {
  const { heard, path } = await realCall('5557003', async ({ inbound, caller }) => {
    // The stock menu recording lasts 25 s, then the menu waits 5 s for a key.
    await callers.playbackStarted(inbound, 'sound:vm-sorry', 1, 45_000);
    await callers.playbackStarted(inbound, MENU, 2);
    await callers.press(caller, '0');
    await callers.playbackStarted(inbound, 'sound:one-moment-please');
  });
  t.same(heard, [MENU, 'sound:vm-sorry', MENU, 'sound:one-moment-please']);
  t.same(nodesOf(path), ['office-hours:open', 'main-menu:timeout', 'main-menu:option 0', 'support:queued']);
});

t.test('the simulator takes the same path as the real calls for the same keys', async (t) => {
  for (const [callerNumber, digits] of [
    ['5557001', ['3', '2']],
    ['5557002', ['9', '1']],
    ['5557003', ['', '0']],
  ] as const) {
    const row = (await callsFrom(daemon, callerNumber))[0];
    t.ok(row, `call from ${callerNumber} exists`);
    const real = await ivrPathOf(daemon, row!.id);
    const { outcome: simulated } = await adminApi<{
      outcome: { path: StoredPathJson['steps']; exit: { kind: string } };
    }>(daemon, 'POST', `/api/flows/${flowId}/simulate`, {
      callerNumber,
      dialedNumber: '100',
      at: MONDAY_MORNING_BERLIN,
      digits: [...digits],
    });
    const simulatedNodes = simulated.path.map((s) => `${s.node}:${s.outcome}`);
    t.same(simulatedNodes, nodesOf(real), `same path for keys ${JSON.stringify(digits)}`);
    t.equal(simulated.exit.kind, real.exit?.kind);
  }
});

t.test(
  'on a holiday (Christmas Day, a Friday, Berlin time) callers hear the closed message and are hung up',
  async (t) => {
    const holiday = spawnDaemon({
      dbPath: join(dir, 'holiday.db'),
      port: await freePort(),
      env: { SWITCHBOARD_IVR_TIME: '2026-12-25T10:00:00+01:00' },
    });
    t.teardown(() => holiday.kill('SIGTERM'));
    await holiday.waitReady();
    await publishFlow(holiday, 'demo', DEMO_FLOW_SOURCE, '100');
    // This daemon now owns the app's events; the first one is told so and says it is not ready.
    const first = await eventually('the first daemon to report it was replaced', async () => {
      const res = await fetch(`${daemon.url}/readyz`);
      const body = (await res.json()) as { checks: { asterisk: { ok: boolean; detail: string } } };
      return res.status === 503 ? body.checks.asterisk.detail : undefined;
    });
    t.match(first, /another process took over Stasis app "switchboard"/);
    const call = await callers.call('100', '5557010');
    await callers.playbackStarted(call.inbound, 'sound:goodbye');
    const row = await eventually('the daemon to hang up', async () => {
      const found = (await callsFrom(holiday, '5557010'))[0];
      return found?.endedAt ? found : undefined;
    });
    t.same(callers.playbacksOn(call.inbound), [
      'sound:vm-nobodyavail',
      'sound:please-try-call-later',
      'sound:goodbye',
    ]);
    t.equal(row.endedBy, 'daemon');
    const path = await ivrPathOf(holiday, row.id);
    t.same(nodesOf(path), ['office-hours:holiday', 'closed:played', 'goodbye:hung up']);
  },
);
