// The agent report's reads of queue_entries and acd_offers (report-loader.ts: entriesAnswered,
// offers) search an index by agent and time, not scan the tables, on a database built by the
// checked-in migrations.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t from 'tap';

const MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;

t.test('report loader queries use the agent-and-time indexes', async (t) => {
  const sqlite = new Database(':memory:');
  t.teardown(() => sqlite.close());
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });
  const plan = (sql: string) =>
    (sqlite.prepare(`explain query plan ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail);
  t.match(
    plan(
      `select * from queue_entries inner join calls on calls.id = queue_entries.call_id
       where queue_entries.outcome = 'answered' and queue_entries.agent_id in ('a', 'b')
         and queue_entries.left_at >= 1 and queue_entries.left_at < 2
       order by queue_entries.enqueued_at, queue_entries.id`,
    )[0],
    /^SEARCH queue_entries USING INDEX queue_entries_agent_left \(agent_id=\? AND left_at>\? AND left_at<\?\)/,
    'answered stays by agent and time of answer',
  );
  t.match(
    plan(
      `select agent_id, queue_id, offered_at, outcome from acd_offers
       where agent_id in ('a', 'b') and offered_at >= 1 and offered_at < 2`,
    )[0],
    /^SEARCH acd_offers USING INDEX acd_offers_agent_offered \(agent_id=\? AND offered_at>\? AND offered_at<\?\)/,
    'offers by agent and time offered',
  );
});
