import { eq } from 'drizzle-orm';
import t from 'tap';
import { TICKET_STATUSES, type TicketStatus, tickets } from '../../cti/tickets/schema.js';
import { ticketServices } from '../../cti/tickets/ticket-services.js';
import { ALLOWED_TRANSITIONS } from '../../cti/tickets/transitions.js';
import { ticketFixture } from './fixture.js';

t.test('create, read, update: stored, audited, worklogged, events sent after commit', async (t) => {
  const f = await ticketFixture(t);
  const events: string[] = [];
  const { events: emitter } = ticketServices(f.deps).tickets;
  for (const name of [
    'ticket.created',
    'ticket.updated',
    'ticket.status-changed',
    'ticket.call-linked',
  ] as const)
    emitter.on(name, (e: { ticketId: number }) => events.push(`${name}:${e.ticketId}`));
  const assignee = await f.createUser('agent', { username: 'bob' });
  const created = await f.ticket({
    subject: 'Router keeps rebooting',
    description: 'Since Monday',
    priority: 'high',
    category: 'hardware',
    assigneeId: assignee.id,
    contact: { name: 'Ada Customer', phones: ['+49 (30) 123-45', '0171 555 1234'], email: 'ada@example.com' },
  });
  t.match(created, {
    id: Number,
    subject: 'Router keeps rebooting',
    status: 'new',
    allowedStatuses: ['open', 'pending', 'resolved', 'closed'],
    priority: 'high',
    category: 'hardware',
    assignee: { id: assignee.id, username: 'bob' },
    contact: { name: 'Ada Customer', phones: ['+493012345', '01715551234'], email: 'ada@example.com' },
    createdBy: /^user:admin/,
  });
  const read = await f.get(`/api/tickets/${created.id}`, f.asAdmin);
  t.equal(read.status, 200);
  t.match(read.body, { id: created.id, attachments: [] });

  const changed = await f.patch(`/api/tickets/${created.id}`, f.asAdmin, {
    status: 'open',
    priority: 'urgent',
  });
  t.equal(changed.status, 200, JSON.stringify(changed.body));
  t.match(changed.body, {
    status: 'open',
    priority: 'urgent',
    allowedStatuses: ['pending', 'resolved', 'closed'],
  });
  const audit = f.deps.audit.list({ limit: 10, offset: 0 }).map((a) => a.action);
  t.same(
    audit.filter((a) => a.startsWith('ticket.')),
    ['ticket.update', 'ticket.create'],
  );
  t.match(f.deps.audit.list({ action: 'ticket.update', limit: 1, offset: 0 }), [
    {
      target: `ticket:${created.id}`,
      details: { changes: { status: { from: 'new', to: 'open' }, priority: { from: 'high', to: 'urgent' } } },
    },
  ]);
  t.same(events, [
    `ticket.created:${created.id}`,
    `ticket.status-changed:${created.id}`,
    `ticket.updated:${created.id}`,
  ]);
  const unchanged = await f.patch(`/api/tickets/${created.id}`, f.asAdmin, { priority: 'urgent' });
  t.equal(unchanged.status, 200);
  t.equal(
    f.deps.audit.list({ action: 'ticket.update', limit: 5, offset: 0 }).length,
    1,
    'no change, no audit',
  );
  t.equal(events.length, 3, 'no change, no event');

  const again = await f.ticket({ subject: 'Second', contact: { name: 'Someone', phones: ['004930 12345'] } });
  t.equal(
    again.contact.id,
    created.contact.id,
    'a contact is matched by number (+49… and 0049… are one number)',
  );
});

