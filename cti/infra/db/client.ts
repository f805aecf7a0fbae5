import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../migrations');

export function migrationsDir(): string {
  // Source runs from cti/infra/db, the build from dist/cti/infra/db: find the repo's migrations/ from either.
  const fromSource = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');
  return import.meta.url.includes('/dist/') ? MIGRATIONS_DIR : fromSource;
}

/** Opens the database in WAL mode (readers never block the call-handling writer). */
export function openDatabase(path: string): DbHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  return { db, sqlite, close: () => sqlite.close() };
}

export function applyMigrations(handle: DbHandle): void {
  migrate(handle.db, { migrationsFolder: migrationsDir() });
}
