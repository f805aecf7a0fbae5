import t from 'tap';
import { type ConfigError, loadSettings } from '../../cti/config/load.js';
import { parseSupervisorDevice } from '../../cti/supervision/device.js';
import { isMonitorMode, MONITOR_MODES, snoopDirections } from '../../cti/supervision/modes.js';

t.test('each mode snoops on the agent with the directions that give it its meaning', async (t) => {
  // spy both: the supervisor hears caller and agent; whisper "out" reaches what the agent hears,
  // "in" the agent's voice on its way to the caller (the audio proof: test/integration/supervision).
  t.same(snoopDirections('listen'), { spy: 'both', whisper: 'none' });
  t.same(snoopDirections('whisper'), { spy: 'both', whisper: 'out' });
  t.same(snoopDirections('barge'), { spy: 'both', whisper: 'both' });
  t.same([...MONITOR_MODES], ['listen', 'whisper', 'barge']);
  const copy = snoopDirections('listen');
  copy.whisper = 'both';
  t.equal(snoopDirections('listen').whisper, 'none', 'callers get a copy, never the table itself');
  t.ok(isMonitorMode('barge'));
  t.notOk(isMonitorMode('spy'));
  t.notOk(isMonitorMode(undefined));
});

t.test('PJSIP and allowed Local devices become dial strings', async (t) => {
  const contexts = ['supervisor-phones'];
  t.same(parseSupervisorDevice('PJSIP/webrtc-sup1', contexts), {
    ok: true,
    device: { kind: 'pjsip', endpoint: 'webrtc-sup1', dial: 'PJSIP/webrtc-sup1' },
  });
  for (const text of ['Local/201@supervisor-phones', 'Local/201@supervisor-phones/n'])
    t.same(
      parseSupervisorDevice(text, contexts),
      {
        ok: true,
        device: {
          kind: 'local',
          extension: '201',
          context: 'supervisor-phones',
          dial: 'Local/201@supervisor-phones/n',
        },
      },
      `${text}: always dialled with /n`,
    );
  t.ok(parseSupervisorDevice('Local/*21#@supervisor-phones', contexts).ok, 'keypad codes pass');
});

t.test('anything that could change the Dial string is refused, naming the value', async (t) => {
  const contexts = ['supervisor-phones'];
  const bad = [
    'PJSIP/sup1&PJSIP/trunk/004930123',
    'PJSIP/trunk/sip:0049301234@carrier',
    'PJSIP/sup1,30,tT',
    'PJSIP/',
    'pjsip/sup1',
    'SIP/sup1',
    'Local/201@supervisor-phones/nj',
    'Local/201@supervisor-phones&Local/1@x',
    'Local/2 01@supervisor-phones',
    `Local/\${EXTEN}@supervisor-phones`,
    'Local/201',
    'Local/201@',
    'Local/@supervisor-phones',
    'DAHDI/1',
    '',
    'PJSIP/sup1\n',
  ];
  for (const text of bad) {
    const check = parseSupervisorDevice(text, contexts);
    t.equal(check.ok, false, JSON.stringify(text));
    if (!check.ok)
      t.ok(check.reason.includes(JSON.stringify(text)), `the reason names ${JSON.stringify(text)}`);
  }
});

t.test('a Local device is refused unless its context is listed in the setting', async (t) => {
  const none = parseSupervisorDevice('Local/201@from-internal', []);
  t.same(none, {
    ok: false,
    reason:
      'device "Local/201@from-internal": context "from-internal" is not one supervisors may ring (SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS; none is listed)',
  });
  const other = parseSupervisorDevice('Local/201@from-internal', ['supervisor-phones', 'desk']);
  t.match(other, { ok: false, reason: /listed: supervisor-phones, desk/ });
});

t.test(
  'SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: a comma list of context names, empty by default',
  async (t) => {
    const base = {
      SWITCHBOARD_ARI_URL: 'http://127.0.0.1:8088',
      SWITCHBOARD_ARI_USER: 'switchboard',
      SWITCHBOARD_ARI_PASSWORD: 'secret',
    };
    t.same(loadSettings(base).supervision, { localContexts: [] });
    t.same(
      loadSettings({ ...base, SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: ' supervisor-phones, desk_2 ' })
        .supervision,
      { localContexts: ['supervisor-phones', 'desk_2'] },
    );
    try {
      loadSettings({ ...base, SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: 'ok,bad&ctx' });
      t.fail('a bad context name must be refused');
    } catch (err) {
      t.same((err as ConfigError).problems, [
        'SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: "bad&ctx" is not a dialplan context name (letters, digits, - and _)',
      ]);
    }
  },
);
