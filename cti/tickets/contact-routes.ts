import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import { notFound } from '../http/errors.js';
import type { ContactInput } from './contacts.js';
import { asHttp, contactInput, contactSchema, errors, idParams } from './http-schemas.js';
import { type TicketDeps, ticketServices } from './ticket-services.js';

const STAFF = ['agent', 'supervisor', 'admin'] as const;

/** Customer contacts: callers are matched to them by number (screen-pop, tickets from calls). */
export const contactRoutes: FastifyPluginAsync<TicketDeps> = async (app, deps) => {
  const { contacts } = ticketServices(deps).tickets;

  app.get<{ Querystring: { phone?: string; q?: string; limit: number } }>(
    '/api/contacts',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Contacts by phone number (matched as callers are) or by text in name or email',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            phone: { type: 'string', maxLength: 40 },
            q: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: contactSchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const rows = asHttp(() => contacts.search(request.query));
      const phones = contacts.phonesOf(rows.map((r) => r.id));
      return { items: rows.map((row) => contacts.toJson(row, phones.get(row.id) ?? [])) };
    },
  );

  app.post<{ Body: ContactInput }>(
    '/api/contacts',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Create a contact (phones normalised to digits with an optional leading +)',
        body: contactInput,
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = asHttp(() => contacts.create(request.body));
      deps.audit.record({
        actor: actorOf(request.principal),
        action: 'contact.create',
        target: `contact:${row.id}`,
        details: { name: row.name },
        ip: request.ip,
      });
      return reply.code(201).send(contacts.toJson(row));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/contacts/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'One contact',
        params: idParams,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => {
      const row = contacts.byId(request.params.id);
      if (!row) throw notFound(`contact ${request.params.id}`);
      return contacts.toJson(row);
    },
  );
};
