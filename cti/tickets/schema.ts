import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.js';
import { calls } from '../calls/schema.js';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const WORKLOG_KINDS = ['created', 'note', 'status', 'change', 'call', 'attachment', 'sla'] as const;
export type WorklogKind = (typeof WORKLOG_KINDS)[number];

/** A customer: callers are matched to one by any of their phone numbers. */
export const contacts = sqliteTable('contacts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * A contact's numbers: `phone` as given, normalised to digits with an optional leading +;
 * `phoneKey` without the + or an international 00, so "+4930123" and "004930123" match a caller.
 */
export const contactPhones = sqliteTable(
  'contact_phones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    phoneKey: text('phone_key').notNull(),
  },
  (table) => [
    uniqueIndex('contact_phones_contact_key').on(table.contactId, table.phoneKey),
    index('contact_phones_key').on(table.phoneKey),
  ],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: TICKET_STATUSES }).notNull(),
    priority: text('priority', { enum: TICKET_PRIORITIES }).notNull(),
    category: text('category'),
    assigneeUserId: integer('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** "user:<name>" or "api_key:<name>". */
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the status last changed: SLA timers start from here. */
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    index('tickets_status').on(table.status),
    index('tickets_assignee').on(table.assigneeUserId),
    index('tickets_contact').on(table.contactId),
    index('tickets_created_at').on(table.createdAt),
    index('tickets_updated_at').on(table.updatedAt),
  ],
);

/** Calls worked on a ticket; one row per ticket and call. */
export const ticketCalls = sqliteTable(
  'ticket_calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    linkedAt: integer('linked_at', { mode: 'timestamp_ms' }).notNull(),
    linkedBy: text('linked_by').notNull(),
  },
  (table) => [
    uniqueIndex('ticket_calls_ticket_call').on(table.ticketId, table.callId),
    index('ticket_calls_call').on(table.callId),
  ],
);

/**
 * A ticket's history in time order: notes agents write, and entries the system adds (created,
 * status and field changes, linked calls, attachments). A call entry's details (who answered,
 * duration, disposition, recordings) are read from the call tables when shown, so they are
 * complete even when the call is linked before it ends; `transcriptId` is filled by transcription.
 */
export const ticketWorklog = sqliteTable(
  'ticket_worklog',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    kind: text('kind', { enum: WORKLOG_KINDS }).notNull(),
    /** "user:<name>", "api_key:<name>" or "system". */
    author: text('author').notNull(),
    body: text('body'),
    fromStatus: text('from_status', { enum: TICKET_STATUSES }),
    toStatus: text('to_status', { enum: TICKET_STATUSES }),
    callId: integer('call_id').references(() => calls.id, { onDelete: 'set null' }),
    attachmentId: integer('attachment_id'),
    transcriptId: text('transcript_id'),
    /** Field changes ({ field: { from, to } }) and other small facts. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (table) => [
    index('ticket_worklog_ticket_at').on(table.ticketId, table.at),
    index('ticket_worklog_call').on(table.callId),
  ],
);

/** Files on a ticket; the bytes live under the data directory, named by their sha256. */
export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('ticket_attachments_ticket').on(table.ticketId)],
);

export type TicketRow = typeof tickets.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type WorklogRow = typeof ticketWorklog.$inferSelect;
export type AttachmentRow = typeof ticketAttachments.$inferSelect;
