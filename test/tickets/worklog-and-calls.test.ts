import t from 'tap';
import { callRecordings } from '../../cti/acd/schema.js';
import { callDispositions } from '../../cti/desktop/schema.js';
import { ScreenPops } from '../../cti/realtime/screen-pop.js';
import { ticketServices } from '../../cti/tickets/ticket-services.js';
import { ticketFixture } from './fixture.js';

t.test('the worklog is in time order: created, notes, status changes, the call with its facts', async (t) => {
  const f = await ticketFixture(t);
  const dana = await f.agentUser('dana');
  // The caller's own ticket (matched by number): the agent who answers may link it.
  const ticket = await f.ticket({
    subject: 'Broken headset',
    contact: { name: 'Ada', phones: ['+4930999'] },
  });
  f.clock.advance(60_000);
  const callId = f.answeredCall('dana', '+4930999', 0);
  f.database.db
    .insert(callRecordings)
    .values({ callId, name: `call-${callId}-rec`, format: 'wav', startedAt: f.clock.now(), markers: [] })
    .run();
  f.clock.advance(90_000);
  f.deps.callLog.recordEnd(`chan-1`, {
    at: f.clock.now(),
    cause: 16,
    causeText: 'Normal Clearing',
    endedBy: 'caller',
  });
  t.equal(
    (await f.post(`/api/tickets/${ticket.id}/worklog`, f.asAdmin, { note: 'asked for serial' })).status,
    201,
  );
  f.clock.advance(1000);
  await f.patch(`/api/tickets/${ticket.id}`, f.asAdmin, { status: 'pending', category: 'hardware' });
  f.clock.advance(1000);
  const wrap = await f.post(`/api/calls/${callId}/wrap-up`, dana.headers, {
    disposition: 'callback',
    notes: 'ships Monday',
    ticketId: ticket.id,
  });
  t.equal(wrap.status, 201, JSON.stringify(wrap.body));
  t.match(wrap.body, {
    disposition: { code: 'callback' },
    ticket: { id: ticket.id, status: 'pending', created: false },
  });
  f.clock.advance(1000);
  await f.patch(`/api/tickets/${ticket.id}`, f.asAdmin, { status: 'resolved' });
  f.clock.advance(1000);
  await f.patch(`/api/tickets/${ticket.id}`, f.asAdmin, { status: 'open' });

  const log = await f.get(`/api/tickets/${ticket.id}/worklog`, dana.headers);
  t.equal(log.status, 200, 'dana sees it: she answered a linked call');
  const items = log.body.items as Array<{ kind: string; at: string }>;
  t.same(
    items.map((i) => `${i.kind}${'toStatus' in i ? `:${(i as { toStatus: string }).toStatus}` : ''}`),
    ['created:new', 'call', 'note', 'status:pending', 'change', 'status:resolved', 'status:open'],
    'the call sits where it happened, before the note written after it',
  );
  const times = items.map((i) => i.at);
  t.same([...times].sort(), times, 'time-ordered');
  t.match(items[1], {
    kind: 'call',
    author: 'user:user-dana',
    call: {
      id: callId,
      callerNumber: '+4930999',
      durationSeconds: 90,
      talkSeconds: 89,
      answeredBy: [{ agentId: 'dana', name: 'Agent dana' }],
      disposition: { code: 'callback', notes: 'ships Monday', agentId: 'dana' },
      recordings: [`call-${callId}-rec`],
      transcriptId: null,
    },
  });
  t.match(items[4], { kind: 'change', details: { category: { from: null, to: 'hardware' } } });
  ticketServices(f.deps).tickets.setTranscript(callId, 'tr-1');
  const later = await f.get(`/api/tickets/${ticket.id}/worklog`, f.asAdmin);
  t.match(later.body.items[1], { call: { transcriptId: 'tr-1' } }, 'transcription fills the seam in');
  t.match(f.deps.audit.list({ action: 'call.wrap-up', limit: 1, offset: 0 }), [
    { details: { ticketId: ticket.id } },
  ]);
  t.match(f.deps.audit.list({ action: 'ticket.call-link', limit: 1, offset: 0 }), [
    { target: `ticket:${ticket.id}`, details: { callId } },
  ]);
});

