import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { acdQueues } from '../acd/schema.js';
import { apiKeys, users } from './schema.js';

/**
 * Which queues a supervisor watches and acts on: one row per supervisor user (or supervisor API
 * key) and queue. A supervisor with no rows supervises nothing; admins need none.
 */
export const supervisorQueues = sqliteTable(
  'supervisor_queues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    apiKeyId: integer('api_key_id').references(() => apiKeys.id, { onDelete: 'cascade' }),
    queueId: text('queue_id')
      .notNull()
      .references(() => acdQueues.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    uniqueIndex('supervisor_queues_user_queue').on(table.userId, table.queueId),
    uniqueIndex('supervisor_queues_key_queue').on(table.apiKeyId, table.queueId),
    index('supervisor_queues_queue').on(table.queueId),
  ],
);

/** Settings administrators change at run time (wallboard colour thresholds, report defaults), as JSON by key. */
export const appSettings = sqliteTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull().$type<unknown>(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  /** "user:<name>" or "api_key:<name>". */
  updatedBy: text('updated_by').notNull(),
});
