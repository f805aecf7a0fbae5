import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import type { Settings } from '../config/settings.js';
import { AmiConnection } from '../infra/ami/connection.js';
import type { ProbeResult } from '../infra/ari/probe.js';
import { openDatabase } from '../infra/db/client.js';
import { migrationStatus } from './database.js';

const AMI_TIMEOUT_MS = 5000;

/** The database file exists, opens, answers, and has every migration applied. Never creates it. */
export function checkDatabase(settings: Settings): ProbeResult {
  const path = resolve(settings.database.path);
  if (!existsSync(path)) return { ok: false, detail: `${path} does not exist; run "switchboard migrate"` };
  let handle: ReturnType<typeof openDatabase> | null = null;
  try {
    handle = openDatabase(path);
    handle.db.run(sql`select 1`);
    const status = migrationStatus(handle);
    if (status.pending > 0) {
      return {
        ok: false,
        detail: `${path}: ${status.pending} of ${status.known} migrations not applied; run "switchboard migrate"`,
      };
    }
    return { ok: true, detail: `${path} opens; all ${status.known} migrations applied` };
  } catch (err) {
    return { ok: false, detail: `${path} cannot be used: ${(err as Error).message}` };
  } finally {
    handle?.close();
  }
}

/** Logs in to AMI once; null when AMI is not configured. */
export async function checkAmi(settings: Settings): Promise<ProbeResult | null> {
  if (!settings.ami) return null;
  const { host, port } = settings.ami;
  const connection = new AmiConnection(settings.ami, pino({ level: 'silent' }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((done) => {
    timer = setTimeout(
      () => done({ ok: false, detail: `AMI at ${host}:${port} gave no answer within ${AMI_TIMEOUT_MS} ms` }),
      AMI_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([connection.start(), timeout]);
  } finally {
    clearTimeout(timer);
    connection.stop();
  }
}
