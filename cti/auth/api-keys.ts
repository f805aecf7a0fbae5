import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import type { Principal } from './access.js';
import { AuthRuleError } from './rule-error.js';
import { apiKeys, type Role } from './schema.js';
import { hashSecret, newSecret } from './secrets.js';

/**
 * `sb_<8 hex>_<43 base64url>`: the prefix is stored in clear so people can tell keys apart in lists
 * and logs; the whole key is stored only as its SHA-256.
 */
const KEY_SHAPE = /^sb_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** last_used_at is a hint for spotting stale keys; writing it once a minute per key is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyRecord {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Keys for integrations (CRM, wallboards); made by admins, each with one role. */
export class ApiKeyStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** Returns the key itself, which is never shown again, and its record. */
  create(input: { name: string; role: Role; createdBy: number | null }): {
    key: string;
    record: ApiKeyRecord;
  } {
    const prefix = `sb_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${newSecret(32)}`;
    const row = this.db
      .insert(apiKeys)
      .values({
        name: input.name.trim(),
        keyPrefix: prefix,
        keyHash: hashSecret(key),
        role: input.role,
        createdBy: input.createdBy,
        createdAt: this.clock(),
      })
      .returning()
      .get();
    return { key, record: toRecord(row) };
  }

  list(): ApiKeyRecord[] {
    return this.db.select().from(apiKeys).orderBy(desc(apiKeys.id)).all().map(toRecord);
  }

  /** Revokes a key; revoking it again changes nothing (`changed` is then false). */
  revoke(id: number): { record: ApiKeyRecord; changed: boolean } {
    const row = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row) throw new AuthRuleError('not_found', `API key ${id} not found`);
    if (row.revokedAt) return { record: toRecord(row), changed: false };
    const revoked = this.db
      .update(apiKeys)
      .set({ revokedAt: this.clock() })
      .where(eq(apiKeys.id, id))
      .returning()
      .get();
    return { record: toRecord(revoked), changed: true };
  }

  /** The caller behind a key, or null when the key is malformed, unknown or revoked. */
  resolve(key: string): Principal | null {
    if (!KEY_SHAPE.test(key)) return null;
    // Looking up by hash keeps the comparison out of JavaScript: nothing to time but an index probe.
    const row = this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashSecret(key)))
      .get();
    if (!row || row.revokedAt) return null;
    const now = this.clock();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
    }
    return { kind: 'api_key', id: row.id, name: row.name, role: row.role };
  }
}

function toRecord(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  const { keyHash: _secret, keyPrefix, ...rest } = row;
  return { ...rest, prefix: keyPrefix };
}
