import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { buildTestApp } from '../helpers/app.js';

t.test('malformed credentials get 401 with a reason, never 500', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const token = admin.headers.authorization!.slice('Bearer '.length);
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['Basic scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }, /uses "Basic"; send "Bearer <token>"/],
    ['Bearer without a token', { authorization: 'Bearer' }, /holds no token/],
    ['Bearer with spaces only', { authorization: 'Bearer    ' }, /holds no token/],
    [
      'token with extra words',
      { authorization: `Bearer ${token} extra` },
      /holds more than "Bearer <token>"/,
    ],
    ['a huge token', { authorization: `Bearer ${'a'.repeat(10_000)}` }, /longer than any token/],
    ['odd characters', { authorization: 'Bearer ☎☎☎' }, /unknown, expired or revoked/],
    ['both headers', { authorization: `Bearer ${token}`, 'x-api-key': 'sb_x' }, /not both/],
    ['an API key in Authorization', { authorization: 'sb_00000000_abc' }, /send "Bearer <token>"/],
    ['two api keys', { 'x-api-key': 'sb_a, sb_b' }, /does not hold an API key/],
  ];
  for (const [name, headers, message] of cases) {
    const res = await app.inject({ url: '/api/users', headers });
    t.equal(res.statusCode, 401, name);
    t.equal(res.headers['www-authenticate'], 'Bearer realm="switchboard"', name);
    t.match(res.json(), { error: 'unauthorized', message }, name);
  }
  const ok = await app.inject({ url: '/api/users', headers: { authorization: `bearer   ${token}  ` } });
  t.equal(ok.statusCode, 200, 'the scheme is case-insensitive and spaces around the token are fine');
});

t.test('unknown URLs are 404 with or without credentials', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const agent = await signedIn('agent');
  for (const headers of [{}, agent.headers, { authorization: 'Bearer nonsense' }]) {
    for (const [method, url] of [
      ['GET', '/api/nothing-here'],
      ['PUT', '/api/users'],
      ['GET', '/api/'],
      ['DELETE', '/'],
    ] as const) {
      const res = await app.inject({ method, url, headers });
      t.equal(res.statusCode, 404, `${method} ${url} with ${Object.keys(headers).join() || 'no headers'}`);
    }
  }
});

t.test('public routes ignore bad credentials', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ url: '/healthz', headers: { authorization: 'Basic nope' } });
  t.equal(res.statusCode, 200);
});

t.test('a 403 names the role needed; denials are audited once per caller and route', async (t) => {
  const { app, signedIn, database, clock } = await buildTestApp(t);
  const agent = await signedIn('agent');
  const res = await app.inject({ url: '/api/users', headers: agent.headers });
  t.equal(res.statusCode, 403);
  t.same(res.json(), {
    error: 'forbidden',
    message: `GET /api/users needs role admin; user "${agent.user.username}" has role agent`,
  });
  const calls = await app.inject({ url: '/api/calls', headers: agent.headers });
  t.match(calls.json(), { message: /needs role admin or supervisor/ });
  for (let i = 0; i < 20; i++) await app.inject({ url: '/api/users', headers: agent.headers });
  const denied = () =>
    database.db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => r.action === 'access.denied');
  t.equal(denied().length, 2, 'one row per route, not one per attempt');
  t.match(denied()[0], {
    actorType: 'user',
    actorId: agent.user.id,
    target: 'GET /api/users',
    outcome: 'denied',
    details: { role: 'agent', needs: ['admin'] },
  });
  clock.advance(11 * 60_000);
  await app.inject({ url: '/api/users', headers: agent.headers });
  t.equal(denied().length, 3, 'and again after the quiet period');
});
