// The supervision service against a fake Asterisk (fake-ari.ts): the order of its ARI requests,
// what each end of a monitor tears down, the races of a call ending mid-way, and what a restart
// finds. The real audio proof is test/integration/supervision.test.ts.
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { AcdEvents } from '../../cti/acd/call/acd-events.js';
import { acdOffers } from '../../cti/acd/schema.js';
import { AuditLog } from '../../cti/audit/audit-log.js';
import { auditLog } from '../../cti/audit/schema.js';
import { CallLog } from '../../cti/calls/call-log.js';
import type { Settings } from '../../cti/config/settings.js';
import { MonitorRefused } from '../../cti/supervision/errors.js';
import type { MonitorChange } from '../../cti/supervision/registry.js';
import { createSupervision } from '../../cti/supervision/runtime.js';
import { testDatabase } from '../helpers/db.js';
import { FakeAri } from './fake-ari.js';

const who = { kind: 'user' as const, id: 7, name: 'sue' };
const by = { actor: { type: 'user' as const, id: 7, name: 'sue' } };

async function until<T>(what: string, check: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}

function setup(t: Test) {
  const { db } = testDatabase(t);
  const ari = new FakeAri();
  const onConnected: Array<() => Promise<void>> = [];
  const events = new AcdEvents();
  const connected = new Map<number, string>();
  const callLog = new CallLog(db);
  const supervision = createSupervision({
    settings: {
      ari: { app: 'switchboard' } as Settings['ari'],
      supervision: { localContexts: ['sup-phones'] },
    },
    db,
    ari: {
      get rest() {
        return ari.rest;
      },
      onEvent: (handler) => ari.onEvent(handler),
      onConnected: (handler) => onConnected.push(handler),
    },
    acd: { connectedAgentOf: (callId) => connected.get(callId), events },
    callLog,
    softphone: { deviceOf: () => undefined },
    audit: new AuditLog(db),
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
  });
  const changes: MonitorChange['kind'][] = [];
  supervision.onMonitorChanged((change) => changes.push(change.kind));
  /** A caller connected to agent amy from queue sales; the agent leg is agent-<offer>. */
  const connectCall = (n: number) => {
    const row = callLog.recordStart({
      channelId: `caller-${n}`,
      callerNumber: '5551234',
      callerName: null,
      dialedNumber: '100',
      startedAt: new Date(),
    });
    db.insert(acdOffers)
      .values({
        id: `o${n}`,
        callId: row.id,
        queueId: 'sales',
        agentId: 'amy',
        offeredAt: new Date(),
        outcome: 'answered',
        trace: {} as never,
      })
      .run();
    connected.set(row.id, 'amy');
    ari.channels.add(`caller-${n}`).add(`agent-o${n}`);
    return row.id;
  };
  const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();
  const start = async (callId: number, mode: 'listen' | 'whisper' | 'barge' = 'listen') => {
    const view = await supervision.start({
      call: supervision.connectedCall(callId),
      mode,
      device: 'PJSIP/sup-desk',
      supervisor: who,
      ...by,
    });
    return { view, monitor: supervision.get(view.monitorId)! };
  };
  const monitorChannels = () => [...ari.channels].filter((id) => id.startsWith('monitor-'));
  return {
    ari,
    callLog,
    events,
    connected,
    supervision,
    changes,
    connectCall,
    audits,
    start,
    onConnected,
    monitorChannels,
  };
}

