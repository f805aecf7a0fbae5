import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/audit-log.js';
import { badRequest } from '../http/errors.js';
import { ticketsCsv, ticketsXlsx } from './export.js';
import {
  asHttp,
  attachmentSchema,
  errorSchema,
  errors,
  idParams,
  listQuery,
  newTicketBody,
  ticketPatchBody,
  ticketSchema,
  worklogEntrySchema,
} from './http-schemas.js';
import type { AttachmentRow, TicketPriority, TicketRow, TicketStatus } from './schema.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './schema.js';
import type { NewTicket, TicketFilter, TicketPatch } from './ticket-service.js';
import { type TicketDeps, ticketServices } from './ticket-services.js';
import { viewerOf } from './viewer.js';
import { ticketsJson, worklogJson } from './views.js';

const STAFF = ['agent', 'supervisor', 'admin'] as const;
/** The most rows one export holds; narrow the filter for more. */
export const EXPORT_MAX_ROWS = 10_000;

interface ListQuery {
  status?: string[];
  priority?: string[];
  category?: string;
  assignee?: string;
  contactPhone?: string;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  limit: number;
  offset: number;
}

/**
 * Tickets: create, read, change, list and export, their worklog and attachments. Agents reach
 * only the tickets they may see (viewer.ts); any other id answers 404, exactly as an id that does
 * not exist, so an agent cannot learn which tickets exist by probing ids.
 */
export const ticketRoutes: FastifyPluginAsync<TicketDeps> = async (app, deps) => {
  const { tickets, attachments } = ticketServices(deps);
  const viewer = (request: FastifyRequest) => viewerOf(deps.db, request.principal!);
  const audit = (
    request: FastifyRequest,
    action: string,
    ticketId: number,
    details?: Record<string, unknown>,
  ) =>
    deps.audit.record({
      actor: actorOf(request.principal),
      action,
      target: `ticket:${ticketId}`,
      ...(details ? { details } : {}),
      ip: request.ip,
    });
  const oneJson = (row: TicketRow, withFiles: AttachmentRow[] | null = null) => {
    const [json] = ticketsJson(deps.db, tickets.contacts, [row]);
    return withFiles ? { ...json!, attachments: withFiles.map(attachmentJson) } : json!;
  };

  app.post<{ Body: NewTicket }>(
    '/api/tickets',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket (an agent creating one is its assignee unless told otherwise)',
        body: newTicketBody,
        response: { 201: ticketSchema, ...errors },
      },
    },
    async (request, reply) => {
      const row = asHttp(() => tickets.create(viewer(request), request.body));
      audit(request, 'ticket.create', row.id, {
        subject: row.subject,
        status: row.status,
        assigneeId: row.assigneeUserId,
      });
      return reply.code(201).send(oneJson(row));
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/tickets',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Tickets you may see, newest change first, filtered and paged',
        querystring: listQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
              items: { type: 'array', items: ticketSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const filter = toFilter(request.query);
      const { total, items } = asHttp(() => tickets.list(viewer(request), filter));
      return {
        total,
        limit: filter.limit,
        offset: filter.offset,
        items: ticketsJson(deps.db, tickets.contacts, items),
      };
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get<{ Querystring: ListQuery }>(
      `/api/tickets.${format}`,
      {
        config: { access: STAFF },
        schema: {
          tags: ['tickets'],
          summary: `The filtered ticket list as ${format === 'csv' ? 'CSV' : 'an Excel workbook'} (at most ${EXPORT_MAX_ROWS} rows)`,
          querystring: {
            ...listQuery,
            properties: {
              ...listQuery.properties,
              limit: { ...listQuery.properties.limit, maximum: EXPORT_MAX_ROWS, default: EXPORT_MAX_ROWS },
            },
          },
          response: { 400: errorSchema },
        },
      },
      async (request, reply) => {
        const filter = toFilter(request.query);
        const { items } = asHttp(() => tickets.list(viewer(request), filter));
        const json = ticketsJson(deps.db, tickets.contacts, items);
        deps.audit.record({
          actor: actorOf(request.principal),
          action: 'ticket.export',
          target: 'tickets',
          details: { format, rows: json.length, query: request.query },
          ip: request.ip,
        });
        const name = `tickets-${deps.clock().toISOString().slice(0, 10)}.${format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(ticketsCsv(json));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await ticketsXlsx(json));
      },
    );
  }

  app.get<{ Params: { id: number } }>(
    '/api/tickets/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its attachments',
        params: idParams,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => {
      const row = asHttp(() => tickets.get(viewer(request), request.params.id));
      return oneJson(row, attachments.list(row.id));
    },
  );

  app.patch<{ Params: { id: number }; Body: TicketPatch }>(
    '/api/tickets/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary:
          'Change a ticket: status (along allowed transitions), priority, category, assignee, contact, text',
        description:
          'new → open|pending|resolved|closed; open → pending|resolved|closed; pending → open|resolved|closed; ' +
          'resolved → open (reopen)|closed; closed is final. A refused transition is 409 naming from, to and the allowed ones.',
        params: idParams,
        body: ticketPatchBody,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => {
      const { ticket, changes } = asHttp(() =>
        tickets.update(viewer(request), request.params.id, request.body),
      );
      if (Object.keys(changes).length > 0)
        audit(request, 'ticket.update', ticket.id, {
          changes: Object.fromEntries(
            Object.entries(changes).map(([k, v]) => [k, k === 'description' ? { changed: true } : v]),
          ),
        });
      return oneJson(ticket, attachments.list(ticket.id));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/tickets/:id/worklog',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary:
          "The ticket's history in time order: notes, status and field changes, linked calls, attachments",
        params: idParams,
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: worklogEntrySchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const rows = asHttp(() => tickets.worklog(viewer(request), request.params.id));
      return { items: worklogJson(deps.db, rows, attachments.list(request.params.id)) };
    },
  );

  app.post<{ Params: { id: number }; Body: { note: string } }>(
    '/api/tickets/:id/worklog',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Add a note to the worklog',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['note'],
          properties: { note: { type: 'string', minLength: 1, maxLength: 10000, pattern: '\\S' } },
        },
        response: { 201: worklogEntrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const entry = asHttp(() => tickets.addNote(viewer(request), request.params.id, request.body.note));
      audit(request, 'ticket.note', request.params.id, {
        entryId: entry.id,
        length: request.body.note.length,
      });
      return reply.code(201).send(worklogJson(deps.db, [entry], [])[0]);
    },
  );

  const { maxBytes } = attachments.settings;
  app.post<{ Params: { id: number }; Body: { fileName: string; contentType?: string; dataBase64: string } }>(
    '/api/tickets/:id/attachments',
    {
      config: { access: STAFF },
      // Base64 is 4/3 of the bytes; the slack lets a file just over the limit reach the check that names it.
      bodyLimit: Math.ceil((maxBytes * 4) / 3) + 64 * 1024,
      schema: {
        tags: ['tickets'],
        summary: `Attach a file (PDF, PNG, JPEG, text, CSV or WAV by content; at most ${maxBytes} bytes)`,
        description:
          'JSON with the file base64-encoded (multipart is not installed). 413 when too large, 415 for other types.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fileName', 'dataBase64'],
          properties: {
            fileName: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\u0000]+$' },
            contentType: { type: 'string', maxLength: 100 },
            dataBase64: { type: 'string' },
          },
        },
        response: { 201: attachmentSchema, ...errors, 413: errorSchema, 415: errorSchema },
      },
    },
    async (request, reply) => {
      const { fileName, contentType, dataBase64 } = request.body;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64.replace(/\s+/g, '')))
        throw badRequest(`dataBase64 of "${fileName}" is not base64`);
      const data = Buffer.from(dataBase64, 'base64');
      const row = asHttp(() =>
        attachments.add(viewer(request), request.params.id, {
          fileName,
          data,
          ...(contentType !== undefined ? { contentType } : {}),
        }),
      );
      audit(request, 'ticket.attachment', request.params.id, {
        attachmentId: row.id,
        fileName,
        contentType: row.contentType,
        sizeBytes: row.sizeBytes,
        sha256: row.sha256,
      });
      return reply.code(201).send(attachmentJson(row));
    },
  );

  app.get<{ Params: { id: number; attachmentId: number } }>(
    '/api/tickets/:id/attachments/:attachmentId',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Download an attachment',
        params: {
          type: 'object',
          properties: { id: { type: 'integer', minimum: 1 }, attachmentId: { type: 'integer', minimum: 1 } },
          required: ['id', 'attachmentId'],
        },
      },
    },
    async (request, reply) => {
      const { row, data } = asHttp(() =>
        attachments.read(viewer(request), request.params.id, request.params.attachmentId),
      );
      return reply
        .type(row.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${row.fileName.replace(/[^\w.\- ]/g, '_')}"`)
        .send(data);
    },
  );
};

