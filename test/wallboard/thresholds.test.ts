// Wallboard thresholds: what an administrator may set (each bad value named, nothing stored on a
// refusal), who may read and change them, the audit entry, and supervisors seeing only their
// own queues' overrides.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { auditLog } from '../../cti/audit/schema.js';
import { appSettings, supervisorQueues } from '../../cti/auth/scope-schema.js';
import { checkThresholds, colourOf, DEFAULT_THRESHOLDS } from '../../cti/wallboard/thresholds.js';
import { buildTestApp, injectJson } from '../helpers/app.js';

const QUEUES = new Set(['support', 'sales']);

t.test('defaults fill what is left out; what is given is kept', async (t) => {
  const empty = checkThresholds({}, QUEUES);
  t.ok(empty.ok);
  if (empty.ok) t.same(empty.value, DEFAULT_THRESHOLDS);
  const some = checkThresholds(
    {
      queue: { waiting: { amber: 1, red: 2 } },
      agentStateSeconds: { available: { amber: 600, red: 1800 } },
      queues: { sales: { serviceLevelPercent: { amber: 90, red: 70 } } },
    },
    QUEUES,
  );
  t.ok(some.ok);
  if (!some.ok) return;
  t.same(some.value.queue.waiting, { amber: 1, red: 2 });
  t.same(some.value.queue.serviceLevelPercent, DEFAULT_THRESHOLDS.queue.serviceLevelPercent);
  t.same(some.value.agentStateSeconds.available, { amber: 600, red: 1800 });
  t.same(some.value.agentStateSeconds.paused, DEFAULT_THRESHOLDS.agentStateSeconds.paused);
  t.same(some.value.queues, { sales: { serviceLevelPercent: { amber: 90, red: 70 } } });
});

t.test('every bad value is named, all at once', async (t) => {
  const checked = checkThresholds(
    {
      queue: {
        waiting: { amber: 5, red: 5 },
        longestWaitSeconds: { amber: -1, red: 10 },
        serviceLevelPercent: { amber: 60, red: 80 },
        abandonedToday: { amber: 1, red: 2, purple: 3 },
        queueLength: { amber: 1, red: 2 },
      },
      agentStateSeconds: { sleeping: { amber: 1, red: 2 }, paused: { amber: 100, red: 'lots' } },
      queues: {
        nope: { waiting: { amber: 1, red: 2 } },
        sales: { serviceLevelPercent: { amber: 120, red: 50 } },
      },
      colours: {},
    },
    QUEUES,
  );
  t.notOk(checked.ok);
  if (checked.ok) return;
  t.same(checked.problems.sort(), [
    'agentStateSeconds.paused.red must be a number',
    'agentStateSeconds: unknown agent state "sleeping" (known: available, reserved, ringing, on-call, wrap-up, paused)',
    'queue.abandonedToday: unknown level "purple" (known: amber, red)',
    'queue.longestWaitSeconds.amber (-1) must not be negative',
    'queue.serviceLevelPercent: red (80) must be below amber (60)',
    'queue.waiting: red (5) must be above amber (5)',
    'queue: unknown queue metric "queueLength" (known: waiting, longestWaitSeconds, serviceLevelPercent, abandonedToday)',
    'queues."nope": queue "nope" does not exist',
    'queues.sales.serviceLevelPercent.amber (120) must be a percentage of at most 100',
    'unknown part "colours" (known: queue, agentStateSeconds, queues)',
  ]);
});

t.test('colours: higher is worse, except the service level', async (t) => {
  const level = { amber: 3, red: 6 };
  t.same(
    [2, 3, 5, 6, 9].map((v) => colourOf('waiting', v, level)),
    ['green', 'amber', 'amber', 'red', 'red'],
  );
  const sl = { amber: 80, red: 60 };
  t.same(
    [95, 80, 70, 60, 10].map((v) => colourOf('serviceLevelPercent', v, sl)),
    ['green', 'amber', 'amber', 'red', 'red'],
  );
});

