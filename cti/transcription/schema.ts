import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { callRecordings } from '../acd/schema.js';
import { calls } from '../calls/schema.js';

/** One timed piece of a transcript: a word (pocketsphinx, word-level HTTP) or a phrase (HTTP segments). */
export interface TranscriptSegment {
  /** Milliseconds into the recorded file (paused spans are not in it). */
  startMs: number;
  endMs: number;
  text: string;
  /** Replaced because it overlapped a recording pause; `text` is then "[redacted]". */
  redacted?: true;
  /** 0..1 when the engine gives one. */
  confidence?: number;
}

export const TRANSCRIPT_STATES = ['pending', 'done', 'failed'] as const;
export type TranscriptState = (typeof TRANSCRIPT_STATES)[number];

/**
 * One transcript per recording (the unique recording_id is what makes a replayed
 * RecordingFinished a no-op). Made 'pending' when the recording is complete, filled by the worker.
 * `text` is the redacted text; the FTS5 table transcripts_fts (migration 0005, kept in step by
 * triggers) indexes it.
 */
export const transcripts = sqliteTable(
  'transcripts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id')
      .notNull()
      .unique()
      .references(() => callRecordings.id, { onDelete: 'cascade' }),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    state: text('state', { enum: TRANSCRIPT_STATES }).notNull(),
    engine: text('engine'),
    language: text('language'),
    text: text('text'),
    segments: text('segments', { mode: 'json' }).$type<TranscriptSegment[]>(),
    /** How many spans were redacted (pauses in the recording). */
    redactedSpans: integer('redacted_spans').notNull().default(0),
    error: text('error'),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('transcripts_call_id').on(table.callId)],
);

export type TranscriptRow = typeof transcripts.$inferSelect;

/**
 * Jobs waiting to reach BullMQ. Written in the same transaction as the recording's completion;
 * the relay deletes a row only after Redis acknowledged the job (jobId derived from recording_id,
 * so a relay that dies between the two adds the same job again, which BullMQ ignores).
 */
export const transcriptionOutbox = sqliteTable(
  'transcription_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recordingId: integer('recording_id')
      .notNull()
      .unique()
      .references(() => callRecordings.id, { onDelete: 'cascade' }),
    transcriptId: integer('transcript_id')
      .notNull()
      .references(() => transcripts.id, { onDelete: 'cascade' }),
    callId: integer('call_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
  },
  (table) => [index('transcription_outbox_next_attempt').on(table.nextAttemptAt)],
);

export type OutboxRow = typeof transcriptionOutbox.$inferSelect;
