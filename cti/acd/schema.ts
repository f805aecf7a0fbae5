import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/schema.js';
import { calls } from '../calls/schema.js';
import type { AgentState, DecisionTrace, QueueConfig } from './engine/types.js';

/** A queue as administrators configure it; `config` is the engine's QueueConfig without the id. */
export const acdQueues = sqliteTable('acd_queues', {
  id: text('id').primaryKey(),
  config: text('config', { mode: 'json' }).notNull().$type<Omit<QueueConfig, 'id'>>(),
  mohClass: text('moh_class'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** An agent: a user who takes calls, with skills (1-10), queues, and the device that rings. */
export const agents = sqliteTable('agents', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .unique()
    .references(() => users.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  skills: text('skills', { mode: 'json' }).notNull().$type<Record<string, number>>(),
  queues: text('queues', { mode: 'json' }).notNull().$type<string[]>(),
  /** Dial string of the agent's phone, e.g. PJSIP/agent-alice (set at softphone login) or a Local channel. */
  device: text('device'),
  state: text('state').notNull().$type<AgentState>(),
  stateReason: text('state_reason'),
  stateSince: integer('state_since', { mode: 'timestamp_ms' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Every agent state change with its time, for reports. */
export const agentStateLog = sqliteTable(
  'agent_state_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agentId: text('agent_id').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    reason: text('reason'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('agent_state_log_agent_at').on(table.agentId, table.at)],
);

/** A caller's stay in a queue: when they came, how they left (answered, abandoned, overflow). */
export const queueEntries = sqliteTable(
  'queue_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    queueId: text('queue_id').notNull(),
    priority: integer('priority').notNull(),
    skills: text('skills', { mode: 'json' }).notNull().$type<Array<{ skill: string; minLevel: number }>>(),
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }).notNull(),
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
    outcome: text('outcome', { enum: ['answered', 'abandoned', 'overflow', 'removed'] }),
    agentId: text('agent_id'),
  },
  (table) => [
    index('queue_entries_queue_enqueued').on(table.queueId, table.enqueuedAt),
    // the agent report: calls an agent answered in a range
    index('queue_entries_agent_left').on(table.agentId, table.leftAt),
  ],
);

/** Every offer to an agent with the decision trace that chose them. */
export const acdOffers = sqliteTable(
  'acd_offers',
  {
    id: text('id').primaryKey(),
    callId: integer('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    queueId: text('queue_id').notNull(),
    agentId: text('agent_id').notNull(),
    offeredAt: integer('offered_at', { mode: 'timestamp_ms' }).notNull(),
    outcome: text('outcome', { enum: ['answered', 'no-answer', 'busy', 'failed', 'cancelled'] }),
    outcomeAt: integer('outcome_at', { mode: 'timestamp_ms' }),
    trace: text('trace', { mode: 'json' }).notNull().$type<DecisionTrace>(),
  },
  (table) => [
    index('acd_offers_call').on(table.callId),
    // the agent report: offers to an agent in a range
    index('acd_offers_agent_offered').on(table.agentId, table.offeredAt),
  ],
);

/** A call's recording, with the spans paused for card numbers. */
export const callRecordings = sqliteTable('call_recordings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  callId: integer('call_id')
    .notNull()
    .references(() => calls.id, { onDelete: 'cascade' }),
  name: text('name').notNull().unique(),
  format: text('format').notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  durationSeconds: integer('duration_seconds'),
  markers: text('markers', { mode: 'json' })
    .notNull()
    .$type<Array<{ kind: 'pause' | 'resume'; at: string; by: string }>>(),
});
