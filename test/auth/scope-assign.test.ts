import { eq } from 'drizzle-orm';
import t from 'tap';
import { acdQueues } from '../../cti/acd/schema.js';
import { auditLog } from '../../cti/audit/schema.js';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { injectJson } from '../helpers/app.js';
import { scopeFixture } from '../helpers/scope-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked with t.match, field by field
type Json = any;

t.test(
  "admins set a supervisor's queues: the whole set at once, audited; refusals change nothing",
  async (t) => {
    const f = await scopeFixture(t);
    const db = f.database.db;
    const call = (method: 'GET' | 'PUT', url: string, payload?: unknown, headers = f.asAdmin) =>
      injectJson<Json>(f.app, method, url, headers, payload);
    const rows = () =>
      db
        .select()
        .from(supervisorQueues)
        .all()
        .map((r) => [r.userId, r.apiKeyId, r.queueId]);
    const audits = () => db.select().from(auditLog).all().length;
    const sup = f.people.supNone;

    const empty = await call('GET', `/api/users/${sup.userId}/queues`);
    t.equal(empty.status, 200);
    t.same(empty.body, { userId: sup.userId, username: 'sup-none', role: 'supervisor', queues: [] });
    t.same((await call('GET', `/api/users/${f.people.supNorth.userId}/queues`)).body.queues, ['north']);

    const set = await call('PUT', `/api/users/${sup.userId}/queues`, { queues: ['south', 'north', 'south'] });
    t.equal(set.status, 200, JSON.stringify(set.body));
    t.same(set.body.queues, ['north', 'south'], 'sorted, each once');
    const me = await injectJson<Json>(f.app, 'GET', '/api/auth/me', sup.headers);
    t.same(me.body.queues, ['north', 'south'], 'GET /api/auth/me shows them to the supervisor');
    const [entry] = db.select().from(auditLog).where(eq(auditLog.action, 'user.queues')).all();
    t.match(entry, {
      actorName: 'admin-all',
      target: 'user:sup-none',
      details: { before: [], after: ['north', 'south'], added: ['north', 'south'], removed: [] },
    });

    const replaced = await call('PUT', `/api/users/${sup.userId}/queues`, { queues: ['south'] });
    t.same(replaced.body.queues, ['south'], 'replaces, does not add');
    const listed = (await call('GET', '/api/users')).body.items as Json[];
    const queuesOf = new Map(listed.map((u) => [u.username, u.queues]));
    t.same(queuesOf.get('sup-none'), ['south'], 'the user list carries each supervisor its queues');
    t.same(queuesOf.get('sup-north'), ['north']);
    t.equal(queuesOf.get('admin-all'), undefined, 'admins have none listed (they see everything)');
    t.ok(
      listed.filter((u) => u.role === 'supervisor').every((u) => Array.isArray(u.queues)),
      'every supervisor has a list, [] for none',
    );
    t.match(db.select().from(auditLog).where(eq(auditLog.action, 'user.queues')).all()[1]?.details, {
      removed: ['north'],
      added: [],
    });
    const auditedBefore = audits();
    t.equal((await call('PUT', `/api/users/${sup.userId}/queues`, { queues: ['south'] })).status, 200);
    t.equal(audits(), auditedBefore, 'the same set again is not a change, nothing audited');

    const before = rows();
    const auditCount = audits();
    const refusals: Array<[string, unknown, number, RegExp]> = [
      [
        `/api/users/${f.people.agentNorth.userId}/queues`,
        { queues: ['north'] },
        400,
        /user "user-agent-north" is an agent; only supervisors/,
      ],
      [
        `/api/users/${f.people.admin.userId}/queues`,
        { queues: ['north'] },
        400,
        /user "admin-all" is an admin; only supervisors/,
      ],
      [
        `/api/users/${sup.userId}/queues`,
        { queues: ['north', 'east', 'west'] },
        400,
        /queues "east", "west" do not exist/,
      ],
      [`/api/users/${sup.userId}/queues`, { queues: ['east'] }, 400, /queue "east" does not exist/],
      [`/api/users/${sup.userId}/queues`, { queues: ['North!'] }, 400, /queues/],
      [`/api/users/${sup.userId}/queues`, {}, 400, /queues/],
      ['/api/users/999999/queues', { queues: [] }, 404, /user 999999 not found/],
    ];
    for (const [url, payload, status, message] of refusals) {
      const res = await call('PUT', url, payload);
      t.equal(res.status, status, `PUT ${url} ${JSON.stringify(payload)}: ${JSON.stringify(res.body)}`);
      t.match(res.body.message, message);
    }
    for (const who of ['supNorth', 'keyNorth', 'agentNorth'] as const) {
      const res = await call('PUT', `/api/users/${sup.userId}/queues`, { queues: [] }, f.people[who].headers);
      t.equal(res.status, 403, `${who} may not assign queues`);
    }
    t.same(rows(), before, 'no refusal changed a row');
    t.equal(audits(), auditCount + 3, 'only the three role denials were audited (access.denied)');
  },
);

