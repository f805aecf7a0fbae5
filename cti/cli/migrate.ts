import { resolve } from 'node:path';
import { AuditLog } from '../audit/audit-log.js';
import { applyMigrations, openDatabase } from '../infra/db/client.js';
import { cliActor } from './actor.js';
import type { CliCommand } from './command.js';
import { migrationStatus } from './database.js';
import { EXIT } from './io.js';
import { loadCliSettings } from './settings.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'create the database or bring its tables up to date',
  usage: 'migrate [--config FILE]',
  flags: [],
  async run({ flags, env, io }) {
    const settings = loadCliSettings(env, flags.config);
    const path = resolve(settings.database.path);
    const handle = openDatabase(path);
    try {
      const before = migrationStatus(handle);
      applyMigrations(handle);
      if (before.pending > 0) {
        new AuditLog(handle.db).record({
          actor: cliActor(),
          action: 'db.migrate',
          target: path,
          details: { applied: before.pending, known: before.known },
        });
      }
      io.stdout.write(
        `database ${path}: applied ${before.pending} migration(s); ${before.known} of ${before.known} in place\n`,
      );
      return EXIT.ok;
    } finally {
      handle.close();
    }
  },
};
