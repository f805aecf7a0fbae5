import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { LoginThrottle } from '../../cti/auth/login-throttle.js';
import { buildTestApp, TEST_PASSWORD, TestClock } from '../helpers/app.js';

const MINUTE = 60_000;

t.test('five failures for a username inside 15 minutes block the sixth attempt', async (t) => {
  const clock = new TestClock();
  const throttle = new LoginThrottle(clock.now);
  for (let i = 0; i < 5; i++) {
    t.same(throttle.check('alice', '10.0.0.1'), { allowed: true }, `attempt ${i + 1} may try`);
    throttle.recordFailure('alice', '10.0.0.1');
    clock.advance(MINUTE);
  }
  t.same(
    throttle.check('alice', '10.0.0.2'),
    { allowed: false, retryAfterSeconds: 600, limitedBy: 'username', firstRefusal: true },
    'from any address',
  );
  t.match(
    throttle.check('alice', '10.0.0.1'),
    { allowed: false, firstRefusal: false },
    'the refusal is reported once',
  );
  t.same(throttle.check('bob', '10.0.0.3'), { allowed: true }, 'other usernames are not affected');
  clock.advance(10 * MINUTE);
  t.same(throttle.check('alice', '10.0.0.1'), { allowed: true }, 'the oldest failure left the window');
});

t.test('a right password clears the username but not the address', async (t) => {
  const clock = new TestClock();
  const throttle = new LoginThrottle(clock.now, {
    perUsername: { maxFailures: 3, windowMs: 15 * MINUTE },
    perIp: { maxFailures: 4, windowMs: 15 * MINUTE },
  });
  for (let i = 0; i < 2; i++) throttle.recordFailure('carol', '10.0.0.9');
  throttle.recordSuccess('carol');
  t.same(throttle.check('carol', '10.0.0.8'), { allowed: true });
  throttle.recordFailure('dave', '10.0.0.9');
  throttle.recordFailure('erin', '10.0.0.9');
  t.match(
    throttle.check('frank', '10.0.0.9'),
    { allowed: false, limitedBy: 'ip' },
    'spraying names from one address is caught',
  );
});

t.test('memory stays bounded under a flood of made-up usernames', async (t) => {
  const clock = new TestClock();
  const throttle = new LoginThrottle(clock.now, undefined, 100);
  for (let i = 0; i < 1000; i++) throttle.recordFailure(`user${i}`, `10.1.${i >> 8}.${i & 255}`);
  const size = (throttle as unknown as { tracked: Map<string, unknown> }).tracked.size;
  t.ok(size <= 100, `tracked keys: ${size}`);
});

t.test(
  'over HTTP: the 6th wrong password gets 429 with Retry-After, and every attempt is audited',
  async (t) => {
    const { createUser, login, database, clock } = await buildTestApp(t);
    await createUser('agent', { username: 'gina' });
    for (let i = 1; i <= 5; i++) {
      const res = await login('gina', `wrong password ${i}`, '192.0.2.7');
      t.equal(res.statusCode, 401, `attempt ${i}`);
    }
    const sixth = await login('gina', 'wrong password 6', '192.0.2.7');
    t.equal(sixth.statusCode, 429);
    t.equal(sixth.headers['retry-after'], '900');
    t.match(sixth.json(), {
      error: 'too_many_requests',
      message: 'too many wrong passwords; try again in 900 s',
    });
    const right = await login('gina', TEST_PASSWORD, '192.0.2.8');
    t.equal(right.statusCode, 429, 'even the right password waits, from another address too');

    const rows = database.db.select().from(auditLog).all();
    t.equal(rows.length, 6, '5 failures and 1 lockout; repeated refusals add no rows');
    t.same(
      rows.map((r) => [r.action, r.outcome, r.target, r.ip, (r.details as { reason: string }).reason]),
      [
        ...Array.from({ length: 5 }, () => [
          'auth.login',
          'failed',
          'user:gina',
          '192.0.2.7',
          'wrong_password',
        ]),
        ['auth.login', 'denied', 'user:gina', '192.0.2.7', 'throttled'],
      ],
    );
    t.notOk(JSON.stringify(rows).includes('wrong password'), 'no password in the audit log');

    clock.advance(15 * MINUTE);
    const later = await login('gina', TEST_PASSWORD, '192.0.2.7');
    t.equal(later.statusCode, 200, 'after the window the right password works');
    const last = database.db.select().from(auditLog).all().at(-1);
    t.match(last, {
      action: 'auth.login',
      outcome: 'ok',
      actorType: 'user',
      actorName: 'gina',
      ip: '192.0.2.7',
    });
  },
);

t.test('wrong current passwords on a password change count too', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const { headers } = await signedIn('agent');
  const attempt = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'guessing guessing', newPassword: 'a brand new password' },
    });
  for (let i = 0; i < 5; i++) t.equal((await attempt()).statusCode, 400);
  const blocked = await attempt();
  t.equal(blocked.statusCode, 429);
  t.ok(Number(blocked.headers['retry-after']) > 0);
});
