// SLA deadlines of a few seconds on real Redis: warnings and breaches arrive in order, in the
// worklog and as signed webhook deliveries; met deadlines stay quiet; a priority change moves them.
import t, { type Test } from 'tap';
import { buildJobsApp } from '../webhooks/jobs-app.js';
import { eventually, startReceiver } from '../webhooks/receiver.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setUp(t: Test, env: Record<string, string>) {
  const jobs = await buildJobsApp(t, { SWITCHBOARD_SLA_WARN_PERCENT: '50', ...env });
  let secret = '';
  const receiver = await startReceiver(t, () => secret);
  const made = await jobs.app.inject({
    method: 'POST',
    url: '/api/webhooks',
    headers: jobs.admin.headers,
    payload: { url: receiver.url, events: ['sla.*'] },
  });
  secret = made.json().secret;
  const api = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers = jobs.admin.headers,
  ) => {
    const res = await jobs.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const slaLog = async (id: number) =>
    (
      (await api('GET', `/api/tickets/${id}/worklog`)).items as Array<{
        kind: string;
        details?: { event: string; kind: string };
      }>
    )
      .filter((e) => e.kind === 'sla')
      .map((e) => `${e.details?.event} ${e.details?.kind}`);
  return { jobs, receiver, api, slaLog };
}

t.test('an unanswered ticket gets its warning, then its breach, in order', async (t) => {
  const { receiver, api, slaLog } = await setUp(t, { SWITCHBOARD_SLA_NORMAL: '1s/3s' });
  const ticket = await api('POST', '/api/tickets', { subject: 'No one answers' });
  t.match(ticket.sla, { firstRespondedAt: null, breached: [] });
  t.equal(Date.parse(ticket.sla.firstResponseDue) - Date.parse(ticket.createdAt), 1000);
  t.equal(Date.parse(ticket.sla.resolutionDue) - Date.parse(ticket.createdAt), 3000);
  await eventually(() => receiver.received.length >= 4, 8000, 'four SLA deliveries');
  const expected = [
    'sla.warning first-response',
    'sla.breached first-response',
    'sla.warning resolution',
    'sla.breached resolution',
  ];
  t.same(
    receiver.received.map((r) => `${r.event} ${r.body.data.kind}`),
    expected,
    'webhook deliveries in order',
  );
  t.ok(
    receiver.received.every((r) => r.signed && r.body.data.ticketId === ticket.id),
    'signed, for the ticket',
  );
  t.same(await slaLog(ticket.id), expected, 'worklog entries in order');
  const after = await api('GET', `/api/tickets/${ticket.id}`);
  t.same(
    after.sla.breached.map((b: { kind: string }) => b.kind),
    ['first-response', 'resolution'],
  );
});

t.test('a ticket answered and resolved in time gets no warning or breach', async (t) => {
  const { jobs, receiver, api, slaLog } = await setUp(t, { SWITCHBOARD_SLA_NORMAL: '1s/2s' });
  const ticket = await api('POST', '/api/tickets', { subject: 'Quick one' });
  const other = await jobs.signedIn('supervisor');
  await api('POST', `/api/tickets/${ticket.id}/worklog`, { note: 'On it' }, other.headers);
  const answered = await api('GET', `/api/tickets/${ticket.id}`);
  t.type(answered.sla.firstRespondedAt, 'string', 'a note by someone else is the first response');
  await api('PATCH', `/api/tickets/${ticket.id}`, { status: 'resolved' }, other.headers);
  await sleep(2600);
  t.same(await slaLog(ticket.id), [], 'no SLA entries');
  t.same(receiver.received, [], 'no SLA deliveries');
});

t.test("the creator's own note is no first response", async (t) => {
  const { api, slaLog } = await setUp(t, { SWITCHBOARD_SLA_NORMAL: '1s/30s' });
  const ticket = await api('POST', '/api/tickets', { subject: 'Talking to myself' });
  await api('POST', `/api/tickets/${ticket.id}/worklog`, { note: 'anyone?' });
  await sleep(1500);
  t.same(await slaLog(ticket.id), ['sla.warning first-response', 'sla.breached first-response']);
});

t.test('a priority change moves the deadlines; the old jobs do nothing', async (t) => {
  const { receiver, api, slaLog } = await setUp(t, {
    SWITCHBOARD_SLA_LOW: '30s/60s',
    SWITCHBOARD_SLA_URGENT: '1s/2s',
  });
  const calm = await api('POST', '/api/tickets', { subject: 'Was urgent', priority: 'urgent' });
  const hot = await api('POST', '/api/tickets', { subject: 'Becomes urgent', priority: 'low' });
  const lowered = await api('PATCH', `/api/tickets/${calm.id}`, { priority: 'low' });
  t.equal(
    Date.parse(lowered.sla.firstResponseDue) - Date.parse(calm.createdAt),
    30_000,
    'deadline moved out',
  );
  const raised = await api('PATCH', `/api/tickets/${hot.id}`, { priority: 'urgent' });
  t.equal(Date.parse(raised.sla.resolutionDue) - Date.parse(hot.createdAt), 2000, 'deadline moved in');
  await eventually(() => receiver.received.length >= 4, 8000, 'the raised ticket to breach');
  await sleep(300);
  t.same(await slaLog(calm.id), [], 'the lowered ticket is quiet');
  t.same(await slaLog(hot.id), [
    'sla.warning first-response',
    'sla.breached first-response',
    'sla.warning resolution',
    'sla.breached resolution',
  ]);
  t.ok(receiver.received.every((r) => r.body.data.ticketId === hot.id));
});
