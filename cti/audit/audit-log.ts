import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/access.js';
import type { Db } from '../infra/db/client.js';
import { type AuditRow, auditLog } from './schema.js';

export type AuditActor =
  | { type: 'user' | 'api_key'; id: number; name: string }
  | { type: 'cli' | 'system' | 'anonymous'; name?: string };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  target?: string;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
  ip?: string;
}

export function actorOf(principal: Principal | null, fallbackName?: string): AuditActor {
  if (!principal) return fallbackName ? { type: 'anonymous', name: fallbackName } : { type: 'anonymous' };
  return { type: principal.kind, id: principal.id, name: principal.name };
}

/** Append-only: logins and every change an admin makes. Secrets never go into details. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  record(entry: AuditEntry): void {
    const actor = entry.actor;
    this.db
      .insert(auditLog)
      .values({
        at: this.clock(),
        actorType: actor.type,
        actorId: 'id' in actor ? actor.id : null,
        actorName: actor.name ?? null,
        action: entry.action,
        target: entry.target ?? null,
        outcome: entry.outcome ?? 'ok',
        details: entry.details ?? null,
        ip: entry.ip ?? null,
      })
      .run();
  }

  list(filter: { action?: string; since?: Date; until?: Date; limit: number; offset: number }): AuditRow[] {
    const conditions: SQL[] = [];
    if (filter.action) conditions.push(eq(auditLog.action, filter.action));
    if (filter.since) conditions.push(gte(auditLog.at, filter.since));
    if (filter.until) conditions.push(lte(auditLog.at, filter.until));
    return this.db
      .select()
      .from(auditLog)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(filter.limit)
      .offset(filter.offset)
      .all();
  }
}