t.test('start, answer, mode change and stop make exactly these ARI requests', async (t) => {
  const s = setup(t);
  const callId = s.connectCall(1);
  t.match(s.supervision.connectedCall(callId), {
    queueId: 'sales',
    agentId: 'amy',
    agentChannelId: 'agent-o1',
  });
  t.equal(await s.supervision.phoneFor('PJSIP/sup-desk', who), 'PJSIP/sup-desk');
  t.equal(await s.supervision.phoneFor('Local/12@sup-phones', who), 'Local/12@sup-phones/n');
  await t.rejects(s.supervision.phoneFor('PJSIP/nobody', who), { kind: 'bad_request', message: /"nobody"/ });
  await t.rejects(s.supervision.phoneFor(undefined, who), { message: /user "sue" has no agent record/ });

  const { view, monitor } = await s.start(callId);
  const id = view.monitorId;
  t.match(view, { state: 'ringing', mode: 'listen', spy: 'both', whisper: 'none', queueId: 'sales' });
  t.same(s.ari.ops, [
    `snoop monitor-${id}-snoop-1 on agent-o1 spy=both whisper=none`,
    `originate monitor-${id}-phone to PJSIP/sup-desk args=monitor-phone,${id}`,
  ]);
  s.ari.answer(`monitor-${id}-phone`, id);
  await until('connected', () => monitor.state === 'connected');
  t.same(
    [...(s.ari.bridges.get(`switchboard-monitor-${id}`) ?? [])],
    [`monitor-${id}-phone`, `monitor-${id}-snoop-1`],
  );

  const before = s.ari.ops.length;
  const whisper = await s.supervision.changeMode(monitor, 'whisper', by);
  t.match(whisper, { mode: 'whisper', whisper: 'out', snoopChannelId: `monitor-${id}-snoop-2` });
  t.same(
    s.ari.ops.slice(before),
    [
      `snoop monitor-${id}-snoop-2 on agent-o1 spy=both whisper=out`,
      `add monitor-${id}-snoop-2 to switchboard-monitor-${id}`,
      `hangup monitor-${id}-snoop-1`,
    ],
    'the new snoop is in the bridge before the old one goes',
  );
  await new Promise((r) => setImmediate(r));
  t.equal(monitor.state, 'connected', "the replaced snoop's StasisEnd does not end the monitor");
  t.same(
    await s.supervision.changeMode(monitor, 'whisper', by),
    whisper,
    'the same mode again changes nothing',
  );

  const stopped = await s.supervision.stop(monitor, by);
  t.match(stopped, { state: 'ended', endReason: 'stopped by sue' });
  t.same(s.monitorChannels(), [], 'snoop and phone hung up');
  t.same([...s.ari.bridges.keys()], [], 'bridge destroyed');
  t.same(s.supervision.active(), []);
  t.same(s.changes, ['started', 'connected', 'mode', 'ended']);
  t.equal(s.audits('monitor.start').length, 1);
  t.match(s.audits('monitor.mode')[0]?.details, { from: 'listen', to: 'whisper', whisper: 'out' });
  t.match(s.audits('monitor.stop')[0], { actorName: 'sue', target: `call:${callId}` });
  await t.rejects(s.supervision.stop(monitor, by), MonitorRefused, 'stopping twice is refused');
});

t.test('a monitor ends by itself, with everything torn down and audited', async (t) => {
  const s = setup(t);
  const cases: Array<[string, (c: { callId: number; id: string; n: number }) => void, RegExp]> = [
    ['the call ends', ({ callId }) => s.events.emit('ended', { agentId: 'amy', callId }), /the call ended/],
    ["the agent's leg goes", ({ n }) => s.ari.vanish(`agent-o${n}`), /the agent left the call/],
    ['the supervisor hangs up', ({ id }) => s.ari.vanish(`monitor-${id}-phone`), /the supervisor hung up/],
  ];
  let n = 0;
  for (const [what, cause, reason] of cases) {
    n += 1;
    const callId = s.connectCall(n);
    const { view, monitor } = await s.start(callId, 'barge');
    s.ari.answer(view.supervisorChannelId, view.monitorId);
    await until('connected', () => monitor.state === 'connected');
    cause({ callId, id: view.monitorId, n });
    await until(`${what}: ended`, () => monitor.state === 'ended' && s.ari.bridges.size === 0);
    await until(`${what}: channels gone`, () => s.monitorChannels().length === 0);
    t.match(monitor.endReason, reason, what);
  }
  const ringing = await s.start(s.connectCall(9));
  s.ari.vanish(ringing.view.supervisorChannelId, { cause: 19, cause_txt: 'No user responding' }, false);
  await until('unanswered', () => ringing.monitor.state === 'ended');
  t.match(ringing.monitor.endReason, /phone was not answered \(No user responding\)/);
  t.same(s.monitorChannels(), []);
  const ends = s.audits('monitor.end');
  t.equal(ends.length, 4, 'each automatic end is audited');
  t.ok(ends.every((e) => e.actorType === 'system'));
});

