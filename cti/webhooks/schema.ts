import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** An admin's endpoint and the events it wants ("ticket.created", "ticket.*", "sla.*", "*"). */
export const webhooks = sqliteTable('webhooks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  /** Signs every delivery; shown to the admin once, at registration. */
  secret: text('secret').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event to one webhook. `body` is fixed when the event happens, so every attempt sends the
 * same bytes (only the signature's timestamp changes).
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('webhook_deliveries_webhook').on(table.webhookId, table.createdAt)],
);

/**
 * BullMQ jobs (SLA timers, webhook deliveries) written in SQLite first and moved to Redis by the
 * relay (job-outbox.ts), like transcription's outbox: nothing is lost while Redis is down.
 * `runAt` makes a delayed job; the relay turns it into BullMQ's delay when it hands it over.
 */
export const jobOutbox = sqliteTable(
  'job_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    queue: text('queue').notNull(),
    jobId: text('job_id').notNull().unique(),
    name: text('name').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
  },
  (table) => [index('job_outbox_next_attempt').on(table.nextAttemptAt)],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type JobOutboxRow = typeof jobOutbox.$inferSelect;
