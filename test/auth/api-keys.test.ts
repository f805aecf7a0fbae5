import { createHash } from 'node:crypto';
import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { apiKeys } from '../../cti/auth/schema.js';
import { buildTestApp } from '../helpers/app.js';

t.test('an admin creates a key, sees it once, and it works as x-api-key with its role', async (t) => {
  const { app, signedIn, database, clock } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const created = await app.inject({
    method: 'POST',
    url: '/api/api-keys',
    headers: admin.headers,
    payload: { name: 'CRM screen-pop', role: 'supervisor' },
  });
  t.equal(created.statusCode, 201, created.body);
  const body = created.json();
  t.match(body.key, /^sb_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  t.equal(body.key.startsWith(`${body.prefix}_`), true, 'the listed prefix is the start of the key');
  t.match(body, {
    name: 'CRM screen-pop',
    role: 'supervisor',
    createdBy: admin.user.id,
    lastUsedAt: null,
    revokedAt: null,
  });

  const rows = database.db.select().from(apiKeys).all();
  t.equal(rows[0]?.keyHash, createHash('sha256').update(body.key).digest('hex'));
  t.notOk(JSON.stringify(rows).includes(body.key), 'the key itself is not stored');
  const list = await app.inject({ url: '/api/api-keys', headers: admin.headers });
  t.notOk(list.body.includes(body.key), 'listing never shows the key again');
  t.notOk(
    JSON.stringify(database.db.select().from(auditLog).all()).includes(body.key),
    'nor does the audit log',
  );

  const headers = { 'x-api-key': body.key };
  const calls = await app.inject({ url: '/api/calls', headers });
  t.equal(calls.statusCode, 200, 'a supervisor key reads the call log');
  const users = await app.inject({ url: '/api/users', headers });
  t.equal(users.statusCode, 403, 'but not the admin routes');
  t.match(users.json(), {
    error: 'forbidden',
    message: /needs role admin; API key "CRM screen-pop" has role supervisor/,
  });

  const used = () => database.db.select().from(apiKeys).all()[0]?.lastUsedAt?.getTime();
  t.equal(used(), clock.now().getTime(), 'last_used_at is set on use');
  clock.advance(10_000);
  await app.inject({ url: '/api/calls', headers });
  t.equal(used(), clock.now().getTime() - 10_000, 'and not rewritten on every request');
  clock.advance(60_000);
  await app.inject({ url: '/api/calls', headers });
  t.equal(used(), clock.now().getTime(), 'but again a minute later');
});

t.test('a revoked key is refused', async (t) => {
  const { app, signedIn, database } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const { id, key } = (
    await app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: admin.headers,
      payload: { name: 'wallboard', role: 'agent' },
    })
  ).json();
  t.equal((await app.inject({ url: '/api/auth/me', headers: { 'x-api-key': key } })).statusCode, 200);
  const revoke = await app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: admin.headers });
  t.equal(revoke.statusCode, 200);
  t.type(revoke.json().revokedAt, 'string');
  const refused = await app.inject({ url: '/api/auth/me', headers: { 'x-api-key': key } });
  t.equal(refused.statusCode, 401);
  t.match(refused.json(), { error: 'unauthorized', message: 'the API key is unknown or revoked' });
  const twice = await app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: admin.headers });
  t.equal(twice.statusCode, 200, 'revoking again is harmless');
  const missing = await app.inject({ method: 'DELETE', url: '/api/api-keys/4242', headers: admin.headers });
  t.equal(missing.statusCode, 404);
  t.match(missing.json(), { message: 'API key 4242 not found' });
  const actions = database.db
    .select()
    .from(auditLog)
    .all()
    .map((r) => r.action);
  t.same(
    actions.filter((a) => a.startsWith('api_key.')),
    ['api_key.create', 'api_key.revoke'],
    'one audit row per change',
  );
});

t.test('made-up and malformed keys are refused without a 500', async (t) => {
  const { app } = await buildTestApp(t);
  for (const key of [
    'sb_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'nonsense',
    'sb_',
    '🔑'.repeat(10),
  ]) {
    const res = await app.inject({ url: '/api/auth/me', headers: { 'x-api-key': key } });
    t.equal(res.statusCode, 401, JSON.stringify(key));
  }
});

t.test('creating a key needs a name and a real role', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const admin = await signedIn('admin');
  for (const payload of [
    { name: 'x', role: 'root' },
    { name: '   ', role: 'agent' },
    { role: 'agent' },
    { name: 'x', role: 'agent', key: 'mine' },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/api/api-keys', headers: admin.headers, payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
  }
});