t.test('the call ending while the snoop is being made leaves nothing behind', async (t) => {
  const s = setup(t);
  const callId = s.connectCall(1);
  s.ari.holdNextSnoop = true;
  const starting = s.start(callId);
  await until('snoop requested', () => s.ari.ops.length === 1);
  s.events.emit('ended', { agentId: 'amy', callId });
  s.ari.release();
  await t.rejects(starting, { kind: 'not_connected', message: /ended meanwhile/ });
  t.same(s.monitorChannels(), [], 'the snoop made after the end was hung up');
  t.notOk(
    s.ari.ops.some((op) => op.startsWith('originate')),
    'the supervisor was never rung',
  );
  t.match(s.audits('monitor.start')[0], { outcome: 'failed' });
});

t.test('refusals: unknown, ended or waiting calls, and a second monitor of the same call', async (t) => {
  const s = setup(t);
  t.throws(() => s.supervision.connectedCall(404), { kind: 'not_found', message: 'call 404 not found' });
  const callId = s.connectCall(1);
  s.connected.delete(callId);
  t.throws(() => s.supervision.connectedCall(callId), {
    kind: 'not_connected',
    message: /is not connected to an agent/,
  });
  s.connected.set(callId, 'amy');
  await s.start(callId);
  await t.rejects(s.start(callId), { kind: 'conflict', message: /user "sue" already monitors call/ });
  s.ari.channels.delete('agent-o1');
  const second = s.connectCall(2);
  s.ari.channels.delete('agent-o2');
  await t.rejects(s.start(second), { kind: 'not_connected', message: /agent's leg agent-o2 is gone/ });
  const third = s.connectCall(3);
  s.callLog.recordEnd('caller-3', {
    at: new Date(),
    cause: 16,
    causeText: 'Normal Clearing',
    endedBy: 'caller',
  });
  t.throws(() => s.supervision.connectedCall(third), {
    kind: 'not_connected',
    message: `call ${third} has ended`,
  });
});

t.test('on (re)connect: leftovers of an earlier process go, monitors whose legs vanished end', async (t) => {
  const s = setup(t);
  s.ari.channels.add('monitor-old-1-snoop-1').add('monitor-old-1-phone');
  s.ari.bridges.set('switchboard-monitor-old-1', new Set(['monitor-old-1-snoop-1', 'monitor-old-1-phone']));
  s.ari.bridges.set('switchboard-call-x', new Set());
  const { view, monitor } = await s.start(s.connectCall(1));
  s.ari.answer(view.supervisorChannelId, view.monitorId);
  await until('connected', () => monitor.state === 'connected');
  s.ari.channels.delete('agent-o1');
  for (const handler of s.onConnected) await handler();
  t.equal(monitor.state, 'ended');
  t.same(s.monitorChannels(), []);
  t.same([...s.ari.bridges.keys()], ['switchboard-call-x'], "only our monitors' bridges are touched");
  t.match(
    s.audits('monitor.end').map((e) => e.details),
    [
      { monitorId: view.monitorId, reason: /went away while Asterisk was not reachable/ },
      { monitorId: 'old-1', reason: /left behind by an earlier daemon process/ },
    ],
    'both ends are audited, the left-behind one once for its two channels',
  );
});
