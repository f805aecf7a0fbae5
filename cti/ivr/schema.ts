import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.js';
import { calls } from '../calls/schema.js';
import type { FlowExit, PathStep } from './flow/types.js';

/** A flow as administrators edit it: the draft text (YAML or JSON, as written) and what is live. */
export const flows = sqliteTable('flows', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  description: text('description'),
  draftSource: text('draft_source').notNull(),
  draftFormat: text('draft_format', { enum: ['yaml', 'json'] }).notNull(),
  /** The version new calls start on; null until first published. */
  liveVersionId: integer('live_version_id'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Published versions are immutable; a rollback publishes an old version's text as a new version. */
export const flowVersions = sqliteTable(
  'flow_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    flowId: integer('flow_id')
      .notNull()
      .references(() => flows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    format: text('format', { enum: ['yaml', 'json'] }).notNull(),
    /** The parsed, validated document calls run on. */
    document: text('document', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    publishedBy: integer('published_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    /** Set when this version was made by rolling back to an earlier one. */
    rolledBackFrom: integer('rolled_back_from'),
  },
  (table) => [uniqueIndex('flow_versions_flow_version').on(table.flowId, table.version)],
);

/** Dialled number → flow. The did "*" is the default for numbers without their own entry. */
export const didRoutes = sqliteTable('did_routes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  did: text('did').notNull().unique(),
  flowId: integer('flow_id')
    .notNull()
    .references(() => flows.id, { onDelete: 'restrict' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Uploaded audio for prompts, stored as Asterisk-ready 8 kHz mono WAV. */
export const prompts = sqliteTable('prompts', {
  id: text('id').primaryKey(),
  description: text('description'),
  originalName: text('original_name'),
  sizeBytes: integer('size_bytes').notNull(),
  durationMs: integer('duration_ms').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
});

/** The way a call went through its flow, updated as it goes (screen-pop and reports read it). */
export const ivrPaths = sqliteTable(
  'ivr_paths',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id')
      .notNull()
      .unique()
      .references(() => calls.id, { onDelete: 'cascade' }),
    flowId: integer('flow_id').notNull(),
    flowVersionId: integer('flow_version_id').notNull(),
    steps: text('steps', { mode: 'json' }).notNull().$type<PathStep[]>(),
    variables: text('variables', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    exit: text('exit', { mode: 'json' }).$type<FlowExit>(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('ivr_paths_flow_version').on(table.flowVersionId)],
);

/** Messages callers leave through a voicemail node. */
export const voicemails = sqliteTable('voicemails', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  callId: integer('call_id')
    .notNull()
    .references(() => calls.id, { onDelete: 'cascade' }),
  mailbox: text('mailbox').notNull(),
  recordingName: text('recording_name').notNull(),
  durationSeconds: integer('duration_seconds'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});
