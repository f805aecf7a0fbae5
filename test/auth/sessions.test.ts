import { createHash } from 'node:crypto';
import t from 'tap';
import { sessions } from '../../cti/auth/schema.js';
import { buildTestApp, TEST_PASSWORD } from '../helpers/app.js';

const HOUR = 3_600_000;

t.test('login hands out a random bearer token and stores only its SHA-256', async (t) => {
  const { app, createUser, login, database, settings, clock } = await buildTestApp(t);
  const agent = await createUser('agent', { username: 'alice' });
  const res = await login('Alice', TEST_PASSWORD);
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.match(body.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
  t.same(body.user, { id: agent.id, username: 'alice', displayName: body.user.displayName, role: 'agent' });
  t.equal(new Date(body.expiresAt).getTime(), clock.now().getTime() + settings.auth.sessionHours * HOUR);
  const stored = database.db.select().from(sessions).all();
  t.equal(stored.length, 1);
  t.equal(stored[0]?.tokenHash, createHash('sha256').update(body.token).digest('hex'));
  t.notOk(JSON.stringify(stored).includes(body.token), 'the token itself is nowhere in the table');

  const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
  t.equal(me.statusCode, 200);
  t.match(me.json(), { kind: 'user', id: agent.id, name: 'alice', role: 'agent' });
});

t.test('a session ends when it expires', async (t) => {
  const { app, createUser, login, clock, settings } = await buildTestApp(t);
  await createUser('agent', { username: 'bob' });
  const { token } = (await login('bob', TEST_PASSWORD)).json();
  const me = () => app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  clock.advance(settings.auth.sessionHours * HOUR - 1000);
  t.equal((await me()).statusCode, 200, 'still valid a second before expiry');
  clock.advance(1000);
  const expired = await me();
  t.equal(expired.statusCode, 401);
  t.match(expired.json(), { error: 'unauthorized', message: /expired or revoked/ });
});

t.test('logout revokes the token it was called with, and only that one', async (t) => {
  const { app, createUser, login } = await buildTestApp(t);
  await createUser('supervisor', { username: 'carol' });
  const first = (await login('carol', TEST_PASSWORD)).json().token;
  const second = (await login('carol', TEST_PASSWORD)).json().token;
  const out = await app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { authorization: `Bearer ${first}` },
  });
  t.equal(out.statusCode, 204);
  const again = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${first}` } });
  t.equal(again.statusCode, 401, 'the logged-out token is refused');
  const other = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${second}` } });
  t.equal(other.statusCode, 200, 'the other session lives on');
});

t.test('disabled users cannot log in and their sessions stop working', async (t) => {
  const { app, createUser, login, sessionFor, signedIn } = await buildTestApp(t);
  const dave = await createUser('agent', { username: 'dave' });
  const token = sessionFor(dave);
  const admin = await signedIn('admin');
  const patch = await app.inject({
    method: 'PATCH',
    url: `/api/users/${dave.id}`,
    headers: admin.headers,
    payload: { disabled: true },
  });
  t.equal(patch.statusCode, 200, patch.body);
  const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(me.statusCode, 401);
  const refused = await login('dave', TEST_PASSWORD);
  t.equal(refused.statusCode, 401);
  t.match(refused.json(), {
    error: 'invalid_credentials',
    message: 'account "dave" is disabled; ask an admin',
  });
  const wrong = await login('dave', 'not the password at all');
  t.match(
    wrong.json(),
    { message: 'username or password is wrong' },
    'a wrong password does not learn the account is disabled',
  );

  await app.inject({
    method: 'PATCH',
    url: `/api/users/${dave.id}`,
    headers: admin.headers,
    payload: { disabled: false },
  });
  const revived = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(revived.statusCode, 401, 'enabling the user again does not bring old sessions back');
  t.equal((await login('dave', TEST_PASSWORD)).statusCode, 200);
});

t.test('wrong username and wrong password get the same answer', async (t) => {
  const { createUser, login } = await buildTestApp(t);
  await createUser('agent', { username: 'erin' });
  const unknown = await login('nobody', TEST_PASSWORD);
  const wrong = await login('erin', 'not the password at all');
  t.equal(unknown.statusCode, 401);
  t.same(unknown.json(), wrong.json());
});

t.test('changing your own password needs the current one and ends your other sessions', async (t) => {
  const { app, createUser, login } = await buildTestApp(t);
  await createUser('agent', { username: 'frank' });
  const current = (await login('frank', TEST_PASSWORD)).json().token;
  const other = (await login('frank', TEST_PASSWORD)).json().token;
  const headers = { authorization: `Bearer ${current}` };
  const change = (currentPassword: string, newPassword: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword, newPassword },
    });

  const wrong = await change('not my password!', 'a brand new password');
  t.equal(wrong.statusCode, 400);
  t.match(wrong.json(), { error: 'wrong_password' });
  const short = await change(TEST_PASSWORD, 'short');
  t.equal(short.statusCode, 400);
  t.match(short.json(), { message: 'password must be at least 12 characters (got 5)' });

  const ok = await change(TEST_PASSWORD, 'a brand new password');
  t.equal(ok.statusCode, 200, ok.body);
  t.same(ok.json(), { otherSessionsEnded: 1 });
  t.equal((await app.inject({ url: '/api/auth/me', headers })).statusCode, 200, 'the current session stays');
  const ended = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${other}` } });
  t.equal(ended.statusCode, 401, 'the other session ended');
  t.equal((await login('frank', TEST_PASSWORD)).statusCode, 401);
  t.equal((await login('frank', 'a brand new password')).statusCode, 200);
});

t.test('API keys cannot log out or change a password', async (t) => {
  const { app, apiKey } = await buildTestApp(t);
  const headers = { 'x-api-key': apiKey('supervisor') };
  const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
  t.equal(logout.statusCode, 400);
  t.match(logout.json(), { message: /API keys are revoked/ });
  const me = await app.inject({ url: '/api/auth/me', headers });
  t.match(me.json(), { kind: 'api_key', role: 'supervisor', name: 'supervisor integration' });
});
