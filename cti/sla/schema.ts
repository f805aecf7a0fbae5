import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tickets } from '../tickets/schema.js';

export const SLA_KINDS = ['first-response', 'resolution'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];
export const SLA_STAGES = ['warning', 'breached'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/**
 * A ticket's current deadlines. They are set at creation and moved when the priority changes;
 * a scheduled job whose deadline is no longer the one here does nothing.
 */
export const ticketSla = sqliteTable('ticket_sla', {
  ticketId: integer('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  firstResponseDue: integer('first_response_due', { mode: 'timestamp_ms' }).notNull(),
  resolutionDue: integer('resolution_due', { mode: 'timestamp_ms' }).notNull(),
  firstRespondedAt: integer('first_responded_at', { mode: 'timestamp_ms' }),
  firstRespondedBy: text('first_responded_by'),
});

/**
 * Warnings and breaches that happened. Unique per ticket, kind, stage and deadline, so a job run
 * twice (a retry, a reschedule to the same time) records and announces it once.
 */
export const slaEvents = sqliteTable(
  'sla_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SLA_KINDS }).notNull(),
    stage: text('stage', { enum: SLA_STAGES }).notNull(),
    due: integer('due', { mode: 'timestamp_ms' }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    uniqueIndex('sla_events_once').on(table.ticketId, table.kind, table.stage, table.due),
    index('sla_events_ticket').on(table.ticketId),
  ],
);

export type TicketSlaRow = typeof ticketSla.$inferSelect;
export type SlaEventRow = typeof slaEvents.$inferSelect;
