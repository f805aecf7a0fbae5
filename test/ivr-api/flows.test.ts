import t from 'tap';
import { AriSoundCatalog } from '../../cti/ivr/sound-catalog.js';
import { TEST_SOUNDS } from '../helpers/app.js';
import { DEMO_SOURCE, ivrHarness, tinyFlow } from './fixtures/ivr.js';

t.test('create → validate → publish → versions', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(DEMO_SOURCE);
  t.match(created, {
    name: 'Main line (demo)',
    liveVersion: null,
    draftFormat: 'yaml',
    draftPublished: false,
    dids: [],
    warnings: [],
  });
  t.equal((created.draft as { source: string }).source, DEMO_SOURCE, 'the draft is stored as written');

  const validated = await h.call('POST', `/api/flows/${created.id}/validate`);
  t.equal(validated.statusCode, 200);
  t.same(validated.json(), { ok: true, errors: [], warnings: [] });

  const first = await h.publish(created.id, 'first go');
  t.equal(first.statusCode, 201, first.body);
  t.match(first.json(), {
    version: { version: 1, live: true, note: 'first go', format: 'yaml' },
    previousLive: null,
  });
  t.equal(first.json().version.document.start, 'office-hours', 'the parsed document is stored');

  const second = await h.publish(created.id);
  t.match(second.json(), { version: { version: 2 }, previousLive: 1 });

  const versions = await h.call('GET', `/api/flows/${created.id}/versions`);
  t.same(
    versions.json().items.map((v: { version: number; live: boolean }) => [v.version, v.live]),
    [
      [2, true],
      [1, false],
    ],
    'newest first, only the last is live',
  );
  const one = await h.call('GET', `/api/flows/${created.id}/versions/1`);
  t.match(one.json(), { version: 1, source: DEMO_SOURCE, live: false });

  const listed = await h.app.inject({ method: 'GET', url: '/api/flows', headers: h.supervisor });
  t.equal(listed.statusCode, 200, 'supervisors may read');
  t.match(listed.json().items, [{ id: created.id, liveVersion: 2, draftPublished: true }]);

  const audit = h.database.sqlite
    .prepare("SELECT action, target, details FROM audit_log WHERE action LIKE 'flow.%' ORDER BY id")
    .all() as Array<{ action: string; target: string; details: string }>;
  t.same(
    audit.map((a) => a.action),
    ['flow.create', 'flow.publish', 'flow.publish'],
  );
  t.equal(audit[1]?.target, `flow:${created.id}`);
  t.notOk(
    audit.some((a) => a.details.includes('basic-pbx-ivr-main')),
    'the audit log keeps no flow text',
  );
});

t.test('JSON flows are detected, and a declared format is held to', async (t) => {
  const h = await ivrHarness(t);
  const json = JSON.stringify({
    name: 'As JSON',
    start: 'bye',
    nodes: { bye: { type: 'hangup', prompts: [{ sound: 'goodbye' }] } },
  });
  const created = await h.createFlow(json);
  t.equal(created.draftFormat, 'json');
  const wrong = await h.call('POST', '/api/flows', { source: tinyFlow({ name: 'Yaml' }), format: 'json' });
  t.equal(wrong.statusCode, 400);
  t.match(wrong.json(), { error: 'invalid_flow', message: /declared as JSON but is not valid JSON/ });
});

t.test('a draft with errors is refused with every issue and the previous draft stays', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(tinyFlow());
  const before = h.snapshot();
  const broken = tinyFlow({ sound: 'helo-world' }).replace('next: bye', 'next: nowhere');
  const res = await h.call('PUT', `/api/flows/${created.id}`, { source: broken });
  t.equal(res.statusCode, 400);
  const body = res.json();
  t.equal(body.error, 'invalid_flow');
  t.match(body.message, /^2 problems: flow \d+ draft: line \d+: /);
  t.match(body.issues, [
    { path: '/nodes/hello/next', message: /unknown node "nowhere"/, line: 7, text: String },
    {
      path: '/nodes/hello/prompts/0/sound',
      message: /"helo-world", which is not an installed sound/,
      line: 6,
    },
  ]);
  t.same(h.snapshot(), before, 'nothing stored changed');

  const ok = await h.call('PUT', `/api/flows/${created.id}`, { source: tinyFlow({ sound: 'beep' }) });
  t.equal(ok.statusCode, 200, 'a good draft saves');
  t.match(ok.json().draft.source, /sound: beep/);

  const schemaError = await h.call('PUT', `/api/flows/${created.id}`, { source: 'name: x\nstart: a\n' });
  t.equal(schemaError.statusCode, 400);
  t.match(schemaError.json().issues, [{ path: '', message: /nodes/ }]);
  t.match((await h.call('GET', `/api/flows/${created.id}`)).json().draft.source, /sound: beep/);
});

