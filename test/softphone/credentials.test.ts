import { createHash } from 'node:crypto';
import t from 'tap';
import { softphoneCredentials } from '../../cti/softphone/schema.js';
import { SOFTPHONE_REALM } from '../../cti/softphone/sip-account.js';
import { desktopFixture } from '../helpers/softphone-fixture.js';

interface Credentials {
  sipUri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  wsServers: string[];
  iceServers: string[];
  expiresAt: string;
}

const issue = (f: Awaited<ReturnType<typeof desktopFixture>>, headers: Record<string, string>) =>
  f.app.inject({ method: 'POST', url: '/api/softphone/credentials', headers });

/** Everything the database holds, as text: a password must not be anywhere in it. */
function databaseText(f: Awaited<ReturnType<typeof desktopFixture>>): string {
  const tables = f.database.sqlite
    .prepare("select name from sqlite_master where type = 'table'")
    .all() as Array<{ name: string }>;
  return tables
    .map(({ name }) => JSON.stringify(f.database.sqlite.prepare(`select * from "${name}"`).all()))
    .join('\n');
}

t.test('an agent gets a WebRTC account on Asterisk; the ACD rings it while it lives', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  const res = await issue(f, dana.headers);
  t.equal(res.statusCode, 200, 'credentials issued'); // the body holds the password: not in test output
  const body = res.json<Credentials>();
  const port = new URL(f.settings.ari.url).port;
  t.match(body, {
    sipUri: 'sip:webrtc-dana@127.0.0.1',
    authorizationUser: 'webrtc-dana',
    displayName: 'Agent dana',
    wsServers: [`ws://127.0.0.1:${port}/ws`],
    iceServers: [],
  });
  t.ok(Buffer.from(body.password, 'base64url').length >= 16, 'the password carries at least 128 random bits');
  t.ok(Date.parse(body.expiresAt) > f.clock.now().getTime(), 'it expires with the session');
  t.equal(res.headers['cache-control'], 'no-store');
  t.same(
    f.ari.requests.filter((r) => r.startsWith('PUT')),
    ['PUT res_pjsip/auth/webrtc-dana', 'PUT res_pjsip/aor/webrtc-dana', 'PUT res_pjsip/endpoint/webrtc-dana'],
    'auth and aor before the endpoint that points at them',
  );
  t.same(f.ari.fields('endpoint', 'webrtc-dana'), {
    webrtc: 'yes',
    dtls_auto_generate_cert: 'yes',
    disallow: 'all',
    allow: 'opus,ulaw',
    transport: 'transport-ws',
    context: 'switchboard-agents',
    aors: 'webrtc-dana',
    auth: 'webrtc-dana',
  });
  t.same(f.ari.fields('aor', 'webrtc-dana'), { max_contacts: '1', remove_existing: 'yes' });
  const auth = f.ari.fields('auth', 'webrtc-dana');
  t.equal(
    auth?.md5_cred,
    createHash('md5').update(`webrtc-dana:${SOFTPHONE_REALM}:${body.password}`).digest('hex'),
    'Asterisk gets the digest of the password, not the password',
  );
  t.notOk(JSON.stringify(f.ari.objects).includes(body.password), 'the password is not pushed in plain text');
  t.notOk(databaseText(f).includes(body.password), 'nor stored in the database');
  t.notOk(f.logLines.join('').includes(body.password), 'nor logged');
  t.equal(f.softphone.deviceOf('dana'), 'PJSIP/webrtc-dana', 'the ACD rings the softphone');
  const audit = f.deps.audit.list({ action: 'softphone.credentials', limit: 5, offset: 0 });
  t.equal(audit.length, 1, 'issuing is audited');
  t.notOk(JSON.stringify(audit).includes(body.password), 'without the password');
});

t.test('issuing again replaces the account: a new password, the old objects removed first', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  const first = (await issue(f, dana.headers)).json<Credentials>();
  f.ari.requests.length = 0;
  const second = (await issue(f, dana.headers)).json<Credentials>();
  t.not(second.password, first.password);
  t.same(f.ari.requests, [
    'DELETE res_pjsip/endpoint/webrtc-dana',
    'DELETE res_pjsip/aor/webrtc-dana',
    'DELETE res_pjsip/auth/webrtc-dana',
    'PUT res_pjsip/auth/webrtc-dana',
    'PUT res_pjsip/aor/webrtc-dana',
    'PUT res_pjsip/endpoint/webrtc-dana',
  ]);
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 1, 'one account per agent');
});

t.test('who may ask: agents linked to an agent record, with a session', async (t) => {
  const f = await desktopFixture(t);
  const loner = await f.signedIn('agent');
  const refused = await issue(f, loner.headers);
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { error: 'forbidden', message: /not linked to an agent record/ });
  const supervisor = await f.signedIn('supervisor');
  t.equal((await issue(f, supervisor.headers)).statusCode, 403, 'supervisors have no softphone here');
  const key = await issue(f, { 'x-api-key': f.apiKey('agent') });
  t.equal(key.statusCode, 403);
  t.match(key.json(), { message: /API key .* is not anyone's agent login/ });
  t.same(f.ari.requests, [], 'nothing was pushed to Asterisk');
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 0, 'nothing stored');
});

