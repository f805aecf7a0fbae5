import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per call that entered the Stasis app, keyed on Asterisk's channel id so replays never duplicate. */
export const calls = sqliteTable(
  'calls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: text('channel_id').notNull().unique(),
    callerNumber: text('caller_number'),
    callerName: text('caller_name'),
    dialedNumber: text('dialed_number'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    hangupCause: integer('hangup_cause'),
    hangupCauseText: text('hangup_cause_text'),
    /** Who ended it: caller, daemon, "transferred" out of the app, or "lost" when it vanished unseen. */
    endedBy: text('ended_by', { enum: ['caller', 'daemon', 'lost', 'transferred'] }),
  },
  (table) => [
    index('calls_started_at').on(table.startedAt),
    index('calls_caller_number').on(table.callerNumber),
  ],
);

export type CallRow = typeof calls.$inferSelect;