t.test('say voices are checked against the text-to-speech engine', async (t) => {
  const h = await ivrHarness(t);
  const flow = (voice: string) =>
    tinyFlow().replace('prompts: [{ sound: hello-world }]', `prompts: [{ say: "Welcome", voice: ${voice} }]`);
  t.equal((await h.call('POST', '/api/flows', { source: flow('de-DE'), name: 'German' })).statusCode, 201);
  const bad = await h.call('POST', '/api/flows', { source: flow('xx-nowhere'), name: 'Nowhere' });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().issues, [
    {
      path: '/nodes/hello/prompts/0/voice',
      line: 6,
      message: /"xx-nowhere", which is not a text-to-speech voice/,
    },
  ]);
});

t.test('warnings do not stop a save', async (t) => {
  const h = await ivrHarness(t);
  const withOrphan = `${tinyFlow()}  orphan:\n    type: hangup\n`;
  const created = await h.createFlow(withOrphan);
  t.match(created.warnings, [{ path: '/nodes/orphan', message: /never reached|unreachable/i }]);
});

t.test('publish re-checks sounds against Asterisk now; errors refuse it and change nothing', async (t) => {
  let sounds: Array<{ id: string }> | Error = TEST_SOUNDS.map((id) => ({ id }));
  const catalog = new AriSoundCatalog(async () => {
    if (sounds instanceof Error) throw sounds;
    return sounds;
  });
  const h = await ivrHarness(t, { sounds: catalog });
  await catalog.start();
  const created = await h.createFlow(tinyFlow());
  t.equal((await h.publish(created.id)).statusCode, 201);
  await h.call('PUT', `/api/flows/${created.id}`, { source: tinyFlow({ sound: 'beep' }) });

  sounds = TEST_SOUNDS.filter((s) => s !== 'beep').map((id) => ({ id }));
  const before = h.snapshot();
  const refused = await h.publish(created.id);
  t.equal(refused.statusCode, 400);
  t.match(refused.json(), {
    error: 'invalid_flow',
    message:
      /^1 problem: flow \d+ draft: line 6: nodes\.hello\.prompts\[0\]\.sound is "beep", which is not an installed sound/,
    issues: [{ path: '/nodes/hello/prompts/0/sound', value: 'beep' }],
  });
  t.same(h.snapshot(), before, 'no version made, the live one unchanged');

  sounds = new Error('connect ECONNREFUSED 127.0.0.1:8088');
  const unavailable = await h.publish(created.id);
  t.equal(unavailable.statusCode, 503);
  t.match(unavailable.json().message, /not published: .*ECONNREFUSED 127\.0\.0\.1:8088/);
  t.same(h.snapshot(), before);
});

t.test('before Asterisk ever answered, drafts save but publishing is refused, naming why', async (t) => {
  const catalog = new AriSoundCatalog(async () => {
    throw new Error('ARI REST API is not loaded yet (Asterisk not reached since start)');
  });
  const h = await ivrHarness(t, { sounds: catalog });
  const created = await h.createFlow(tinyFlow({ sound: 'anything-at-all' }));
  t.equal(created.liveVersion, null, 'saved although the sound could not be checked');
  const validated = await h.call('POST', `/api/flows/${created.id}/validate`);
  t.match(validated.json(), {
    ok: true,
    warnings: [{ message: /sound names were not checked: .*not loaded yet/ }],
  });
  const res = await h.publish(created.id);
  t.equal(res.statusCode, 503);
  t.match(res.json(), {
    error: 'unavailable',
    message: /flow \d+ was not published: .*Asterisk not reached since start/,
  });
  t.equal((await h.call('GET', `/api/flows/${created.id}/versions`)).json().items.length, 0);
});

t.test('validate checks unsaved text without saving it', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(tinyFlow());
  const before = h.snapshot();
  const res = await h.call('POST', `/api/flows/${created.id}/validate`, {
    source: tinyFlow({ upload: 'no-such-recording' }),
  });
  t.equal(res.statusCode, 200);
  t.match(res.json(), {
    ok: false,
    errors: [
      { path: '/nodes/hello/prompts/0/upload', text: /\(unsaved text\): line 6: .*not an uploaded prompt/ },
    ],
  });
  t.same(h.snapshot(), before);
});

t.test('rollback publishes version 1 again as version 3', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(tinyFlow());
  await h.publish(created.id);
  await h.call('PUT', `/api/flows/${created.id}`, { source: tinyFlow({ sound: 'beep' }) });
  await h.publish(created.id);
  const res = await h.call('POST', `/api/flows/${created.id}/rollback`, { version: 1 });
  t.equal(res.statusCode, 201, res.body);
  t.match(res.json(), {
    version: { version: 3, rolledBackFrom: 1, source: tinyFlow(), live: true, note: 'rollback to version 1' },
    previousLive: 2,
  });
  const flow = (await h.call('GET', `/api/flows/${created.id}`)).json();
  t.equal(flow.liveVersion, 3);
  t.match(flow.draft.source, /sound: beep/, 'the draft is left as it was');
  t.equal(h.deps.ivr.flows.flowForCall('*'), null, 'no DID routes yet');

  const missing = await h.call('POST', `/api/flows/${created.id}/rollback`, { version: 9 });
  t.equal(missing.statusCode, 404);
  t.match(missing.json().message, /has no version 9; it has 1, 2, 3/);
});

