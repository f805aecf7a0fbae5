import { and, eq, gt, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import type { Principal } from './access.js';
import { sessions, users } from './schema.js';
import { hashSecret, newSecret } from './secrets.js';

/** A token as login hands it out: base64url of 32 random bytes. Anything else is not worth a query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface StartedSession {
  token: string;
  expiresAt: Date;
}

/**
 * Login sessions. The bearer token goes to the client once; the database keeps only its SHA-256,
 * so a copy of the database does not let anyone in.
 */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly sessionHours: number,
  ) {}

  start(userId: number): StartedSession {
    const token = newSecret(32);
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.sessionHours * 3_600_000);
    this.db
      .insert(sessions)
      .values({ tokenHash: hashSecret(token), userId, createdAt: now, expiresAt })
      .run();
    return { token, expiresAt };
  }

  /** The user behind a token, or null when the token is unknown, expired, revoked or its user disabled. */
  resolve(token: string): Principal | null {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = this.db
      .select({ id: users.id, username: users.username, role: users.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, hashSecret(token)),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, this.clock()),
          eq(users.disabled, false),
        ),
      )
      .get();
    return row ? { kind: 'user', id: row.id, name: row.username, role: row.role } : null;
  }

  /** The live session behind a token (for things tied to one login, like softphone credentials). */
  liveSession(token: string): { id: number; userId: number; createdAt: Date; expiresAt: Date } | null {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = this.db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        createdAt: sessions.createdAt,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      .where(
        and(
          eq(sessions.tokenHash, hashSecret(token)),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, this.clock()),
        ),
      )
      .get();
    return row ?? null;
  }

  /** Ids among `ids` that are still usable sessions (not expired, revoked, deleted, or of a disabled user). */
  liveIds(ids: readonly number[]): Set<number> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          inArray(sessions.id, [...ids]),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, this.clock()),
          eq(users.disabled, false),
        ),
      )
      .all();
    return new Set(rows.map((row) => row.id));
  }

  /** Logout: returns false when the token was not a live session. */
  end(token: string): boolean {
    const result = this.db
      .update(sessions)
      .set({ revokedAt: this.clock() })
      .where(and(eq(sessions.tokenHash, hashSecret(token)), isNull(sessions.revokedAt)))
      .run();
    return result.changes > 0;
  }

  /** Ends every live session of a user (password reset), optionally keeping the one making the change. */
  endAllForUser(userId: number, keepToken?: string): number {
    const conditions = [
      eq(sessions.userId, userId),
      isNull(sessions.revokedAt),
      gt(sessions.expiresAt, this.clock()),
    ];
    if (keepToken) conditions.push(ne(sessions.tokenHash, hashSecret(keepToken)));
    return this.db
      .update(sessions)
      .set({ revokedAt: this.clock() })
      .where(and(...conditions))
      .run().changes;
  }

  /** Deletes sessions that can no longer be used, so the table does not grow forever. */
  pruneDead(): number {
    const now = this.clock();
    return this.db
      .delete(sessions)
      .where(or(lte(sessions.expiresAt, now), lte(sessions.revokedAt, now)))
      .run().changes;
  }
}