t.test(
  'status transitions, table-driven: each allowed one works, each other is 409 naming from, to and allowed',
  async (t) => {
    const f = await ticketFixture(t);
    // A ticket in each status, reached along allowed paths.
    const path: Record<TicketStatus, TicketStatus[]> = {
      new: [],
      open: ['open'],
      pending: ['pending'],
      resolved: ['resolved'],
      closed: ['closed'],
    };
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        if (from === to) continue;
        const ticket = await f.ticket({ subject: `${from} to ${to}` });
        for (const step of path[from])
          t.equal((await f.patch(`/api/tickets/${ticket.id}`, f.asAdmin, { status: step })).status, 200);
        const before = f.snapshot();
        const res = await f.patch(`/api/tickets/${ticket.id}`, f.asAdmin, { status: to });
        if (ALLOWED_TRANSITIONS[from].includes(to)) {
          t.equal(res.status, 200, `${from} → ${to} is allowed`);
          t.equal(res.body.status, to);
        } else {
          t.equal(res.status, 409, `${from} → ${to} is refused`);
          const allowed = ALLOWED_TRANSITIONS[from];
          t.match(res.body, {
            error: from === 'closed' ? 'closed' : 'invalid_transition',
            message:
              from === 'closed'
                ? new RegExp(`ticket ${ticket.id} is closed`)
                : `ticket ${ticket.id} cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.join(', ')}`,
          });
          t.same(f.snapshot(), before, `${from} → ${to}: nothing changed`);
        }
      }
    }
    t.same(ALLOWED_TRANSITIONS.closed, [], 'closed is final');
    t.ok(ALLOWED_TRANSITIONS.resolved.includes('open'), 'resolved reopens');
  },
);

t.test('bad input is a 4xx naming the problem, and changes nothing', async (t) => {
  const f = await ticketFixture(t);
  const ticket = await f.ticket({ subject: 'Keep me' });
  const disabled = await f.createUser('agent', { username: 'gone', disabled: true });
  const before = f.snapshot();
  const cases: Array<[string, 'POST' | 'PATCH', string, unknown, number, RegExp]> = [
    [
      'unknown assignee on create',
      'POST',
      '/api/tickets',
      { subject: 'x', assigneeId: 4242 },
      400,
      /assignee: user 4242 does not exist/,
    ],
    [
      'unknown assignee on update',
      'PATCH',
      `/api/tickets/${ticket.id}`,
      { assigneeId: 4242, priority: 'low' },
      400,
      /user 4242 does not exist/,
    ],
    [
      'disabled assignee',
      'PATCH',
      `/api/tickets/${ticket.id}`,
      { assigneeId: disabled.id },
      400,
      /\(gone\) is disabled/,
    ],
    [
      'unknown contact',
      'POST',
      '/api/tickets',
      { subject: 'x', contactId: 77 },
      400,
      /contact 77 does not exist/,
    ],
    [
      'bad phone',
      'POST',
      '/api/tickets',
      { subject: 'x', contact: { name: 'A', phones: ['12ab'] } },
      400,
      /contact.phones\[0\]: "12ab" is not a phone number/,
    ],
    [
      'bad email',
      'POST',
      '/api/tickets',
      { subject: 'x', contact: { name: 'A', email: 'nope' } },
      400,
      /email/,
    ],
    ['unknown priority', 'PATCH', `/api/tickets/${ticket.id}`, { priority: 'asap' }, 400, /priority/],
    ['unknown status', 'PATCH', `/api/tickets/${ticket.id}`, { status: 'done' }, 400, /status/],
    ['blank subject', 'POST', '/api/tickets', { subject: '   ' }, 400, /subject/],
    ['created closed', 'POST', '/api/tickets', { subject: 'x', status: 'closed' }, 400, /status/],
    ['unknown field', 'PATCH', `/api/tickets/${ticket.id}`, { colour: 'red' }, 400, /additional/],
    ['empty patch', 'PATCH', `/api/tickets/${ticket.id}`, {}, 400, /fewer than 1/],
    ['unknown ticket', 'PATCH', '/api/tickets/999', { priority: 'low' }, 404, /ticket 999 not found/],
    [
      'note on unknown ticket',
      'POST',
      '/api/tickets/999/worklog',
      { note: 'hi' },
      404,
      /ticket 999 not found/,
    ],
    ['blank note', 'POST', `/api/tickets/${ticket.id}/worklog`, { note: ' ' }, 400, /note/],
  ];
  for (const [what, method, url, payload, status, message] of cases) {
    const res =
      method === 'POST' ? await f.post(url, f.asAdmin, payload) : await f.patch(url, f.asAdmin, payload);
    t.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
    t.match(res.body, { message }, what);
  }
  t.same(f.snapshot(), before, 'no row changed, nothing audited');
  t.equal((await f.get('/api/tickets/abc', f.asAdmin)).status, 400, 'a non-numeric id is 400');
  t.equal((await f.get('/api/tickets/999', f.asAdmin)).status, 404);
});