t.test('supervisor API keys carry queues; other roles may not; listing shows them', async (t) => {
  const f = await scopeFixture(t);
  const db = f.database.db;
  const post = (payload: unknown) => injectJson<Json>(f.app, 'POST', '/api/api-keys', f.asAdmin, payload);
  const keyCount = () => db.select().from(supervisorQueues).all().length;

  const made = await post({ name: 'wallboard south', role: 'supervisor', queues: ['south'] });
  t.equal(made.status, 201, JSON.stringify(made.body));
  t.same(made.body.queues, ['south']);
  const me = await injectJson<Json>(f.app, 'GET', '/api/auth/me', { 'x-api-key': made.body.key });
  t.match(me.body, { kind: 'api_key', role: 'supervisor', queues: ['south'] });
  const queues = await injectJson<Json>(f.app, 'GET', '/api/acd/queues', { 'x-api-key': made.body.key });
  t.same(
    queues.body.items.map((q: { queueId: string }) => q.queueId),
    ['south'],
    'the key sees its own queue only',
  );
  const [audit] = db
    .select()
    .from(auditLog)
    .all()
    .filter((r) => r.action === 'api_key.create');
  t.match(audit?.details, { role: 'supervisor', queues: ['south'] });

  const bare = await post({ name: 'no queues yet', role: 'supervisor' });
  t.same(bare.body.queues, [], 'a supervisor key without queues supervises nothing');

  const rowsBefore = keyCount();
  const keysBefore = (await injectJson<Json>(f.app, 'GET', '/api/api-keys', f.asAdmin)).body.items.length;
  for (const [payload, message] of [
    [{ name: 'crm', role: 'agent', queues: ['north'] }, /supervisor keys only; this key's role is agent/],
    [{ name: 'ops', role: 'admin', queues: [] }, /supervisor keys only; this key's role is admin/],
    [{ name: 'board', role: 'supervisor', queues: ['north', 'nowhere'] }, /queue "nowhere" does not exist/],
  ] as const) {
    const res = await post(payload);
    t.equal(res.status, 400, JSON.stringify(payload));
    t.match(res.body.message, message);
  }
  const list = (await injectJson<Json>(f.app, 'GET', '/api/api-keys', f.asAdmin)).body.items;
  t.equal(list.length, keysBefore, 'no key was made by a refused request');
  t.equal(keyCount(), rowsBefore, 'nor any queue row');
  const byName = new Map(list.map((k: Json) => [k.name, k]));
  t.same((byName.get('wallboard-north') as Json).queues, ['north']);
  t.same((byName.get('wallboard south') as Json).queues, ['south']);
  t.same((byName.get('no queues yet') as Json).queues, []);

  const agentKey = await post({ name: 'crm', role: 'agent' });
  t.equal(agentKey.status, 201);
  t.notOk('queues' in agentKey.body, 'keys of other roles show no queues');
});

t.test('queue rows go with their queue, user or key; a demoted supervisor loses them', async (t) => {
  const f = await scopeFixture(t);
  const db = f.database.db;
  t.equal(f.database.sqlite.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are enforced');
  const queuesOf = (userId: number | null) =>
    db
      .select()
      .from(supervisorQueues)
      .all()
      .filter((r) => r.userId === userId)
      .map((r) => r.queueId);

  // Queues have no delete route yet: the cascade is the database's, whoever deletes.
  db.delete(acdQueues).where(eq(acdQueues.id, 'south')).run();
  t.same(queuesOf(f.people.supSouth.userId), [], "south's rows went with it");
  t.same(queuesOf(f.people.supNorth.userId), ['north']);

  const demoted = await injectJson<Json>(
    f.app,
    'PATCH',
    `/api/users/${f.people.supNorth.userId}`,
    f.asAdmin,
    {
      role: 'agent',
    },
  );
  t.equal(demoted.status, 200);
  t.same(queuesOf(f.people.supNorth.userId), [], 'made an agent: no queues left behind');
  const [update] = db.select().from(auditLog).where(eq(auditLog.action, 'user.update')).all();
  t.match(update?.details, {
    changes: { role: { from: 'supervisor', to: 'agent' } },
    queuesDropped: ['north'],
  });
  await injectJson(f.app, 'PATCH', `/api/users/${f.people.supNorth.userId}`, f.asAdmin, {
    role: 'supervisor',
  });
  t.same(queuesOf(f.people.supNorth.userId), [], 'promoted again: no old scope comes back');

  f.supervise({ userId: f.people.supNone.userId! }, ['north']);
  t.equal(
    (await injectJson(f.app, 'DELETE', `/api/users/${f.people.supNone.userId}`, f.asAdmin)).status,
    204,
  );
  t.same(queuesOf(f.people.supNone.userId), [], "a deleted user's rows went with them");
  t.same(
    db
      .select()
      .from(supervisorQueues)
      .all()
      .map((r) => [r.apiKeyId, r.queueId]),
    [[f.people.keyNorth.apiKeyId, 'north']],
    "only the key's row is left",
  );
});
