import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { calls } from '../calls/schema.js';

/** How an agent closed a call (their wrap-up): one disposition per call and agent. */
export const callDispositions = sqliteTable(
  'call_dispositions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    agentId: text('agent_id').notNull(),
    code: text('code').notNull(),
    notes: text('notes'),
    /** Who recorded it: "user:<name>" or "api_key:<name>" (a supervisor may record it for the agent). */
    recordedBy: text('recorded_by').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [uniqueIndex('call_dispositions_call_agent').on(table.callId, table.agentId)],
);

export type CallDispositionRow = typeof callDispositions.$inferSelect;
