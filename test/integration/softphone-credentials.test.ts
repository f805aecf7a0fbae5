// Browser softphone accounts on a real Asterisk: credentials push a WebRTC endpoint over ARI, a
// real SIP REGISTER over the websocket succeeds with them, the ACD rings that endpoint while it
// lives, and logout takes it away (REGISTER refused, objects gone).
import { join } from 'node:path';
import t from 'tap';
import { agentLogin, queueConfig } from '../helpers/acd-api.js';
import { CallerApp } from '../helpers/caller-app.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { AriError, ariRequest, listChannels } from '../helpers/sandbox.js';
import { SipWsClient } from '../helpers/sip-ws-client.js';

interface Credentials {
  sipUri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  wsServers: string[];
  iceServers: string[];
  expiresAt: string;
}

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;
const sipClients: SipWsClient[] = [];

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'softphone.db'), port: await freePort() });
  await daemon.waitReady();
  await adminApi(
    daemon,
    'PUT',
    '/api/acd/queues/phones',
    queueConfig('Phones', { wrapUpSeconds: 2, ringTimeoutSeconds: 8 }),
  );
  await publishFlow(daemon, 'to-phones', queueOnlyFlow('phones'), '620');
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  for (const client of sipClients) client.close();
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

// The stored device never answers: if the ACD rang it, the test would see a Local channel.
const softphoneAgent = (id: string) =>
  agentLogin(daemon, id, {
    queues: ['phones'],
    device: `Local/${id}@switchboard-test-agent-noanswer/n`,
    username: `sp-${id}`,
    name: `Agent ${id}`,
  });

async function as(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${daemon.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function pjsipObject(type: string, id: string): Promise<Record<string, string> | 404> {
  try {
    const fields = (await ariRequest('GET', `/asterisk/config/dynamic/res_pjsip/${type}/${id}`)) as Array<{
      attribute: string;
      value: string;
    }>;
    return Object.fromEntries(fields.map((f) => [f.attribute, f.value]));
  } catch (err) {
    if (err instanceof AriError && err.status === 404) return 404;
    throw err;
  }
}

async function sipClient(creds: Credentials): Promise<SipWsClient> {
  const domain = creds.sipUri.split('@')[1]!;
  // From 127.0.0.2: the sandbox's demo trunk is matched on 127.0.0.1, so a loopback request for an
  // endpoint that no longer exists would be identified as the trunk (404) rather than refused as
  // an unknown endpoint (401), which is what a browser elsewhere gets.
  const client = await SipWsClient.connect(creds.wsServers[0]!, creds.authorizationUser, domain, '127.0.0.2');
  sipClients.push(client);
  return client;
}

t.test('credentials make a WebRTC endpoint a real SIP REGISTER can use; logout takes it away', async (t) => {
  const token = await softphoneAgent('sara');
  const issued = await as(token, 'POST', '/api/softphone/credentials');
  t.equal(issued.status, 200, 'credentials issued'); // never print the body: it holds the password
  const creds = issued.body as Credentials;
  const ariPort = new URL(process.env.SWITCHBOARD_ARI_URL ?? '').port;
  t.match(creds, {
    sipUri: 'sip:webrtc-sara@127.0.0.1',
    authorizationUser: 'webrtc-sara',
    displayName: 'Agent sara',
    wsServers: [`ws://127.0.0.1:${ariPort}/ws`],
    iceServers: [],
  });
  t.notOk(daemon.output().includes(creds.password), 'the password is not in the daemon log');

  const endpoint = await pjsipObject('endpoint', 'webrtc-sara');
  t.not(endpoint, 404, 'Asterisk has the endpoint');
  t.match(endpoint, {
    webrtc: 'yes',
    transport: 'transport-ws',
    context: 'switchboard-agents',
    aors: 'webrtc-sara',
    auth: 'webrtc-sara',
  });
  t.match(await pjsipObject('aor', 'webrtc-sara'), { max_contacts: '1', remove_existing: /^(yes|true)$/ });
  const auth = await pjsipObject('auth', 'webrtc-sara');
  t.notOk(JSON.stringify(auth).includes(creds.password), 'Asterisk holds a digest, not the password');

  const phone = await sipClient(creds);
  const wrong = await phone.register(`${creds.password}x`);
  t.not(wrong.status, 200, `a wrong password is refused (${wrong.statuses.join(', ')})`);
  const registered = await phone.register(creds.password);
  t.equal(
    registered.status,
    200,
    `REGISTER with the credentials: ${registered.statuses.join(', ')} ${registered.reason}`,
  );

  const out = await as(token, 'POST', '/api/auth/logout');
  t.equal(out.status, 204);
  for (const type of ['endpoint', 'aor', 'auth'])
    t.equal(await pjsipObject(type, 'webrtc-sara'), 404, `the ${type} is gone after logout`);
  const after = await sipClient(creds);
  const refused = await after.register(creds.password);
  t.ok(
    refused.status === 401 || refused.status === 403,
    `the same REGISTER is refused after logout (${refused.statuses.join(', ')} ${refused.reason})`,
  );
});

t.test('a queued caller rings PJSIP/webrtc-<agent> while the credentials live', async (t) => {
  const token = await softphoneAgent('tom');
  const creds = (await as(token, 'POST', '/api/softphone/credentials')).body as Credentials;
  const phone = await sipClient(creds);
  t.equal((await phone.register(creds.password)).status, 200, 'the softphone is registered');
  await adminApi(daemon, 'POST', '/api/agents/tom/state', { state: 'available' });

  const call = await callers.call('620', '5556200');
  const ringing = await eventually(
    'a PJSIP/webrtc-tom channel',
    async () => (await listChannels()).find((c) => c.name.startsWith('PJSIP/webrtc-tom-')),
    15_000,
  );
  t.ok(ringing, `Asterisk rings the softphone (${ringing.name})`);
  t.notOk(
    (await listChannels()).some((c) => c.name.startsWith('Local/tom@')),
    'not the stored device',
  );
  const invite = await phone.nextInvite();
  t.match(invite.startLine, /^INVITE sip:/, 'the INVITE reaches the browser over the websocket');
  t.match(invite.body, /a=fingerprint:/, 'with DTLS (WebRTC) media');

  await callers.hangup(call.caller);
  await eventually(
    'the softphone leg to end',
    async () =>
      (await listChannels()).some((c) => c.name.startsWith('PJSIP/webrtc-tom-')) ? undefined : true,
    15_000,
  );
  await adminApi(daemon, 'POST', '/api/agents/tom/state', { state: 'logged-out' }, [200, 409]);
  t.equal((await as(token, 'POST', '/api/auth/logout')).status, 204);
  t.equal(await pjsipObject('endpoint', 'webrtc-tom'), 404);
});
