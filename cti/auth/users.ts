import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { hashPassword } from './passwords.js';
import { AuthRuleError } from './rule-error.js';
import { type Role, type UserRow, users } from './schema.js';

/** A user as the API shows it: everything but the password hash. */
export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  password: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

/** Each changed field with its old and new value: what the audit log keeps of an edit. */
export type UserDiff = Partial<Record<keyof UserChanges, { from: unknown; to: unknown }>>;

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
const USERNAME = new RegExp(USERNAME_PATTERN);

/** Usernames compare case-insensitively ("Alice" and "alice" are one person), so they are stored lower-case. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Users and their rules: unique names, passwords of sane length, and never zero enabled admins. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  list(): PublicUser[] {
    return this.db.select().from(users).orderBy(asc(users.username)).all().map(toPublicUser);
  }

  count(): number {
    return this.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  get(id: number): PublicUser {
    return toPublicUser(this.row(id));
  }

  findByUsername(username: string): PublicUser | undefined {
    const row = this.loginRow(username);
    return row ? toPublicUser(row) : undefined;
  }

  /** The row with its password hash, for the login check only. */
  loginRow(username: string): UserRow | undefined {
    return this.db
      .select()
      .from(users)
      .where(eq(users.username, normaliseUsername(username)))
      .get();
  }

  async create(input: NewUser): Promise<PublicUser> {
    const username = normaliseUsername(input.username);
    if (!USERNAME.test(username)) {
      throw new AuthRuleError(
        'invalid',
        `username ${JSON.stringify(input.username)} is not allowed: 1-64 letters, digits, ".", "_", "@" or "-"`,
      );
    }
    this.refuseDuplicate(username);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock();
    const displayName = input.displayName?.trim() || username;
    try {
      const row = this.db
        .insert(users)
        .values({ username, displayName, role: input.role, passwordHash, createdAt: now, updatedAt: now })
        .returning()
        .get();
      return toPublicUser(row);
    } catch (err) {
      // Someone else took the name while the password was being hashed.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') this.refuseDuplicate(username);
      throw err;
    }
  }

  /** Applies the changes and returns the user before and after plus a diff of what really changed. */
  update(id: number, changes: UserChanges): { before: PublicUser; after: PublicUser; diff: UserDiff } {
    return this.db.transaction((tx) => {
      const before = toPublicUser(this.row(id, tx));
      const losesAdmin =
        (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
      if (losesAdmin) this.refuseLosingLastAdmin(before, changes.disabled ? 'disable' : 'demote', tx);
      const diff = diffOf(before, changes);
      if (Object.keys(diff).length === 0) return { before, after: before, diff };
      const row = tx
        .update(users)
        .set({ ...changes, displayName: changes.displayName?.trim(), updatedAt: this.clock() })
        .where(eq(users.id, id))
        .returning()
        .get();
      return { before, after: toPublicUser(row), diff };
    });
  }

  async setPassword(id: number, password: string): Promise<PublicUser> {
    this.row(id);
    const passwordHash = await hashPassword(password);
    return this.storePasswordHash(id, passwordHash);
  }

  /** Stores a hash made elsewhere (login re-hashes with stronger parameters). */
  storePasswordHash(id: number, passwordHash: string): PublicUser {
    const row = this.db
      .update(users)
      .set({ passwordHash, updatedAt: this.clock() })
      .where(eq(users.id, id))
      .returning()
      .get();
    if (!row) throw new AuthRuleError('not_found', `user ${id} not found`);
    return toPublicUser(row);
  }

  delete(id: number): PublicUser {
    return this.db.transaction((tx) => {
      const user = toPublicUser(this.row(id, tx));
      this.refuseLosingLastAdmin(user, 'delete', tx);
      tx.delete(users).where(eq(users.id, id)).run();
      return user;
    });
  }

  private row(id: number, db: Pick<Db, 'select'> = this.db): UserRow {
    const row = db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw new AuthRuleError('not_found', `user ${id} not found`);
    return row;
  }

  private refuseDuplicate(username: string): void {
    const taken = this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
    if (taken)
      throw new AuthRuleError('conflict', `username "${username}" is already taken (user ${taken.id})`);
  }

  private refuseLosingLastAdmin(
    user: PublicUser,
    change: 'delete' | 'demote' | 'disable',
    db: Pick<Db, 'select'>,
  ): void {
    if (user.role !== 'admin' || user.disabled) return;
    const otherAdmins =
      db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, user.id)))
        .get()?.n ?? 0;
    if (otherAdmins === 0) {
      throw new AuthRuleError(
        'conflict',
        `cannot ${change} user "${user.username}": it is the last enabled admin; make another user admin first`,
      );
    }
  }
}

function diffOf(before: PublicUser, changes: UserChanges): UserDiff {
  const diff: UserDiff = {};
  if (changes.displayName !== undefined && changes.displayName.trim() !== before.displayName) {
    diff.displayName = { from: before.displayName, to: changes.displayName.trim() };
  }
  if (changes.role !== undefined && changes.role !== before.role)
    diff.role = { from: before.role, to: changes.role };
  if (changes.disabled !== undefined && changes.disabled !== before.disabled) {
    diff.disabled = { from: before.disabled, to: changes.disabled };
  }
  return diff;
}

export function toPublicUser(row: UserRow): PublicUser {
  const { passwordHash: _secret, ...user } = row;
  return user;
}
