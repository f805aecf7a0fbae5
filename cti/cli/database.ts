import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Settings } from '../config/settings.js';
import { type DbHandle, migrationsDir, openDatabase } from '../infra/db/client.js';
import { CliFailure, EXIT } from './io.js';

export interface MigrationStatus {
  known: number;
  pending: number;
}

/** Migrations in migrations/ that the database has not run yet (drizzle compares their timestamps). */
export function migrationStatus(handle: DbHandle): MigrationStatus {
  const known = readMigrationFiles({ migrationsFolder: migrationsDir() });
  const table = handle.db.get<{ name: string } | undefined>(
    sql`select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'`,
  );
  const last = table
    ? handle.db.get<{ created_at: number } | undefined>(
        sql`select created_at from __drizzle_migrations order by created_at desc limit 1`,
      )
    : undefined;
  const lastApplied = Number(last?.created_at ?? 0);
  return { known: known.length, pending: known.filter((m) => m.folderMillis > lastApplied).length };
}

/** Opens the daemon's database for a command that changes data; it must exist and be fully migrated. */
export function openMigratedDatabase(settings: Settings): DbHandle {
  const path = resolve(settings.database.path);
  if (!existsSync(path)) {
    throw new CliFailure(EXIT.failed, [`database ${path} does not exist; run "switchboard migrate" first`]);
  }
  const handle = openDatabase(path);
  const status = migrationStatus(handle);
  if (status.pending > 0) {
    handle.close();
    throw new CliFailure(EXIT.failed, [
      `database ${path} has ${status.pending} of ${status.known} migrations not applied; run "switchboard migrate" first`,
    ]);
  }
  return handle;
}