t.test('Asterisk unreachable: 503 naming it, nothing stored, the stored device still rings', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  f.ariState.state = 'disconnected';
  f.ariState.lastError = 'websocket closed (ECONNREFUSED)';
  const down = await issue(f, dana.headers);
  t.equal(down.statusCode, 503);
  t.match(down.json(), {
    error: 'asterisk_unavailable',
    message:
      /Asterisk is unreachable \(ARI at http:\/\/127\.0\.0\.1:\d+: websocket closed \(ECONNREFUSED\)\)/,
  });
  f.ariState.state = 'connected';
  f.ari.failWith = 'connect ECONNREFUSED 127.0.0.1:8088';
  const failing = await issue(f, dana.headers);
  t.equal(failing.statusCode, 503);
  t.match(failing.json(), {
    message: /Asterisk \(ARI at .*\) could not create the softphone account webrtc-dana/,
  });
  t.equal(f.softphone.deviceOf('dana'), undefined);
  f.ari.failWith = null;
  t.equal(f.ari.objects.size, 0, 'no half-made account left on Asterisk');
});

t.test('logout of that session removes the account; other logouts do not', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  t.equal((await issue(f, dana.headers)).statusCode, 200);
  const user = f.database.sqlite.prepare("select id from users where username = 'user-dana'").get() as {
    id: number;
  };
  const otherSession = {
    authorization: `Bearer ${f.sessionFor({ id: user.id, username: 'user-dana', role: 'agent', password: '' })}`,
  };
  const other = await f.app.inject({ method: 'POST', url: '/api/auth/logout', headers: otherSession });
  t.equal(other.statusCode, 204);
  t.equal(f.ari.objects.size, 3, "another session's logout leaves the account");
  const out = await f.app.inject({ method: 'POST', url: '/api/auth/logout', headers: dana.headers });
  t.equal(out.statusCode, 204);
  t.equal(f.ari.objects.size, 0, 'endpoint, aor and auth are gone');
  t.equal(f.softphone.deviceOf('dana'), undefined, 'the ACD rings the stored device again');
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 0);
});

t.test('logout while Asterisk is down still logs out; the sweep removes the account later', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  await issue(f, dana.headers);
  f.ari.failWith = 'connect ECONNREFUSED';
  const out = await f.app.inject({ method: 'POST', url: '/api/auth/logout', headers: dana.headers });
  t.equal(out.statusCode, 204, 'logout never fails on Asterisk');
  t.equal(f.softphone.deviceOf('dana'), undefined, 'no longer rung');
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 1, 'kept to retry');
  f.ari.failWith = null;
  await f.softphone.sweep();
  t.equal(f.ari.objects.size, 0, 'removed on the next sweep');
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 0);
});

t.test('session expiry: the sweep removes the account', async (t) => {
  const f = await desktopFixture(t);
  const dana = await f.agentUser('dana');
  await issue(f, dana.headers);
  await f.softphone.sweep();
  t.equal(f.ari.objects.size, 3, 'a live session keeps its account');
  f.clock.advance(f.settings.auth.sessionHours * 3_600_000 + 1000);
  t.equal(f.softphone.deviceOf('dana'), undefined, 'not rung once the session is over, sweep or not');
  await f.softphone.sweep();
  t.equal(f.ari.objects.size, 0);
  t.equal(f.database.db.select().from(softphoneCredentials).all().length, 0);
});

t.test(
  'after a restart: leftovers of ended sessions go, live ones stay, lost ones are forgotten',
  async (t) => {
    const f = await desktopFixture(t);
    const dana = await f.agentUser('dana');
    const erin = await f.agentUser('erin');
    const finn = await f.agentUser('finn');
    for (const who of [dana, erin, finn]) t.equal((await issue(f, who.headers)).statusCode, 200);
    // Dana's session ends while the daemon is "down"; Asterisk "restarted" and lost Finn's objects.
    f.database.sqlite
      .prepare('update sessions set revoked_at = ? where user_id = ?')
      .run(Date.now(), dana.userId);
    for (const type of ['endpoint', 'aor', 'auth']) f.ari.objects.delete(`res_pjsip/${type}/webrtc-finn`);
    const { Softphone } = await import('../../cti/softphone/softphone-service.js');
    const restarted = new Softphone({
      db: f.database.db,
      rest: () => f.ari.rest,
      ariStatus: () => f.ariState,
      settings: f.settings,
      clock: f.clock.now,
      logger: f.deps.logger,
    });
    t.equal(restarted.deviceOf('erin'), 'PJSIP/webrtc-erin', 'known again from the database at start');
    await restarted.reconcile();
    t.notOk(f.ari.fields('endpoint', 'webrtc-dana'), "the ended session's account is removed");
    t.ok(f.ari.fields('endpoint', 'webrtc-erin'), 'the live one stays');
    t.equal(restarted.deviceOf('erin'), 'PJSIP/webrtc-erin');
    t.equal(restarted.deviceOf('finn'), undefined, 'an account Asterisk lost is not rung');
    t.same(
      f.database.db
        .select()
        .from(softphoneCredentials)
        .all()
        .map((r) => r.agentId),
      ['erin'],
    );
  },
);

t.test('SWITCHBOARD_SOFTPHONE_WS_URL sets where browsers register and the SIP domain', async (t) => {
  const f = await desktopFixture(t, { env: { SWITCHBOARD_SOFTPHONE_WS_URL: 'wss://pbx.example.com/ws' } });
  const dana = await f.agentUser('dana');
  t.match((await issue(f, dana.headers)).json(), {
    sipUri: 'sip:webrtc-dana@pbx.example.com',
    wsServers: ['wss://pbx.example.com/ws'],
  });
});
