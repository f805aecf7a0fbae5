import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { buildJobsApp } from './jobs-app.js';
import { eventually, startReceiver } from './receiver.js';

t.test('URLs that are not http(s), or point inward, are refused with 400', async (t) => {
  const { app, signedIn } = await buildTestApp(t);
  const { headers } = await signedIn('admin');
  for (const url of [
    'ftp://example.com/hook',
    'not a url',
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.5/hook',
    'http://169.254.169.254/latest',
    'http://[::1]/hook',
    'http://user:pw@example.com/hook',
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers,
      payload: { url, events: ['*'] },
    });
    t.equal(res.statusCode, 400, `${url} refused`);
  }
  const badEvent = await app.inject({
    method: 'POST',
    url: '/api/webhooks',
    headers,
    payload: { url: 'http://93.184.216.34/hook', events: ['call.nope'] },
  });
  t.equal(badEvent.statusCode, 400, 'unknown event refused');
});

t.test('unknown webhooks are 404; the secret is shown once', async (t) => {
  const { app, signedIn } = await buildTestApp(t, { env: { SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  const { headers } = await signedIn('admin');
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/webhooks/999/deliveries', headers })).statusCode,
    404,
  );
  t.equal((await app.inject({ method: 'DELETE', url: '/api/webhooks/999', headers })).statusCode, 404);
  const made = await app.inject({
    method: 'POST',
    url: '/api/webhooks',
    headers,
    payload: { url: 'http://127.0.0.1:9/hook', events: ['ticket.*'] },
  });
  t.equal(made.statusCode, 201);
  t.match(made.json(), {
    id: Number,
    url: 'http://127.0.0.1:9/hook',
    events: ['ticket.*'],
    secret: /^whsec_/,
  });
  const list = (await app.inject({ method: 'GET', url: '/api/webhooks', headers })).json();
  t.equal(list.items.length, 1);
  t.notOk('secret' in list.items[0], 'the list holds no secret');
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/api/webhooks/${made.json().id}`, headers })).statusCode,
    204,
  );
  t.equal(
    (await app.inject({ method: 'GET', url: `/api/webhooks/${made.json().id}/deliveries`, headers }))
      .statusCode,
    404,
  );
  const agent = await signedIn('agent');
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/webhooks', headers: agent.headers })).statusCode,
    403,
  );
});

t.test('a receiver that fails twice gets the event on the third attempt, signed each time', async (t) => {
  const jobs = await buildJobsApp(t);
  let secret = '';
  const receiver = await startReceiver(
    t,
    () => secret,
    (n) => (n <= 2 ? 500 : 204),
  );
  const made = await jobs.app.inject({
    method: 'POST',
    url: '/api/webhooks',
    headers: jobs.admin.headers,
    payload: { url: receiver.url, events: ['ticket.created'] },
  });
  t.equal(made.statusCode, 201);
  secret = made.json().secret;
  const ticket = await jobs.app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers: jobs.admin.headers,
    payload: { subject: 'Printer on fire' },
  });
  t.equal(ticket.statusCode, 201);
  await eventually(() => receiver.received.length >= 3, 10_000, 'three attempts');
  const deliveriesUrl = `/api/webhooks/${made.json().id}/deliveries`;
  let items: Array<Record<string, unknown>> = [];
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    items = (await jobs.app.inject({ method: 'GET', url: deliveriesUrl, headers: jobs.admin.headers })).json()
      .items;
    if (items[0]?.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  t.equal(items.length, 1, 'one delivery');
  t.match(items[0], {
    status: 'succeeded',
    attempts: 3,
    lastStatusCode: 204,
    lastError: null,
    event: 'ticket.created',
  });
  t.equal(receiver.received.length, 3, 'no attempt after the success');
  t.ok(
    receiver.received.every((r) => r.signed),
    'every attempt verifies',
  );
  t.equal(new Set(receiver.received.map((r) => r.delivery)).size, 1, 'one delivery id throughout');
  t.match(receiver.received[0], {
    event: 'ticket.created',
    body: { event: 'ticket.created', data: { ticketId: ticket.json().id } },
  });
});
