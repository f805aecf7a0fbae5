import t from 'tap';
import { supervisorQueues } from '../../cti/auth/scope-schema.js';
import { ticketFixture } from './fixture.js';

t.test(
  "who sees which ticket: admins all; supervisors their queues' and queueless ones; agents theirs, their queues' unassigned, calls they answered",
  async (t) => {
    const f = await ticketFixture(t);
    const dana = await f.agentUser('dana');
    const erin = await f.agentUser('erin');
    const danaUser = f.deps.db.query.agents.findFirst({ where: (a, { eq }) => eq(a.id, 'dana') }).sync()!
      .userId!;
    f.admin.putQueue(
      'sales',
      {
        name: 'Sales',
        requiredSkills: [],
        priority: 0,
        strategy: 'longest-idle',
        serviceLevelSeconds: 20,
        wrapUpSeconds: 30,
        ringTimeoutSeconds: 15,
      },
      null,
    );

    const assigned = await f.ticket({ subject: 'assigned to dana', assigneeId: danaUser });
    const queueCall = f.answeredCall('erin');
    f.queued(queueCall, 'support');
    const queueTicket = await f.ticket({ subject: 'unassigned, support call' });
    t.equal(
      (await f.post(`/api/calls/${queueCall}/ticket`, f.asAdmin, { ticketId: queueTicket.id })).status,
      201,
    );
    const otherQueueCall = f.answeredCall('erin');
    f.queued(otherQueueCall, 'sales');
    const salesTicket = await f.ticket({ subject: 'unassigned, sales call' });
    await f.post(`/api/calls/${otherQueueCall}/ticket`, f.asAdmin, { ticketId: salesTicket.id });
    const answered = f.answeredCall('dana');
    const answeredTicket = await f.ticket({
      subject: 'assigned to erin, dana answered a call',
      assigneeId: (await f.createUser('agent')).id,
    });
    await f.post(`/api/calls/${answered}/ticket`, f.asAdmin, { ticketId: answeredTicket.id });
    const hidden = await f.ticket({
      subject: "someone else's",
      assigneeId: (await f.createUser('agent')).id,
    });

    const all = [assigned, queueTicket, salesTicket, answeredTicket, hidden].map((x) => x.id).sort();
    const visible = async (headers: Record<string, string>) =>
      ((await f.get('/api/tickets', headers)).body.items as Array<{ id: number }>).map((x) => x.id).sort();
    t.same(await visible(f.asAdmin), all, 'admin sees all');
    const supervise = async (headers: Record<string, string>, queues: string[]) => {
      const me = (await f.get('/api/auth/me', headers)).body;
      for (const queueId of queues)
        f.database.db
          .insert(supervisorQueues)
          .values({ userId: me.id, queueId, createdAt: f.clock.now() })
          .run();
    };
    await supervise(f.asSupervisor, ['support', 'sales']);
    t.same(await visible(f.asSupervisor), all, 'a supervisor of both queues sees all');
    const salesSupervisor = (await f.signedIn('supervisor')).headers;
    await supervise(salesSupervisor, ['sales']);
    t.same(
      await visible(salesSupervisor),
      [assigned.id, salesTicket.id, answeredTicket.id, hidden.id].sort(),
      'a supervisor of sales: the sales ticket and those of no queue, not the support one',
    );
    t.equal(
      (await f.get(`/api/tickets/${queueTicket.id}`, salesSupervisor)).status,
      404,
      'as if it did not exist',
    );
    t.same(
      await visible(dana.headers),
      [assigned.id, queueTicket.id, answeredTicket.id].sort(),
      'dana: assigned, her queue, her call',
    );
    t.same(
      await visible(erin.headers),
      [queueTicket.id, salesTicket.id].sort(),
      'erin answered the sales call: that ticket too',
    );
    const agentKey = { 'x-api-key': f.apiKey('agent') };
    t.same(await visible(agentKey), [], "an agent API key is nobody's login and sees none");

    // Not yours looks exactly like not there: 404 with the same message, so ids leak nothing.
    const hiddenRes = await f.get(`/api/tickets/${hidden.id}`, dana.headers);
    const missingRes = await f.get('/api/tickets/99999', dana.headers);
    t.equal(hiddenRes.status, 404);
    t.equal(hiddenRes.body.message, `ticket ${hidden.id} not found`);
    t.equal(missingRes.status, 404);
    const before = f.snapshot();
    for (const [method, url, payload] of [
      ['PATCH', `/api/tickets/${hidden.id}`, { priority: 'low' }],
      ['POST', `/api/tickets/${hidden.id}/worklog`, { note: 'peek' }],
      [
        'POST',
        `/api/tickets/${hidden.id}/attachments`,
        { fileName: 'a.txt', dataBase64: Buffer.from('hi').toString('base64') },
      ],
    ] as const) {
      const res =
        method === 'PATCH'
          ? await f.patch(url, dana.headers, payload)
          : await f.post(url, dana.headers, payload);
      t.equal(res.status, 404, `${method} ${url} is 404 for dana`);
    }
    t.equal((await f.get(`/api/tickets/${hidden.id}/worklog`, dana.headers)).status, 404);
    t.same(f.snapshot(), before, 'nothing changed');
    t.equal((await f.get(`/api/tickets/${hidden.id}`, f.asSupervisor)).status, 200);

    // An agent links only calls they answered; a supervisor any.
    const ericsCall = f.answeredCall('erin');
    const refused = await f.post(`/api/calls/${ericsCall}/ticket`, dana.headers, { ticketId: assigned.id });
    t.equal(refused.status, 403);
    t.match(refused.body, { message: `call ${ericsCall} was not answered by you` });
    const own = await f.post(`/api/calls/${answered}/ticket`, dana.headers, { ticketId: hidden.id });
    t.equal(own.status, 404, 'linking a ticket dana cannot see is 404, as if it did not exist');
    t.same(f.snapshot(), before, 'still nothing changed');

    // Agents create tickets assigned to themselves; the export holds only what they see.
    const mine = await f.ticket({ subject: 'made by dana' }, dana.headers);
    t.equal(mine.assignee.id, danaUser);
    const csv = await f.app.inject({ method: 'GET', url: '/api/tickets.csv', headers: dana.headers });
    t.notMatch(csv.body, /someone else/);
    t.match(csv.body, /made by dana/);
    t.equal((await f.get(`/api/calls/${answered}/tickets`, dana.headers)).body.items.length, 1);
    t.equal(
      (await f.get(`/api/calls/${answered}/tickets`, erin.headers)).body.items.length,
      0,
      "erin sees no ticket of dana's call",
    );
  },
);
