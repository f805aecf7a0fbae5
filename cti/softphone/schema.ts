import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Which agents have a browser softphone account on Asterisk now, and the login session it belongs
 * to. Kept so a restarted daemon knows what it pushed: the password itself is stored nowhere.
 */
export const softphoneCredentials = sqliteTable('softphone_credentials', {
  agentId: text('agent_id').primaryKey(),
  sessionId: integer('session_id').notNull(),
  issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});
