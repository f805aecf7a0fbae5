import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { readAsteriskConfigSettings, runAsteriskConfigCommand } from '../../cti/asterisk-config/command.js';
import {
  type AsteriskConfigSettings,
  renderAsteriskConfig,
  writeAsteriskConfig,
} from '../../cti/asterisk-config/render.js';

const settings: AsteriskConfigSettings = {
  httpPort: 18088,
  amiPort: 15038,
  sipPort: 15060,
  rtpStart: 11000,
  rtpEnd: 11999,
  ariUser: 'switchboard',
  ariPassword: 'ari-secret-0123456789',
  ariApp: 'switchboard',
  amiUser: 'switchboard',
  amiPassword: 'ami-secret-0123456789',
  trunkMatch: '127.0.0.1',
  etcDir: '/srv/switchboard/test/etc',
  runDir: '/srv/switchboard/test/run',
  spoolDir: '/srv/switchboard/test/spool',
  logDir: '/srv/switchboard/test/log',
  libDir: '/srv/switchboard/test/lib',
  cacheDir: '/srv/switchboard/test/cache',
};

function templates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-templates-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

t.test('the real dialplan/ templates render with every placeholder filled', async (t) => {
  const files = renderAsteriskConfig(settings);
  for (const name of [
    'asterisk.conf',
    'modules.conf',
    'http.conf',
    'ari.conf',
    'manager.conf',
    'pjsip.conf',
  ]) {
    t.ok(files.has(name), `${name} rendered`);
  }
  for (const [name, content] of files) t.notMatch(content, /\{\{|\}\}/, `${name}: no placeholder left`);
  t.match(files.get('http.conf'), /bindaddr = 127\.0\.0\.1\nbindport = 18088/);
  t.match(files.get('ari.conf'), /\[switchboard\]\ntype = user[\s\S]*password = ari-secret-0123456789/);
  t.match(files.get('manager.conf'), /port = 15038[\s\S]*secret = ami-secret-0123456789/);
  t.match(files.get('pjsip.conf'), /bind = 127\.0\.0\.1:15060[\s\S]*match = 127\.0\.0\.1/);
  t.match(files.get('rtp.conf'), /rtpstart = 11000\nrtpend = 11999/);
  t.match(files.get('asterisk.conf'), /astspooldir => \/srv\/switchboard\/test\/spool/);
  t.match(files.get('extensions.conf'), /Stasis\(switchboard,inbound,\$\{EXTEN\}\)/);
  t.match(files.get('modules.conf'), /autoload = no/);
});

t.test('an unknown placeholder is an error naming the template and the placeholder', async (t) => {
  const dir = templates({ 'x.conf': 'port = {{httpPort}}\nname = {{nosuchSetting}}\n' });
  t.throws(() => renderAsteriskConfig(settings, dir), {
    message: /x\.conf: unknown placeholder \{\{nosuchSetting\}\}/,
  });
});

t.test('a setting without a value is an error naming the template and the setting', async (t) => {
  const dir = templates({ 'ari.conf': 'password = {{ariPassword}}\n' });
  t.throws(() => renderAsteriskConfig({ ...settings, ariPassword: '' }, dir), {
    message: /ari\.conf: placeholder \{\{ariPassword\}\} has no value \(setting "ariPassword" missing\)/,
  });
});

t.test('a malformed placeholder is an error', async (t) => {
  const dir = templates({ 'bad.conf': 'x = {{ http Port }}\n' });
  t.throws(() => renderAsteriskConfig(settings, dir), { message: /bad\.conf: malformed placeholder/ });
});

t.test('files holding secrets are written 0600, the others 0644', async (t) => {
  const out = join(t.testdir(), 'etc');
  const written = writeAsteriskConfig(settings, out);
  t.ok(written.length >= 10, `${written.length} files written`);
  t.equal(statSync(join(out, 'ari.conf')).mode & 0o777, 0o600, 'ari.conf 0600');
  t.equal(statSync(join(out, 'manager.conf')).mode & 0o777, 0o600, 'manager.conf 0600');
  t.equal(statSync(join(out, 'http.conf')).mode & 0o777, 0o644, 'http.conf 0644');
  t.match(readFileSync(join(out, 'ari.conf'), 'utf8'), /password = ari-secret-0123456789/);
});

const goodEnv = {
  SWITCHBOARD_ARI_URL: 'http://127.0.0.1:18088',
  SWITCHBOARD_ARI_USER: 'switchboard',
  SWITCHBOARD_ARI_PASSWORD: 'ari-secret-0123456789',
  SWITCHBOARD_ARI_APP: 'switchboard',
  SWITCHBOARD_AMI_PORT: '15038',
  SWITCHBOARD_AMI_USER: 'switchboard',
  SWITCHBOARD_AMI_PASSWORD: 'ami-secret-0123456789',
  SWITCHBOARD_SIP_PORT: '15060',
  SWITCHBOARD_RTP_START: '11000',
  SWITCHBOARD_RTP_END: '11999',
  SWITCHBOARD_TRUNK_MATCH: '127.0.0.1',
  SWITCHBOARD_ASTERISK_DIR: '/srv/switchboard/test',
};

t.test('settings come from the environment', async (t) => {
  const { settings: read, problems } = readAsteriskConfigSettings(goodEnv);
  t.same(problems, []);
  t.same(read, settings);
});

t.test('SANDBOX_RTP_START/END are accepted for the RTP range', async (t) => {
  const { SWITCHBOARD_RTP_START: _s, SWITCHBOARD_RTP_END: _e, ...rest } = goodEnv;
  const { settings: read, problems } = readAsteriskConfigSettings({
    ...rest,
    SANDBOX_RTP_START: '12000',
    SANDBOX_RTP_END: '12999',
  });
  t.same(problems, []);
  t.equal(read.rtpStart, 12000);
  t.equal(read.rtpEnd, 12999);
});

t.test('each bad or missing variable gets its own line naming it', async (t) => {
  const { problems } = readAsteriskConfigSettings({
    ...goodEnv,
    SWITCHBOARD_ARI_PASSWORD: undefined,
    SWITCHBOARD_AMI_PASSWORD: 'short;',
    SWITCHBOARD_SIP_PORT: '70000',
    SWITCHBOARD_ARI_APP: 'bad app',
  });
  t.equal(problems.length, 4, problems.join('\n'));
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_PASSWORD is not set/);
  t.match(problems.join('\n'), /SWITCHBOARD_AMI_PASSWORD="<6 characters>" is invalid/);
  t.notMatch(problems.join('\n'), /short;/, 'a secret is never echoed');
  t.match(problems.join('\n'), /SWITCHBOARD_SIP_PORT=70000 is out of range/);
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_APP="bad app" is invalid/);
});

t.test('the command exits 2 on bad settings and writes the files otherwise', async (t) => {
  const stderr: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => stderr.push(chunk) > 0) as typeof process.stderr.write;
  let code: number;
  try {
    code = await runAsteriskConfigCommand(['--out', t.testdir()], {
      ...goodEnv,
      SWITCHBOARD_AMI_PORT: undefined,
    });
  } finally {
    process.stderr.write = write;
  }
  t.equal(code, 2);
  t.match(stderr.join(''), /asterisk-config: SWITCHBOARD_AMI_PORT is not set/);

  const out = join(t.testdir(), 'ok');
  t.equal(await runAsteriskConfigCommand(['--out', out], goodEnv), 0);
  t.equal(statSync(join(out, 'manager.conf')).mode & 0o777, 0o600);
});
