import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only record of logins and of every change an admin makes. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'cli', 'system', 'anonymous'] }).notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    target: text('target'),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (table) => [index('audit_log_at').on(table.at), index('audit_log_action').on(table.action)],
);

export type AuditRow = typeof auditLog.$inferSelect;
