import type { Test } from 'tap';
import { queueEntries } from '../../cti/acd/schema.js';
import { auditLog } from '../../cti/audit/schema.js';
import {
  contactPhones,
  contacts,
  ticketAttachments,
  ticketCalls,
  tickets,
  ticketWorklog,
} from '../../cti/tickets/schema.js';
import { injectJson, type TestAppOverrides } from '../helpers/app.js';
import { type DesktopFixture, desktopFixture } from '../helpers/softphone-fixture.js';

export type Headers = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked with t.match, field by field
export type Json = any;

export interface TicketFixture extends DesktopFixture {
  asAdmin: Headers;
  asSupervisor: Headers;
  post(url: string, headers: Headers, payload: unknown): Promise<{ status: number; body: Json }>;
  patch(url: string, headers: Headers, payload: unknown): Promise<{ status: number; body: Json }>;
  get(url: string, headers: Headers): Promise<{ status: number; body: Json }>;
  /** Creates a ticket as `headers` (default an admin) and returns its JSON. */
  ticket(payload: Record<string, unknown>, headers?: Headers): Promise<Json>;
  /** Every row of the ticket tables, to show that a refusal changed nothing. */
  snapshot(): unknown;
  /** The caller of `callId` waited in `queueId` (agents of that queue may see its unassigned tickets). */
  queued(callId: number, queueId?: string): void;
}

export async function ticketFixture(t: Test, overrides: TestAppOverrides = {}): Promise<TicketFixture> {
  const f = await desktopFixture(t, overrides);
  const admin = (await f.signedIn('admin')).headers;
  const supervisor = (await f.signedIn('supervisor')).headers;
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: unknown) =>
    injectJson<Json>(f.app, method, url, headers, payload);
  const db = f.database.db;
  return {
    ...f,
    asAdmin: admin,
    asSupervisor: supervisor,
    post: (url, headers, payload) => call('POST', url, headers, payload),
    patch: (url, headers, payload) => call('PATCH', url, headers, payload),
    get: (url, headers) => call('GET', url, headers),
    async ticket(payload, headers = admin) {
      const res = await call('POST', '/api/tickets', headers, payload);
      t.equal(res.status, 201, `ticket created: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    snapshot: () => ({
      tickets: db.select().from(tickets).all(),
      worklog: db.select().from(ticketWorklog).all(),
      calls: db.select().from(ticketCalls).all(),
      attachments: db.select().from(ticketAttachments).all(),
      contacts: db.select().from(contacts).all(),
      phones: db.select().from(contactPhones).all(),
      audit: db.select().from(auditLog).all().length,
    }),
    queued(callId, queueId = 'support') {
      db.insert(queueEntries)
        .values({ callId, queueId, priority: 0, skills: [], enqueuedAt: f.clock.now(), outcome: 'answered' })
        .run();
    },
  };
}