t.test(
  'a ticket from a call: the caller becomes the contact (or is found by number); linking twice is a no-op',
  async (t) => {
    const f = await ticketFixture(t);
    const dana = await f.agentUser('dana');
    const callId = f.answeredCall('dana', '+49 30 5550');
    const created = await f.post(`/api/calls/${callId}/ticket`, dana.headers, {
      create: { subject: 'Wants a quote', priority: 'high' },
    });
    t.equal(created.status, 201, JSON.stringify(created.body));
    t.match(created.body, {
      linked: true,
      ticket: {
        subject: 'Wants a quote',
        priority: 'high',
        contact: { name: '+49305550', phones: ['+49305550'] },
      },
    });
    const second = f.answeredCall('dana', '0049305550');
    const other = await f.post(`/api/calls/${second}/ticket`, dana.headers, { create: { subject: 'Again' } });
    t.equal(
      other.body.ticket.contact.id,
      created.body.ticket.contact.id,
      'the same caller is the same contact',
    );
    const twice = await f.post(`/api/calls/${callId}/ticket`, dana.headers, {
      ticketId: created.body.ticket.id,
    });
    t.equal(twice.status, 200);
    t.match(twice.body, { linked: false });
    const both = await f.get(`/api/calls/${callId}/tickets`, dana.headers);
    t.same(
      both.body.items.map((x: { id: number }) => x.id),
      [created.body.ticket.id],
    );
    for (const [payload, message] of [
      [{}, /either ticketId .* or create/],
      [{ ticketId: 1, create: { subject: 'x' } }, /not both/],
      [{ ticketId: 999 }, /ticket 999 not found/],
    ] as const) {
      const res = await f.post(`/api/calls/${callId}/ticket`, dana.headers, payload);
      t.equal(res.status, payload.ticketId === 999 ? 404 : 400);
      t.match(res.body, { message });
    }
    t.equal((await f.post('/api/calls/999/ticket', f.asAdmin, { ticketId: 1 })).status, 404);
    t.equal((await f.get('/api/calls/999/tickets', f.asAdmin)).status, 404);
    await f.patch(`/api/tickets/${created.body.ticket.id}`, f.asAdmin, { status: 'closed' });
    const third = f.answeredCall('dana', '+49305550');
    const closed = await f.post(`/api/calls/${third}/ticket`, dana.headers, {
      ticketId: created.body.ticket.id,
    });
    t.equal(closed.status, 409);
    t.match(closed.body, { error: 'closed', message: /closed tickets do not change/ });
  },
);

t.test(
  'wrap-up with newTicket creates and links in the same transaction; a refused link stores no disposition',
  async (t) => {
    const f = await ticketFixture(t);
    const dana = await f.agentUser('dana');
    const callId = f.answeredCall('dana', '+4930777');
    const closedTicket = await f.ticket({ subject: 'old', contact: { name: 'Cy', phones: ['+4930777'] } });
    await f.patch(`/api/tickets/${closedTicket.id}`, f.asAdmin, { status: 'closed' });
    const before = f.snapshot();
    for (const [payload, status, message] of [
      [{ disposition: 'resolved', ticketId: closedTicket.id }, 409, /is closed/],
      [{ disposition: 'resolved', ticketId: 999 }, 404, /ticket 999 not found/],
      [{ disposition: 'resolved', ticketId: 1, newTicket: { subject: 'x' } }, 400, /not both/],
      [{ disposition: 'resolved', newTicket: { subject: 'x', priority: 'asap' } }, 400, /priority/],
    ] as const) {
      const res = await f.post(`/api/calls/${callId}/wrap-up`, dana.headers, payload);
      t.equal(res.status, status, JSON.stringify(res.body));
      t.match(res.body, { message });
    }
    t.same(f.snapshot(), before, 'no ticket row changed');
    t.equal(f.database.db.select().from(callDispositions).all().length, 0, 'and no disposition was stored');
    const ok = await f.post(`/api/calls/${callId}/wrap-up`, dana.headers, {
      disposition: 'escalated',
      newTicket: { subject: 'Escalate refund', category: 'billing', priority: 'urgent' },
    });
    t.equal(ok.status, 201, JSON.stringify(ok.body));
    t.match(ok.body, {
      ticket: { subject: 'Escalate refund', priority: 'urgent', status: 'new', created: true },
    });
    const ticket = await f.get(`/api/tickets/${ok.body.ticket.id}`, dana.headers);
    t.match(ticket.body, {
      assignee: { username: 'user-dana' },
      category: 'billing',
      contact: { phones: ['+4930777'] },
    });
    t.equal(f.database.db.select().from(callDispositions).all().length, 1);
  },
);

t.test("the screen-pop lists the caller's open tickets, matched by number", async (t) => {
  const f = await ticketFixture(t);
  const open = await f.ticket({
    subject: 'Open one',
    priority: 'high',
    contact: { name: 'Ada', phones: ['+49 30 1234'] },
  });
  f.clock.advance(1000);
  const pending = await f.ticket({ subject: 'Pending one', status: 'pending', contactId: open.contact.id });
  const done = await f.ticket({ subject: 'Done', contactId: open.contact.id });
  await f.patch(`/api/tickets/${done.id}`, f.asAdmin, { status: 'resolved' });
  await f.ticket({ subject: 'Someone else', contact: { name: 'Bo', phones: ['+4940111'] } });
  const pops = new ScreenPops({
    db: f.database.db,
    clock: f.clock.now,
    callLog: f.deps.callLog,
    router: f.deps.acd.router,
  });
  const event = (callerNumber: string) =>
    ({
      offer: { offerId: 'o1', queueId: 'support', waitedMs: 10 },
      callId: 1,
      callerNumber,
      dialedNumber: '600',
    }) as unknown as Parameters<ScreenPops['build']>[0];
  const pop = pops.build(event('004930 1234'));
  t.same(
    pop.openTickets.map((x) => [x.id, x.subject, x.status, x.priority]),
    [
      [pending.id, 'Pending one', 'pending', 'normal'],
      [open.id, 'Open one', 'new', 'high'],
    ],
    'open and pending, most recently changed first; resolved ones are not listed',
  );
  t.match(pop.openTickets[0], { updatedAt: String });
  t.same(pops.build(event('anonymous')).openTickets, [], 'a withheld number matches nobody');
  t.same(pops.build(event('+4930999')).openTickets, []);
});