t.test('diff names the changed nodes, the changed fields and their values', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(DEMO_SOURCE);
  await h.publish(created.id);
  const changed = DEMO_SOURCE.replace('maxAttempts: 3', 'maxAttempts: 2')
    .replace('"3": opening-hours', '"3": opening-hours\n      "9": goodbye')
    .replace(/\n {2}support:\n[\s\S]*?priority: 5\n/, '\n  support:\n    type: queue\n    queue: support\n')
    .replace('"2": support', '"2": sales')
    .replace('"0": support', '"0": sales');
  const saved = await h.call('PUT', `/api/flows/${created.id}`, {
    source: `${changed}\n  extra:\n    type: hangup\n`,
  });
  t.equal(saved.statusCode, 200, saved.body);
  await h.publish(created.id);

  const res = await h.call('GET', `/api/flows/${created.id}/diff?from=1&to=2`);
  t.equal(res.statusCode, 200);
  const diff = res.json();
  t.same(diff.nodesAdded, ['extra']);
  t.same(diff.nodesRemoved, []);
  const menu = diff.nodesChanged.find((n: { node: string }) => n.node === 'main-menu');
  t.same(menu.changes, [
    { path: '/nodes/main-menu/options/0', before: 'support', after: 'sales' },
    { path: '/nodes/main-menu/options/2', before: 'support', after: 'sales' },
    { path: '/nodes/main-menu/options/9', after: 'goodbye' },
    { path: '/nodes/main-menu/maxAttempts', before: 3, after: 2 },
  ]);
  const support = diff.nodesChanged.find((n: { node: string }) => n.node === 'support');
  t.same(
    support.changes.map((c: { path: string }) => c.path),
    ['/nodes/support/prompts', '/nodes/support/skills', '/nodes/support/priority'],
  );
  t.same(diff.flowChanges, []);
  t.match(diff.textDiff, /^--- flow \d+ version 1\n\+\+\+ flow \d+ version 2\n@@ /);
  t.match(diff.textDiff, /\n- {4}maxAttempts: 3\n\+ {4}maxAttempts: 2\n/);
  t.match(diff.textDiff, /\n@@ -33,11 \+33,12 @@\n/, 'hunks numbered as diff -u does');

  const toDraft = await h.call('GET', `/api/flows/${created.id}/diff?from=live&to=draft`);
  t.same(toDraft.json().nodesChanged, [], 'the draft is what is live');
  const bad = await h.call('GET', `/api/flows/${created.id}/diff?from=1&to=latest`);
  t.equal(bad.statusCode, 400);
});

t.test('a flow cannot be deleted while a DID routes to it', async (t) => {
  const h = await ivrHarness(t);
  const created = await h.createFlow(tinyFlow());
  const unpublished = await h.call('PUT', '/api/dids/+4930999000', { flowId: created.id });
  t.equal(unpublished.statusCode, 409, 'routes need a live version');
  t.match(unpublished.json().message, /has no live version; publish it first/);
  await h.publish(created.id);
  t.equal((await h.call('PUT', '/api/dids/+4930999000', { flowId: created.id })).statusCode, 200);
  t.equal((await h.call('PUT', '/api/dids/*', { flowId: 'Tiny' })).statusCode, 200, 'by name');

  const before = h.snapshot();
  const refused = await h.call('DELETE', `/api/flows/${created.id}`);
  t.equal(refused.statusCode, 409);
  t.match(refused.json().message, /cannot be deleted: DID "\*", "\+4930999000" route to it/);
  t.same(h.snapshot(), before);

  t.equal((await h.call('DELETE', '/api/dids/+4930999000')).statusCode, 204);
  t.equal((await h.call('DELETE', `/api/dids/${encodeURIComponent('*')}`)).statusCode, 204);
  t.equal((await h.call('DELETE', `/api/flows/${created.id}`)).statusCode, 204);
  t.equal((await h.call('GET', `/api/flows/${created.id}`)).statusCode, 404);
  const versions = h.database.sqlite.prepare('SELECT count(*) AS n FROM flow_versions').get() as {
    n: number;
  };
  t.equal(versions.n, 0, 'its versions went with it');
});

t.test('names are unique; unknown flows are 404; changes need an admin', async (t) => {
  const h = await ivrHarness(t);
  await h.createFlow(tinyFlow());
  const dup = await h.call('POST', '/api/flows', { source: tinyFlow() });
  t.equal(dup.statusCode, 409);
  t.match(dup.json().message, /flow name "Tiny" is already taken/);
  const renamed = await h.call('POST', '/api/flows', { source: tinyFlow(), name: 'Tiny 2' });
  t.equal(renamed.statusCode, 201);
  t.equal((await h.call('GET', '/api/flows/4242')).statusCode, 404);
  const asSupervisor = await h.app.inject({
    method: 'POST',
    url: '/api/flows',
    headers: h.supervisor,
    payload: { source: tinyFlow({ name: 'Other' }) },
  });
  t.equal(asSupervisor.statusCode, 403);
});
