import t from 'tap';
import { ConfigError, loadSettings } from '../../cti/config/load.js';

const base = {
  SWITCHBOARD_ARI_URL: 'http://127.0.0.1:8088',
  SWITCHBOARD_ARI_USER: 'switchboard',
  SWITCHBOARD_ARI_PASSWORD: 'secret',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadSettings({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

t.test('defaults', async (t) => {
  const settings = loadSettings(base);
  t.same(
    settings.desktop.dispositions.map((d) => d.code),
    ['resolved', 'callback', 'escalated', 'wrong-number', 'other'],
  );
  t.same(settings.desktop.pauseReasons, [
    { code: 'break', label: 'Break' },
    { code: 'lunch', label: 'Lunch' },
    { code: 'training', label: 'Training' },
    { code: 'admin', label: 'Back office' },
  ]);
  t.equal(settings.softphone.wsUrl, null);
});

t.test('lists are code:Label, spaces trimmed, colons allowed in labels', async (t) => {
  const settings = loadSettings({ ...base, SWITCHBOARD_DISPOSITIONS: ' sale : Sale made , info:Info: sent' });
  t.same(settings.desktop.dispositions, [
    { code: 'sale', label: 'Sale made' },
    { code: 'info', label: 'Info: sent' },
  ]);
});

t.test('bad settings are named with the offending entry', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { SWITCHBOARD_DISPOSITIONS: 'resolved:Resolved,callback' },
      /^SWITCHBOARD_DISPOSITIONS: entry 2 \("callback"\) is not code:Label/,
    ],
    [
      { SWITCHBOARD_DISPOSITIONS: 'Resolved:Resolved' },
      /^SWITCHBOARD_DISPOSITIONS: entry 1 .*code "Resolved" must be lower-case/,
    ],
    [
      { SWITCHBOARD_DISPOSITIONS: 'a:A,a:Again' },
      /^SWITCHBOARD_DISPOSITIONS: entry 2 .*code "a" is listed twice/,
    ],
    [
      { SWITCHBOARD_PAUSE_REASONS: 'lunch:' },
      /^SWITCHBOARD_PAUSE_REASONS: entry 1 .*the label must be 1-80 characters/,
    ],
    [{ SWITCHBOARD_PAUSE_REASONS: 'lunch:Lunch,,break:Break' }, /^SWITCHBOARD_PAUSE_REASONS: entry 2 \(""\)/],
    [
      { SWITCHBOARD_SOFTPHONE_WS_URL: 'http://pbx/ws' },
      /^SWITCHBOARD_SOFTPHONE_WS_URL: must be a URL like wss:\/\/host:port\/ws, got "http:\/\/pbx\/ws"/,
    ],
  ];
  for (const [env, want] of cases) {
    const found = problems(env);
    t.equal(found.length, 1, JSON.stringify(env));
    t.match(found[0], want);
  }
});

t.test('from a config file too', async (t) => {
  const dir = t.testdir({
    'config.yaml': 'desktop:\n  dispositions: "x:X,y"\nsoftphone:\n  wsUrl: wss://pbx.example.com/ws\n',
  });
  try {
    loadSettings(base, `${dir}/config.yaml`);
    t.fail('should refuse');
  } catch (err) {
    t.match((err as ConfigError).problems, [
      /^SWITCHBOARD_DISPOSITIONS \(or desktop\.dispositions in .*config\.yaml\): entry 2/,
    ]);
  }
});
