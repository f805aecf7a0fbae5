import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadSettings } from '../../cti/config/load.js';

const minimal = {
  SWITCHBOARD_ARI_URL: 'http://127.0.0.1:8088',
  SWITCHBOARD_ARI_USER: 'switchboard',
  SWITCHBOARD_ARI_PASSWORD: 'secret',
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

t.test('minimal environment gives defaults for everything else', async (t) => {
  const s = loadSettings(minimal);
  t.equal(s.http.port, 8080);
  t.equal(s.http.host, '127.0.0.1');
  t.equal(s.ari.app, 'switchboard');
  t.equal(s.ami, null, 'AMI off unless configured');
  t.equal(s.redis.url, 'redis://127.0.0.1:6379');
  t.equal(s.http.publicUrl, 'http://127.0.0.1:8080');
});

t.test('every problem is reported, one line each, naming the variable and the value', async (t) => {
  const problems = problemsOf(() =>
    loadSettings({
      SWITCHBOARD_ARI_URL: 'not a url',
      SWITCHBOARD_HTTP_PORT: '99999',
      SWITCHBOARD_LOG_LEVEL: 'loud',
    }),
  );
  t.equal(problems.length, 5);
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_URL: must be a URL like http:\/\/host:port, got "not a url"/);
  t.match(problems.join('\n'), /SWITCHBOARD_HTTP_PORT: must be a port number 1-65535, got "99999"/);
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_USER: required/);
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_PASSWORD: required/);
  t.match(problems.join('\n'), /SWITCHBOARD_LOG_LEVEL: must be one of/);
  for (const p of problems) t.notOk(p.includes('\n'), 'single line');
});

t.test('secrets are never echoed back', async (t) => {
  const problems = problemsOf(() =>
    loadSettings({ ...minimal, SWITCHBOARD_ADMIN_USER: 'root', SWITCHBOARD_ADMIN_PASSWORD: 'short' }),
  );
  t.same(problems, ['SWITCHBOARD_ADMIN_PASSWORD: must be at least 12 characters']);
});

t.test('half an AMI configuration is refused, naming what is missing', async (t) => {
  const problems = problemsOf(() => loadSettings({ ...minimal, SWITCHBOARD_AMI_HOST: '127.0.0.1' }));
  t.equal(problems.length, 1);
  t.match(
    problems[0],
    /SWITCHBOARD_AMI_USER, SWITCHBOARD_AMI_PASSWORD: required once SWITCHBOARD_AMI_HOST is set/,
  );
});

t.test('a YAML file supplies settings and the environment overrides it', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'switchboard.yaml');
  writeFileSync(
    file,
    'http:\n  port: 9090\nari:\n  url: http://10.1.1.1:8088\n  user: fromfile\n  password: p\n',
  );
  const s = loadSettings({ SWITCHBOARD_ARI_USER: 'fromenv' }, file);
  t.equal(s.http.port, 9090);
  t.equal(s.ari.url, 'http://10.1.1.1:8088');
  t.equal(s.ari.user, 'fromenv');
});

t.test('a broken file is named with the reason, and the file path appears in each problem', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{"http": {');
  const problems = problemsOf(() => loadSettings({}, file));
  t.match(problems[0], new RegExp(`config file ${file.replace(/[/.]/g, '\\$&')}: not valid JSON`));
  t.match(problems.join('\n'), /SWITCHBOARD_ARI_URL \(or ari.url in .*bad.json\): required/);
  t.match(problemsOf(() => loadSettings({}, join(dir, 'missing.yaml')))[0], /cannot be read \(ENOENT\)/);
});
