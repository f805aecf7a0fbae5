import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { buildTestApp, TEST_PASSWORD } from '../helpers/app.js';
import { runCliCaptured } from '../helpers/cli.js';

t.test('add-user reads the password from stdin; the user can then log in', async (t) => {
  const { env, login, database } = await buildTestApp(t);
  const run = await runCliCaptured(
    ['add-user', '--username', 'Kim', '--role', 'supervisor', '--display-name', 'Kim Lee'],
    env,
    'kim-password-123\n',
  );
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stdout, 'created supervisor "kim" (user 1)\n');
  const res = await login('kim', 'kim-password-123');
  t.equal(res.statusCode, 200);
  t.match(res.json().user, { username: 'kim', displayName: 'Kim Lee', role: 'supervisor' });
  const row = database.db.select().from(auditLog).all()[0];
  t.match(row, {
    actorType: 'cli',
    action: 'user.create',
    target: 'user:kim',
    details: { role: 'supervisor' },
  });
  t.notOk(JSON.stringify(row).includes('kim-password-123'));
});

t.test('add-user refuses what it should, changing nothing', async (t) => {
  const { env, createUser, database } = await buildTestApp(t);
  await createUser('agent', { username: 'taken' });
  const cases: Array<[string, string[], string, number, RegExp]> = [
    [
      'short password',
      ['--username', 'lee', '--role', 'agent'],
      'short\n',
      1,
      /password must be at least 12 characters \(got 5\); nothing changed/,
    ],
    ['no password', ['--username', 'lee', '--role', 'agent'], '', 1, /no password on stdin for lee/],
    [
      'duplicate',
      ['--username', 'TAKEN', '--role', 'agent'],
      `${TEST_PASSWORD}\n`,
      1,
      /username "taken" is already taken/,
    ],
    [
      'unknown role',
      ['--username', 'lee', '--role', 'boss'],
      '',
      64,
      /--role "boss" is not a role; use one of admin, supervisor, agent/,
    ],
    ['missing username', ['--role', 'agent'], '', 64, /--username is required/],
    [
      'unknown flag',
      ['--username', 'lee', '--role', 'agent', '--password', 'x'],
      '',
      64,
      /Unknown option '--password'/,
    ],
    [
      'bad name',
      ['--username', 'lee lee', '--role', 'agent'],
      `${TEST_PASSWORD}\n`,
      1,
      /username "lee lee" is not allowed/,
    ],
  ];
  for (const [name, args, stdin, code, message] of cases) {
    const run = await runCliCaptured(['add-user', ...args], env, stdin);
    t.equal(run.code, code, name);
    t.match(run.stderr, message, name);
  }
  t.equal(database.db.select().from(auditLog).all().length, 0, 'nothing was audited because nothing changed');
});

t.test('reset-password sets a new password from stdin and ends the sessions', async (t) => {
  const { env, createUser, login, app, sessionFor, database } = await buildTestApp(t);
  const user = await createUser('agent', { username: 'mia' });
  const token = sessionFor(user);
  const run = await runCliCaptured(['reset-password', '--username', 'mia'], env, 'mia-new-password-1\r\n');
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stdout, 'password of "mia" changed; 1 session(s) ended\n');
  t.equal(
    (await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    401,
  );
  t.equal((await login('mia', TEST_PASSWORD)).statusCode, 401);
  t.equal(
    (await login('mia', 'mia-new-password-1')).statusCode,
    200,
    'a CRLF line ending is not part of the password',
  );
  t.match(database.db.select().from(auditLog).all()[0], {
    actorType: 'cli',
    action: 'user.password_reset',
    details: { sessionsEnded: 1 },
  });

  const unknown = await runCliCaptured(
    ['reset-password', '--username', 'nobody'],
    env,
    'whatever-password\n',
  );
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /no user "nobody"/);
});