t.test('list filters, text search that is never SQL or a wildcard, paging', async (t) => {
  const f = await ticketFixture(t);
  const bob = await f.createUser('agent', { username: 'bob' });
  const day = 3600_000; // an hour: sessions last 12
  const made: Record<string, number> = {};
  const add = async (key: string, payload: Record<string, unknown>) => {
    made[key] = (await f.ticket(payload)).id;
    f.clock.advance(day);
  };
  const start = f.clock.now();
  await add('a', {
    subject: 'Printer jam',
    priority: 'low',
    category: 'hardware',
    contact: { name: 'A', phones: ['+4930111'] },
  });
  await add('b', {
    subject: '100% discount?',
    description: 'asks for 100% off',
    category: 'billing',
    assigneeId: bob.id,
  });
  await add('c', { subject: 'snake_case name', priority: 'urgent', category: 'billing' });
  await add('d', {
    subject: "O'Brien account",
    description: "' OR 1=1 -- said the customer",
    status: 'pending',
  });
  await add('e', { subject: 'Plain', description: 'nothing special' });
  await f.patch(`/api/tickets/${made.e}`, f.asAdmin, { status: 'open' });
  const ids = async (query: string) => {
    const res = await f.get(`/api/tickets?${query}`, f.asAdmin);
    t.equal(res.status, 200, `${query}: ${JSON.stringify(res.body).slice(0, 200)}`);
    return (res.body.items as Array<{ id: number }>).map((i) => i.id).sort((x, y) => x - y);
  };
  const want = (...keys: string[]) => keys.map((k) => made[k]!).sort((x, y) => x - y);
  t.same(await ids('status=pending'), want('d'));
  t.same(await ids('status=new,pending'), want('a', 'b', 'c', 'd'));
  t.same(await ids('status=open&status=pending'), want('d', 'e'));
  t.same(await ids('priority=urgent'), want('c'));
  t.same(await ids('category=billing'), want('b', 'c'));
  t.same(await ids(`assignee=${bob.id}`), want('b'));
  t.same(await ids('assignee=none'), want('a', 'c', 'd', 'e'));
  t.same(await ids(`contactPhone=${encodeURIComponent('0049 30 111')}`), want('a'));
  t.same(await ids('q=printer'), want('a'), 'case-insensitive text in the subject');
  t.same(await ids('q=special'), want('e'), 'text in the description');
  t.same(await ids(`q=${encodeURIComponent('%')}`), want('b'), '% is a literal percent sign, not "anything"');
  t.same(await ids(`q=${encodeURIComponent('_')}`), want('c'), '_ is a literal underscore');
  t.same(await ids(`q=${encodeURIComponent("' OR 1=1 --")}`), want('d'), 'SQL in the search is just text');
  t.same(
    await ids(`q=${encodeURIComponent("x' OR '1'='1")}`),
    [],
    'and matches nothing when no ticket has it',
  );
  const from = new Date(start.getTime() + day).toISOString();
  const to = new Date(start.getTime() + 3 * day).toISOString();
  t.same(await ids(`createdFrom=${from}&createdTo=${to}`), want('b', 'c'), 'from inclusive, to exclusive');

  const page1 = await f.get('/api/tickets?limit=2', f.asAdmin);
  const page2 = await f.get('/api/tickets?limit=2&offset=2', f.asAdmin);
  t.match(page1.body, { total: 5, limit: 2, offset: 0 });
  t.equal(page1.body.items[0].id, made.e, 'the latest change comes first');
  const seen = [...page1.body.items, ...page2.body.items].map((i: { id: number }) => i.id);
  t.equal(new Set(seen).size, 4, 'pages do not overlap');

  for (const [query, message] of [
    ['status=done', /status "done" is not one of new, open, pending, resolved, closed/],
    ['priority=asap', /priority "asap" is not one of low, normal, high, urgent/],
    ['assignee=somebody', /assignee/],
    ['contactPhone=abc', /contactPhone "abc" is not a phone number/],
    ['limit=1000', /limit/],
    [`createdFrom=${to}&createdTo=${from}`, /createdFrom .* must be before createdTo/],
  ] as const) {
    const res = await f.get(`/api/tickets?${query}`, f.asAdmin);
    t.equal(res.status, 400, query);
    t.match(res.body, { message }, query);
  }
  t.equal(
    f.database.db.select().from(tickets).where(eq(tickets.id, made.d!)).get()?.subject,
    "O'Brien account",
  );
});
