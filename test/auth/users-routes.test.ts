import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { users } from '../../cti/auth/schema.js';
import { buildTestApp, TEST_PASSWORD } from '../helpers/app.js';

t.test('admins create, read, change and delete users; each change is audited with a diff', async (t) => {
  const { app, signedIn, login, database } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });

  const created = await call('POST', '/api/users', {
    username: 'Hana',
    displayName: 'Hana Sato',
    role: 'agent',
    password: 'hana-first-password',
  });
  t.equal(created.statusCode, 201, created.body);
  const hana = created.json();
  t.match(hana, { username: 'hana', displayName: 'Hana Sato', role: 'agent', disabled: false });
  t.notOk('passwordHash' in hana, 'no hash in the answer');
  t.equal((await login('hana', 'hana-first-password')).statusCode, 200, 'the new user can log in');

  t.equal((await call('GET', `/api/users/${hana.id}`)).json().username, 'hana');
  const list = (await call('GET', '/api/users')).json();
  t.same(list.items.map((u: { username: string }) => u.username).sort(), ['admin1', 'hana']);

  const changed = await call('PATCH', `/api/users/${hana.id}`, {
    role: 'supervisor',
    displayName: 'Hana S.',
  });
  t.equal(changed.statusCode, 200, changed.body);
  t.match(changed.json(), { role: 'supervisor', displayName: 'Hana S.' });

  const reset = await call('POST', `/api/users/${hana.id}/password`, { password: 'hana-second-password' });
  t.equal(reset.statusCode, 200, reset.body);
  t.same(reset.json(), { sessionsEnded: 1 }, 'the login above was ended');
  t.equal((await login('hana', 'hana-second-password')).statusCode, 200);

  t.equal((await call('DELETE', `/api/users/${hana.id}`)).statusCode, 204);
  t.equal((await call('GET', `/api/users/${hana.id}`)).statusCode, 404);

  const adminRows = database.db
    .select()
    .from(auditLog)
    .all()
    .filter((r) => r.action.startsWith('user.'));
  t.same(
    adminRows.map((r) => [r.action, r.actorType, r.actorName, r.target]),
    [
      ['user.create', 'user', 'admin1', 'user:hana'],
      ['user.update', 'user', 'admin1', 'user:hana'],
      ['user.password_reset', 'user', 'admin1', 'user:hana'],
      ['user.delete', 'user', 'admin1', 'user:hana'],
    ],
  );
  t.same(adminRows[1]?.details, {
    changes: { role: { from: 'agent', to: 'supervisor' }, displayName: { from: 'Hana Sato', to: 'Hana S.' } },
    sessionsEnded: 0,
  });
  t.notOk(JSON.stringify(adminRows).includes('password"'), 'no password field in any audit row');
  t.notOk(JSON.stringify(adminRows).includes('hana-'), 'no password value in any audit row');
});

t.test('duplicate usernames give 409, whatever the case', async (t) => {
  const { app, signedIn, createUser } = await buildTestApp(t);
  const admin = await signedIn('admin');
  await createUser('agent', { username: 'ivan' });
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: admin.headers,
    payload: { username: 'IVAN', role: 'agent', password: TEST_PASSWORD },
  });
  t.equal(res.statusCode, 409);
  t.match(res.json(), { error: 'conflict', message: /username "ivan" is already taken/ });
});

t.test('unknown users give 404 naming the id', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const admin = await signedIn('admin');
  for (const [method, url, payload] of [
    ['GET', '/api/users/777', undefined],
    ['PATCH', '/api/users/777', { role: 'agent' }],
    ['POST', '/api/users/777/password', { password: TEST_PASSWORD }],
    ['DELETE', '/api/users/777', undefined],
  ] as const) {
    const res = await app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
    t.equal(res.statusCode, 404, `${method} ${url}`);
    t.same(res.json(), { error: 'not_found', message: 'user 777 not found' });
  }
});

t.test('the last enabled admin cannot be deleted, demoted or disabled', async (t) => {
  const { app, signedIn, createUser, database } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const id = admin.user.id;
  const call = (method: 'PATCH' | 'DELETE', payload?: object) =>
    app.inject({ method, url: `/api/users/${id}`, headers: admin.headers, ...(payload ? { payload } : {}) });
  for (const [what, res] of [
    ['delete', await call('DELETE')],
    ['demote', await call('PATCH', { role: 'supervisor' })],
    ['disable', await call('PATCH', { disabled: true })],
  ] as const) {
    t.equal(res.statusCode, 409, what);
    t.match(res.json(), {
      error: 'conflict',
      message: new RegExp(`cannot ${what} user "${admin.user.username}": it is the last enabled admin`),
    });
  }
  t.match(database.db.select().from(users).all()[0], { role: 'admin', disabled: false }, 'nothing changed');

  await createUser('admin', { username: 'second-admin', disabled: true });
  t.equal((await call('DELETE')).statusCode, 409, 'a disabled admin does not count');
  await createUser('admin', { username: 'third-admin' });
  t.equal(
    (await call('PATCH', { role: 'supervisor' })).statusCode,
    200,
    'with another enabled admin, demoting works',
  );
});

t.test('bad input gets 400 with a message, never 500', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const post = (payload: object) =>
    app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload });
  const short = await post({ username: 'jo', role: 'agent', password: 'short' });
  t.equal(short.statusCode, 400);
  t.match(short.json(), { message: 'password must be at least 12 characters (got 5)' });
  t.equal(
    (await post({ username: 'jo', role: 'root', password: TEST_PASSWORD })).statusCode,
    400,
    'unknown role',
  );
  t.equal(
    (await post({ username: 'j o', role: 'agent', password: TEST_PASSWORD })).statusCode,
    400,
    'space in name',
  );
  t.equal(
    (await post({ username: 'jo', role: 'agent', password: TEST_PASSWORD, admin: true })).statusCode,
    400,
    'unknown field',
  );
  const empty = await app.inject({
    method: 'PATCH',
    url: `/api/users/${admin.user.id}`,
    headers: admin.headers,
    payload: {},
  });
  t.equal(empty.statusCode, 400, 'a PATCH must change something');
  const badId = await app.inject({ url: '/api/users/abc', headers: admin.headers });
  t.equal(badId.statusCode, 400);
});

t.test('a PATCH that changes nothing writes no audit row', async (t) => {
  const { app, signedIn, database } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/users/${admin.user.id}`,
    headers: admin.headers,
    payload: { role: 'admin' },
  });
  t.equal(res.statusCode, 200);
  t.equal(database.db.select().from(auditLog).all().length, 0);
});