t.test('GET and PUT /api/wallboard/thresholds', async (t) => {
  const f = await buildTestApp(t);
  const admin = await f.signedIn('admin');
  const put = (id: string) =>
    f.app.inject({
      method: 'PUT',
      url: `/api/acd/queues/${id}`,
      headers: admin.headers,
      payload: {
        name: id,
        requiredSkills: [],
        priority: 0,
        strategy: 'longest-idle',
        serviceLevelSeconds: 20,
        wrapUpSeconds: 0,
        ringTimeoutSeconds: 10,
      },
    });
  await put('north');
  await put('south');
  const supervisor = await f.signedIn('supervisor');
  f.database.db
    .insert(supervisorQueues)
    .values({ userId: supervisor.user.id, queueId: 'north', createdAt: f.clock.now() })
    .run();
  const agent = await f.signedIn('agent');
  const url = '/api/wallboard/thresholds';

  const first = await injectJson<{ thresholds: unknown; defaults: unknown; updatedAt: unknown }>(
    f.app,
    'GET',
    url,
    supervisor.headers,
  );
  t.equal(first.status, 200);
  t.same(first.body.thresholds, DEFAULT_THRESHOLDS, 'the defaults before anything is saved');
  t.equal(first.body.updatedAt, null);

  const body = {
    queue: { waiting: { amber: 2, red: 4 } },
    queues: {
      north: { longestWaitSeconds: { amber: 10, red: 20 } },
      south: { waiting: { amber: 8, red: 12 } },
    },
  };
  t.equal(
    (await injectJson(f.app, 'PUT', url, supervisor.headers, body)).status,
    403,
    'supervisors read only',
  );
  t.equal((await injectJson(f.app, 'GET', url, agent.headers)).status, 403, 'agents see no wallboard');

  const bad = await injectJson<{ error: string; message: string }>(f.app, 'PUT', url, admin.headers, {
    ...body,
    queue: { waiting: { amber: 4, red: 2 } },
    queues: { ...body.queues, west: { waiting: { amber: 1, red: 2 } } },
  });
  t.equal(bad.status, 400);
  t.match(bad.body.message, /queue\.waiting: red \(2\) must be above amber \(4\)/);
  t.match(bad.body.message, /queues\."west": queue "west" does not exist/);
  const typeError = await injectJson<{ message: string }>(f.app, 'PUT', url, admin.headers, {
    queue: { waiting: { amber: 'x', red: 2 } },
  });
  t.equal(typeError.status, 400);
  t.match(typeError.body.message, /queue\/waiting\/amber must be number/, 'the schema names the value too');
  t.equal(
    f.database.db.select().from(appSettings).where(eq(appSettings.key, 'wallboard.thresholds')).all().length,
    0,
    'nothing stored on a refusal',
  );

  const saved = await injectJson<{ thresholds: { queue: Record<string, unknown> }; updatedBy: string }>(
    f.app,
    'PUT',
    url,
    admin.headers,
    body,
  );
  t.equal(saved.status, 200);
  t.same(saved.body.thresholds.queue.waiting, { amber: 2, red: 4 });
  t.equal(saved.body.updatedBy, `user:${admin.user.username}`);

  const asAdmin = await injectJson<{ thresholds: { queues: Record<string, unknown> } }>(
    f.app,
    'GET',
    url,
    admin.headers,
  );
  t.same(Object.keys(asAdmin.body.thresholds.queues).sort(), ['north', 'south']);
  const asSupervisor = await injectJson<{ thresholds: { queues: Record<string, unknown>; queue: unknown } }>(
    f.app,
    'GET',
    url,
    supervisor.headers,
  );
  t.same(
    asSupervisor.body.thresholds.queues,
    { north: { longestWaitSeconds: { amber: 10, red: 20 } } },
    "only their queue's override",
  );
  t.same(asSupervisor.body.thresholds.queue, { ...DEFAULT_THRESHOLDS.queue, waiting: { amber: 2, red: 4 } });

  // Refusals after a save lose nothing: each names its field, and the saved thresholds stand.
  const refusals: Array<[string, unknown, RegExp]> = [
    [
      'amber above red',
      { queue: { abandonedToday: { amber: 9, red: 3 } } },
      /queue\.abandonedToday: red \(3\) must be above amber \(9\)/,
    ],
    [
      'negative',
      { agentStateSeconds: { paused: { amber: -5, red: 10 } } },
      /agentStateSeconds\.paused\.amber \(-5\) must not be negative/,
    ],
    [
      'unknown queue',
      { queues: { east: { waiting: { amber: 1, red: 2 } } } },
      /queues\."east": queue "east" does not exist/,
    ],
    [
      'wrong type',
      { queue: { longestWaitSeconds: { amber: 10, red: '20' } } },
      /queue\/longestWaitSeconds\/red must be number/,
    ],
  ];
  for (const [what, payload, names] of refusals) {
    const refused = await injectJson<{ message: string }>(f.app, 'PUT', url, admin.headers, payload);
    t.equal(refused.status, 400, `${what}: 400`);
    t.match(refused.body.message, names, `${what}: the message names the field`);
  }
  const after = await injectJson<{ thresholds: unknown; updatedBy: string }>(
    f.app,
    'GET',
    url,
    admin.headers,
  );
  t.same(after.body.thresholds, asAdmin.body.thresholds, 'the saved thresholds are unchanged');

  const audit = f.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'wallboard.thresholds.update'))
    .all();
  t.equal(audit.length, 1, 'one audit entry for the one change');
  t.match(audit[0], {
    actorName: admin.user.username,
    target: 'app_settings:wallboard.thresholds',
    details: { after: { queue: { waiting: { amber: 2, red: 4 } } } },
  });
});