function attachmentJson(row: AttachmentRow) {
  return {
    id: row.id,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    at: row.at.toISOString(),
  };
}

function listOf<T extends string>(
  raw: string[] | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const value of values)
    if (!(allowed as readonly string[]).includes(value))
      throw badRequest(`${name} "${value}" is not one of ${allowed.join(', ')}`);
  return values as T[];
}

function toFilter(query: ListQuery): TicketFilter {
  const filter: TicketFilter = { limit: query.limit, offset: query.offset };
  const statuses = listOf<TicketStatus>(query.status, TICKET_STATUSES, 'status');
  const priorities = listOf<TicketPriority>(query.priority, TICKET_PRIORITIES, 'priority');
  if (statuses) filter.statuses = statuses;
  if (priorities) filter.priorities = priorities;
  if (query.category !== undefined) filter.category = query.category;
  if (query.assignee !== undefined)
    filter.assignee =
      query.assignee === 'me' || query.assignee === 'none' ? query.assignee : Number(query.assignee);
  if (query.contactPhone !== undefined) filter.contactPhone = query.contactPhone;
  if (query.q !== undefined) filter.q = query.q;
  if (query.createdFrom !== undefined) filter.createdFrom = new Date(query.createdFrom);
  if (query.createdTo !== undefined) filter.createdTo = new Date(query.createdTo);
  if (filter.createdFrom && filter.createdTo && filter.createdFrom >= filter.createdTo)
    throw badRequest(`createdFrom (${query.createdFrom}) must be before createdTo (${query.createdTo})`);
  return filter;
}
