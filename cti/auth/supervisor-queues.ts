import { asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { acdQueues } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import { AuthRuleError } from './rule-error.js';
import { scopeChanged } from './scope-changes.js';
import { supervisorQueues } from './scope-schema.js';

/** Whose queues: a supervisor user or a supervisor API key. */
export type Supervisor = { userId: number } | { apiKeyId: number };

/** What a replacement changed, for the audit log. */
export interface QueueChange {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

/**
 * The queues each supervisor (user or API key) watches and acts on. Whether the holder is a
 * supervisor is the caller's check; this service checks the queues exist and replaces sets whole.
 */
export class SupervisorQueueStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  of(supervisor: Supervisor): string[] {
    return this.db
      .select({ queueId: supervisorQueues.queueId })
      .from(supervisorQueues)
      .where(this.owner(supervisor))
      .orderBy(asc(supervisorQueues.queueId))
      .all()
      .map((r) => r.queueId);
  }

  /** Every API key's queues by key id (keys with none are absent). */
  byApiKey(): Map<number, string[]> {
    return this.grouped(supervisorQueues.apiKeyId);
  }

  /** Every user's queues by user id (users with none are absent): one read for a whole list. */
  byUser(): Map<number, string[]> {
    return this.grouped(supervisorQueues.userId);
  }

  /** Refuses (400) naming every queue id that does not exist; returns the ids sorted, once each. */
  checkQueues(queueIds: readonly string[]): string[] {
    const wanted = [...new Set(queueIds)].sort();
    if (wanted.length === 0) return wanted;
    const known = new Set(
      this.db
        .select({ id: acdQueues.id })
        .from(acdQueues)
        .where(inArray(acdQueues.id, wanted))
        .all()
        .map((r) => r.id),
    );
    const unknown = wanted.filter((q) => !known.has(q));
    if (unknown.length > 0) {
      const names = unknown.map((q) => `"${q}"`).join(', ');
      throw new AuthRuleError(
        'invalid',
        unknown.length === 1 ? `queue ${names} does not exist` : `queues ${names} do not exist`,
      );
    }
    return wanted;
  }

  /**
   * Replaces the whole set in one transaction; unknown queues change nothing. A real change is
   * announced (scopeChanged) so open supervisor sockets are re-scoped at once.
   */
  replace(supervisor: Supervisor, queueIds: readonly string[]): QueueChange {
    const after = this.checkQueues(queueIds);
    const change = this.db.transaction((tx) => {
      const before = tx
        .select({ queueId: supervisorQueues.queueId })
        .from(supervisorQueues)
        .where(this.owner(supervisor))
        .orderBy(asc(supervisorQueues.queueId))
        .all()
        .map((r) => r.queueId);
      tx.delete(supervisorQueues).where(this.owner(supervisor)).run();
      const createdAt = this.clock();
      for (const queueId of after)
        tx.insert(supervisorQueues)
          .values({ ...supervisor, queueId, createdAt })
          .run();
      return {
        before,
        after,
        added: after.filter((q) => !before.includes(q)),
        removed: before.filter((q) => !after.includes(q)),
      };
    });
    if (change.added.length > 0 || change.removed.length > 0) scopeChanged(this.db);
    return change;
  }

  private grouped(column: typeof supervisorQueues.userId | typeof supervisorQueues.apiKeyId) {
    const rows = this.db
      .select({ owner: column, queueId: supervisorQueues.queueId })
      .from(supervisorQueues)
      .where(isNotNull(column))
      .orderBy(asc(supervisorQueues.queueId))
      .all();
    const map = new Map<number, string[]>();
    for (const r of rows) map.set(r.owner!, [...(map.get(r.owner!) ?? []), r.queueId]);
    return map;
  }

  private owner(supervisor: Supervisor) {
    return 'userId' in supervisor
      ? eq(supervisorQueues.userId, supervisor.userId)
      : eq(supervisorQueues.apiKeyId, supervisor.apiKeyId);
  }
}
