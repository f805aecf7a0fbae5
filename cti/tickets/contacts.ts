import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { callerKey, normalisePhone, phoneKey } from './phones.js';
import { type ContactRow, contactPhones, contacts } from './schema.js';
import { TicketRuleError } from './ticket-error.js';

export interface ContactInput {
  name: string;
  phones?: string[];
  email?: string | null;
}

export interface ContactJson {
  id: number;
  name: string;
  email: string | null;
  phones: string[];
  createdAt: string;
  updatedAt: string;
}

/** Customers and their numbers; a caller is matched to a contact by number. */
export class Contacts {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** The numbers normalised, or a refusal naming the first that is not a number. */
  normalisePhones(phones: readonly string[], where = 'contact.phones'): string[] {
    return phones.map((raw, i) => {
      const normalised = normalisePhone(raw);
      if (normalised === null)
        throw new TicketRuleError(
          'bad_request',
          `${where}[${i}]: "${raw}" is not a phone number (digits, optionally a leading +, spaces and dashes allowed)`,
        );
      return normalised;
    });
  }

  create(input: ContactInput): ContactRow {
    const phones = this.normalisePhones(input.phones ?? []);
    const now = this.clock();
    return this.db.transaction(() => {
      const row = this.db
        .insert(contacts)
        .values({ name: input.name.trim(), email: input.email ?? null, createdAt: now, updatedAt: now })
        .returning()
        .get();
      this.addPhones(row.id, phones);
      return row;
    });
  }

  /** An existing contact with one of these numbers, else a new one. */
  findOrCreate(input: ContactInput): ContactRow {
    const phones = this.normalisePhones(input.phones ?? []);
    const existing = this.byPhoneKeys(phones.map(phoneKey))[0];
    return existing ?? this.create(input);
  }

  byId(id: number): ContactRow | undefined {
    return this.db.select().from(contacts).where(eq(contacts.id, id)).get();
  }

  /** Contacts the caller number matches, oldest first (a shared office number can match several). */
  byCallerNumber(callerNumber: string | null): ContactRow[] {
    const key = callerKey(callerNumber);
    return key === null ? [] : this.byPhoneKeys([key]);
  }

  search(filter: { phone?: string; q?: string; limit: number }): ContactRow[] {
    if (filter.phone !== undefined) {
      const [normalised] = this.normalisePhones([filter.phone], 'phone');
      return this.byPhoneKeys([phoneKey(normalised!)]).slice(0, filter.limit);
    }
    const q = filter.q?.trim();
    return this.db
      .select()
      .from(contacts)
      .where(
        q
          ? or(
              sql`${contacts.name} LIKE ${`%${escapeLike(q)}%`} ESCAPE '\\'`,
              sql`${contacts.email} LIKE ${`%${escapeLike(q)}%`} ESCAPE '\\'`,
            )
          : undefined,
      )
      .orderBy(asc(contacts.name), asc(contacts.id))
      .limit(filter.limit)
      .all();
  }

  phonesOf(contactIds: readonly number[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (contactIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(contactPhones)
      .where(inArray(contactPhones.contactId, [...contactIds]))
      .orderBy(contactPhones.id)
      .all();
    for (const row of rows) out.set(row.contactId, [...(out.get(row.contactId) ?? []), row.phone]);
    return out;
  }

  toJson(row: ContactRow, phones?: string[]): ContactJson {
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      phones: phones ?? this.phonesOf([row.id]).get(row.id) ?? [],
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  private byPhoneKeys(keys: readonly string[]): ContactRow[] {
    if (keys.length === 0) return [];
    const ids = this.db
      .selectDistinct({ id: contactPhones.contactId })
      .from(contactPhones)
      .where(inArray(contactPhones.phoneKey, [...keys]))
      .all()
      .map((r) => r.id);
    if (ids.length === 0) return [];
    return this.db.select().from(contacts).where(inArray(contacts.id, ids)).orderBy(contacts.id).all();
  }

  private addPhones(contactId: number, phones: readonly string[]): void {
    for (const phone of phones)
      this.db
        .insert(contactPhones)
        .values({ contactId, phone, phoneKey: phoneKey(phone) })
        .onConflictDoNothing()
        .run();
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
