import t, { type Test } from 'tap';
import type { CallHandler, LiveCall } from '../../cti/calls/call-handler.js';
import { CallLog } from '../../cti/calls/call-log.js';
import { CallTracker } from '../../cti/calls/call-tracker.js';
import { LOBBY_BRIDGE_ID, Lobby } from '../../cti/calls/lobby.js';
import { reconcileCalls } from '../../cti/calls/reconcile.js';
import { CallStasisHandlers } from '../../cti/calls/stasis.js';
import type { AriBridge, AriChannel, AriRest } from '../../cti/infra/ari/types.js';
import { createLogger } from '../../cti/infra/logger.js';
import { createMetrics } from '../../cti/infra/metrics.js';
import { testDatabase } from '../helpers/db.js';

function channel(id: string, appData: string | null, state = 'Up'): AriChannel {
  return {
    id,
    name: `Local/100@switchboard-inbound-0000;2`,
    state,
    caller: { name: '', number: '555' },
    connected: { name: '', number: '' },
    dialplan:
      appData === null
        ? { context: 'switchboard-test-caller', exten: 's', priority: 3, app_name: 'Wait', app_data: '5' }
        : {
            context: 'switchboard-inbound',
            exten: '100',
            priority: 1,
            app_name: 'Stasis',
            app_data: appData,
          },
    creationtime: '2026-11-21T09:00:00.000+0000',
    language: 'en',
  };
}

const bridge = (id: string, name: string, channels: string[]): AriBridge => ({
  id,
  name,
  channels,
  bridge_type: 'holding',
  bridge_class: 'stasis',
  technology: 'holding_bridge',
  creator: 'Stasis',
});

/** Only what reconciliation reads or changes; anything else would be a bug in the code under test. */
function fakeAri(channels: AriChannel[], bridges: AriBridge[]) {
  const destroyed: string[] = [];
  const rest = {
    listChannels: async () => channels,
    listBridges: async () => bridges.filter((b) => !destroyed.includes(b.id)),
    destroyBridge: async (id: string) => void destroyed.push(id),
  } as unknown as AriRest;
  return { rest, destroyed };
}

function setup(t: Test, channels: AriChannel[], bridges: AriBridge[]) {
  const { db } = testDatabase(t);
  const callLog = new CallLog(db);
  const tracker = new CallTracker();
  const resumed: LiveCall[] = [];
  const handler: CallHandler = { start: async () => {}, resume: async (call) => void resumed.push(call) };
  const logger = createLogger('fatal');
  const clock = () => new Date(Date.UTC(2026, 10, 21, 9, 30));
  const ari = fakeAri(channels, bridges);
  const rest = () => ari.rest;
  const stasis = new CallStasisHandlers({ rest, callLog, tracker, handler, logger, clock });
  const run = () =>
    reconcileCalls({
      rest,
      app: 'switchboard',
      callLog,
      tracker,
      handler,
      stasis,
      lobby: new Lobby(rest),
      logger,
      metrics: createMetrics(),
      clock,
    });
  return { callLog, tracker, resumed, destroyed: ari.destroyed, run };
}

t.test('adopts calls still in the app, resuming each where it sits, without duplicating rows', async (t) => {
  const s = setup(
    t,
    [
      channel('in-lobby', 'switchboard,inbound,100'),
      channel('mid-step', 'switchboard,inbound,200', 'Ring'),
      channel('other-app', 'voicemail,x'),
      channel('dialplan', null),
    ],
    [bridge(LOBBY_BRIDGE_ID, 'switchboard:lobby', ['in-lobby'])],
  );
  s.callLog.recordStart({
    channelId: 'in-lobby',
    callerNumber: '555',
    callerName: null,
    dialedNumber: '100',
    startedAt: new Date(0),
  });
  const report = await s.run();
  await new Promise((r) => setImmediate(r));
  t.same(report.adopted.sort(), ['in-lobby', 'mid-step']);
  t.same(s.tracker.channelIds().sort(), ['in-lobby', 'mid-step']);
  t.same(s.resumed.map((c) => [c.session.channelId, c.bridgeId ?? null]).sort(), [
    ['in-lobby', LOBBY_BRIDGE_ID],
    ['mid-step', null],
  ]);
  t.equal(s.callLog.list({ limit: 10, offset: 0 }).total, 2, 'one row per call');
  t.equal(s.callLog.byChannel('mid-step')?.dialedNumber, '200');
  t.equal(s.callLog.byChannel('mid-step')?.answeredAt, null, 'not answered yet');
  t.ok(s.callLog.byChannel('in-lobby')?.answeredAt, 'an Up channel is marked answered');
  t.same(s.destroyed, [], 'the occupied lobby stays');
});

t.test(
  'calls that ended while the daemon was away are closed as lost; tracked ones are dropped',
  async (t) => {
    const s = setup(
      t,
      [],
      [bridge('switchboard-old', 'switchboard:lobby', []), bridge('foreign', 'someone-else', [])],
    );
    s.callLog.recordStart({
      channelId: 'gone',
      callerNumber: '555',
      callerName: null,
      dialedNumber: '100',
      startedAt: new Date(0),
    });
    const report = await s.run();
    t.same(report.lost, ['gone']);
    const row = s.callLog.byChannel('gone')!;
    t.equal(row.endedBy, 'lost');
    t.equal(row.hangupCauseText, 'ended while the daemon was not connected');
    t.same(s.destroyed, ['switchboard-old'], 'our empty bridge destroyed, a foreign one left alone');
  },
);

t.test('a second reconcile (quick reconnect) keeps what is tracked and adopts nothing twice', async (t) => {
  const s = setup(t, [channel('c1', 'switchboard,inbound,100')], []);
  await s.run();
  const second = await s.run();
  t.same(second.adopted, []);
  t.same(second.kept, ['c1']);
  t.equal(s.resumed.length, 1);
});
