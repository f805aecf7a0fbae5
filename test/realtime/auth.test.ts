// Who may open /ws/agent and /ws/supervisor: every refusal is plain HTTP before any upgrade.
import t from 'tap';
import { SessionStore } from '../../cti/auth/sessions.js';
import { browserProtocols, realtimeFixture } from './fixtures.js';
import { refusal, TestSocket } from './ws-client.js';

t.test('missing or bad credentials: 401 with a sentence, before the upgrade', async (t) => {
  const f = await realtimeFixture(t);
  const cases: Array<[string, string, { protocols?: string[]; headers?: Record<string, string> }, RegExp]> = [
    ['no credentials', '/ws/agent', {}, /needs credentials: offer the subprotocols "switchboard"/],
    ['no credentials (supervisor)', '/ws/supervisor', {}, /needs credentials/],
    [
      'unknown token',
      '/ws/agent',
      { protocols: browserProtocols('x'.repeat(43)) },
      /unknown, expired or revoked/,
    ],
    ['empty token', '/ws/agent', { protocols: ['switchboard', 'token.'] }, /the token is empty/],
    ['huge token', '/ws/agent', { protocols: browserProtocols('a'.repeat(300)) }, /longer than any token/],
    [
      'two tokens',
      '/ws/agent',
      { protocols: ['switchboard', `token.${f.alice.token}`, `token.${f.bob.token}`] },
      /one token, not several/,
    ],
    [
      'token two ways',
      `/ws/agent?token=${f.alice.token}`,
      { protocols: browserProtocols(f.alice.token) },
      /one way only/,
    ],
    ['unknown query token', `/ws/supervisor?token=${'y'.repeat(43)}`, {}, /unknown, expired or revoked/],
    ['Basic header', '/ws/supervisor', { headers: { authorization: 'Basic YTpi' } }, /uses "Basic"/],
    [
      'unknown API key',
      '/ws/supervisor',
      { headers: { 'x-api-key': `sb_00000000_${'a'.repeat(43)}` } },
      /API key is unknown/,
    ],
  ];
  for (const [name, path, options, message] of cases) {
    const res = await refusal(`${f.base}${path}`, options);
    t.equal(res.status, 401, name);
    t.match(res.body, { error: 'unauthorized', message }, name);
    t.equal(res.headers['www-authenticate'], 'Bearer realm="switchboard"', name);
  }

  const ended = new SessionStore(f.database.db, f.clock.now, f.settings.auth.sessionHours);
  const token = f.sessionFor(f.alice.user);
  ended.end(token);
  const revoked = await refusal(`${f.base}/ws/agent`, { protocols: browserProtocols(token) });
  t.equal(revoked.status, 401, 'a logged-out session cannot open a socket');
});

t.test('the wrong caller for the socket: 403 naming why; denials are audited', async (t) => {
  const f = await realtimeFixture(t);
  const agentKey = f.apiKey('agent');
  const cases: Array<[string, string, { protocols?: string[]; headers?: Record<string, string> }, RegExp]> = [
    [
      'an agent on the supervisor socket',
      '/ws/supervisor',
      { protocols: browserProtocols(f.alice.token) },
      /\/ws\/supervisor needs role admin or supervisor; user "alice" has role agent/,
    ],
    [
      'an agent user with no agent record',
      '/ws/agent',
      { protocols: browserProtocols(f.loner.token) },
      /user "loner" is not linked to an agent; an admin links it with PUT \/api\/agents\/<id>/,
    ],
    [
      "an agent asking for another agent's socket",
      '/ws/agent?agent=bob',
      { protocols: browserProtocols(f.alice.token) },
      /user "alice" is agent alice and may not open the socket of agent bob/,
    ],
    [
      'an API key with role agent',
      '/ws/agent',
      { protocols: browserProtocols(agentKey) },
      /has role agent but is not an agent's login/,
    ],
  ];
  for (const [name, path, options, message] of cases) {
    const res = await refusal(`${f.base}${path}`, options);
    t.equal(res.status, 403, name);
    t.match(res.body, { error: 'forbidden', message }, name);
  }
  const audited = f.database.sqlite
    .prepare("select target from audit_log where action = 'access.denied' order by id")
    .all() as Array<{ target: string }>;
  t.same(
    audited.map((r) => r.target),
    ['GET /ws/supervisor', 'GET /ws/agent', 'GET /ws/agent?agent=bob', 'GET /ws/agent'],
  );
});

t.test('requests that name nothing usable: 400 and 404', async (t) => {
  const f = await realtimeFixture(t);
  const cases: Array<[string, string, string[], number, RegExp]> = [
    [
      'a token subprotocol without "switchboard"',
      '/ws/agent',
      [`token.${f.alice.token}`],
      400,
      /offer the subprotocol "switchboard" along with "token.<token>"/,
    ],
    [
      'a supervisor on /ws/agent without naming an agent',
      '/ws/agent',
      browserProtocols(f.supervisorToken),
      400,
      /is no agent: name the agent to watch with \?agent=<id>/,
    ],
    [
      'two agents named',
      '/ws/agent?agent=alice&agent=bob',
      browserProtocols(f.adminToken),
      400,
      /name one agent/,
    ],
    [
      'an unknown agent',
      '/ws/agent?agent=nobody',
      browserProtocols(f.adminToken),
      404,
      /agent nobody not found/,
    ],
    ['another path', '/ws/elsewhere', browserProtocols(f.adminToken), 404, /no websocket at \/ws\/elsewhere/],
  ];
  for (const [name, path, protocols, status, message] of cases) {
    const res = await refusal(`${f.base}${path}`, { protocols });
    t.equal(res.status, status, name);
    t.match(res.body, { message }, name);
  }
});

t.test('accepted: browsers by subprotocol (echoed), tools by query or header', async (t) => {
  const f = await realtimeFixture(t);
  const browser = await TestSocket.open(`${f.base}/ws/agent`, { protocols: browserProtocols(f.alice.token) });
  t.equal(browser.ws.protocol, 'switchboard', 'the server echoes "switchboard", never the token');
  t.match(await browser.next('hello'), { v: 1, agent: { id: 'alice', state: 'logged-out' } });

  const tool = await TestSocket.open(`${f.base}/ws/agent?token=${f.bob.token}`);
  t.equal(tool.ws.protocol, '', 'no subprotocol offered, none chosen');
  t.match(await tool.next('hello'), { agent: { id: 'bob' } });

  const header = await TestSocket.open(`${f.base}/ws/agent`, {
    headers: { authorization: `Bearer ${f.alice.token}` },
  });
  t.match(await header.next('hello'), { agent: { id: 'alice' } });

  const watching = await TestSocket.open(`${f.base}/ws/agent?agent=bob`, {
    protocols: browserProtocols(f.supervisorToken),
  });
  t.match(
    await watching.next('hello'),
    { agent: { id: 'bob', name: 'Bob' } },
    "a supervisor on bob's socket",
  );

  const key = f.apiKey('supervisor', 'wallboard');
  const wallboard = await TestSocket.open(`${f.base}/ws/supervisor`, { protocols: browserProtocols(key) });
  t.match(await wallboard.next('snapshot'), { v: 1 }, 'an API key with role supervisor watches queues');

  t.same(f.app.realtime.connections, { agents: 4, supervisors: 1 });
  for (const socket of [browser, tool, header, watching, wallboard]) socket.close();
});
