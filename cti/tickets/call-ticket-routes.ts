import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import { badRequest, notFound } from '../http/errors.js';
import { asHttp, callIdParams, errors, newTicketBody, ticketSchema } from './http-schemas.js';
import type { NewTicket } from './ticket-service.js';
import { type TicketDeps, ticketServices } from './ticket-services.js';
import { viewerOf } from './viewer.js';
import { ticketsJson } from './views.js';

const STAFF = ['agent', 'supervisor', 'admin'] as const;

/** Linking calls to tickets: an existing one, or a new one for the caller. */
export const callTicketRoutes: FastifyPluginAsync<TicketDeps> = async (app, deps) => {
  const { tickets } = ticketServices(deps);

  app.post<{ Params: { callId: number }; Body: { ticketId?: number; create?: NewTicket } }>(
    '/api/calls/:callId/ticket',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary:
          'Link the call to a ticket: { ticketId } or { create: { subject, ... } } with the caller as contact',
        description:
          'By an agent who answered the call, or a supervisor/admin. 201 with the ticket; linking a call ' +
          'already linked to that ticket is 200 and changes nothing.',
        params: callIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { ticketId: { type: 'integer', minimum: 1 }, create: newTicketBody },
        },
        response: {
          200: { type: 'object', properties: { linked: { type: 'boolean' }, ticket: ticketSchema } },
          201: { type: 'object', properties: { linked: { type: 'boolean' }, ticket: ticketSchema } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { callId } = request.params;
      const { ticketId, create } = request.body;
      if ((ticketId === undefined) === (create === undefined))
        throw badRequest(
          'give either ticketId (an existing ticket) or create (a new one), not both or neither',
        );
      const viewer = viewerOf(deps.db, request.principal!);
      const record = (id: number, created: boolean) =>
        deps.audit.record({
          actor: actorOf(request.principal),
          action: created ? 'ticket.create' : 'ticket.call-link',
          target: `ticket:${id}`,
          details: { callId, ...(created ? { fromCall: true } : {}) },
          ip: request.ip,
        });
      if (create) {
        const row = asHttp(() => tickets.createForCall(viewer, callId, create));
        record(row.id, true);
        return reply
          .code(201)
          .send({ linked: true, ticket: ticketsJson(deps.db, tickets.contacts, [row])[0] });
      }
      const linked = asHttp(() => tickets.linkCall(viewer, ticketId!, callId));
      if (linked) record(ticketId!, false);
      const row = tickets.get(viewer, ticketId!);
      return reply
        .code(linked ? 201 : 200)
        .send({ linked, ticket: ticketsJson(deps.db, tickets.contacts, [row])[0] });
    },
  );

  app.get<{ Params: { callId: number } }>(
    '/api/calls/:callId/tickets',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Tickets linked to the call (those you may see)',
        params: callIdParams,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: ticketSchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const { callId } = request.params;
      if (!deps.callLog.byId(callId)) throw notFound(`call ${callId}`);
      const rows = tickets.ofCall(viewerOf(deps.db, request.principal!), callId);
      return { items: ticketsJson(deps.db, tickets.contacts, rows) };
    },
  );
};
