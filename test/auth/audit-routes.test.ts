import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

t.test('admins read the audit log with filters', async (t) => {
  const { app, signedIn, deps, clock } = await buildTestApp(t);
  const admin = await signedIn('admin');
  const start = clock.now();
  deps.audit.record({ actor: { type: 'system' }, action: 'demo.first' });
  clock.advance(60_000);
  const middle = clock.now();
  deps.audit.record({ actor: { type: 'cli', name: 'root' }, action: 'demo.second', target: 'x' });
  clock.advance(60_000);
  deps.audit.record({ actor: { type: 'system' }, action: 'demo.first', details: { n: 3 } });

  const get = (query: string) => app.inject({ url: `/api/audit${query}`, headers: admin.headers });
  const all = (await get('')).json().items;
  t.same(
    all.map((r: { action: string }) => r.action),
    ['demo.first', 'demo.second', 'demo.first'],
    'newest first',
  );
  t.match(all[0], {
    actorType: 'system',
    outcome: 'ok',
    details: { n: 3 },
    at: new Date(start.getTime() + 120_000).toISOString(),
  });
  t.equal((await get('?action=demo.first')).json().items.length, 2);
  t.equal((await get(`?since=${encodeURIComponent(middle.toISOString())}`)).json().items.length, 2);
  t.equal((await get(`?until=${encodeURIComponent(middle.toISOString())}`)).json().items.length, 2);
  t.equal((await get('?limit=1&offset=1')).json().items[0].action, 'demo.second');
  const backwards = await get(
    `?since=${encodeURIComponent(middle.toISOString())}&until=${encodeURIComponent(start.toISOString())}`,
  );
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json().message, /since .* must not be after until/);
  t.equal((await get('?limit=0')).statusCode, 400);
  t.equal((await get('?colour=blue')).statusCode, 400);
});

t.test('the CSV export quotes fields and defuses spreadsheet formulas', async (t) => {
  const { app, signedIn, deps } = await buildTestApp(t);
  const admin = await signedIn('admin');
  deps.audit.record({
    actor: { type: 'anonymous', name: '=HYPERLINK("http://x")' },
    action: 'auth.login',
    outcome: 'failed',
    details: { reason: 'a, "b"' },
  });
  const res = await app.inject({ url: '/api/audit.csv', headers: admin.headers });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv/);
  t.match(
    res.headers['content-disposition'],
    /attachment; filename="switchboard-audit-\d{4}-\d{2}-\d{2}\.csv"/,
  );
  const lines = res.body.trimEnd().split('\r\n');
  t.equal(lines[0], 'id,at,actor_type,actor_id,actor_name,action,target,outcome,details,ip');
  t.equal(lines.length, 3, 'header, the export itself (audited), and the login row');
  t.match(lines[1], /,audit\.export,/);
  t.match(
    lines[2],
    /,anonymous,,"'=HYPERLINK\(""http:\/\/x""\)",auth\.login,,failed,"\{""reason"":""a, \\""b\\""""\}",$/,
  );
});

t.test('the CSV export pages through many rows', async (t) => {
  const { app, signedIn, deps } = await buildTestApp(t);
  const admin = await signedIn('admin');
  for (let i = 0; i < 1200; i++)
    deps.audit.record({ actor: { type: 'system' }, action: 'bulk.row', target: `n${i}` });
  const res = await app.inject({ url: '/api/audit.csv?action=bulk.row&limit=1100', headers: admin.headers });
  const lines = res.body.trimEnd().split('\r\n');
  t.equal(lines.length, 1101);
  t.match(lines[1], /,n1199,/);
  t.match(lines[1100], /,n100,/);
  t.equal(new Set(lines).size, lines.length, 'no row twice');
});
