import { dirname, join, resolve } from 'node:path';
import type { AppDeps } from '../deps.js';
import type { Db } from '../infra/db/client.js';
import { type AttachmentSettings, TicketAttachments } from './attachments.js';
import { Tickets } from './ticket-service.js';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface TicketServices {
  tickets: Tickets;
  attachments: TicketAttachments;
}

/** The app's dependencies, where a test may fix the attachment settings. */
export type TicketDeps = AppDeps & { ticketAttachments?: Partial<AttachmentSettings> };

/**
 * Attachment settings, read once: SWITCHBOARD_TICKET_ATTACHMENTS_DIR (default: attachments/ beside
 * the database) and SWITCHBOARD_TICKET_ATTACHMENT_MAX_BYTES (default 10 MiB). A bad value stops start-up.
 */
export function attachmentSettings(
  databasePath: string,
  env: NodeJS.ProcessEnv = process.env,
): AttachmentSettings {
  const rawMax = env.SWITCHBOARD_TICKET_ATTACHMENT_MAX_BYTES;
  const maxBytes = rawMax === undefined || rawMax === '' ? DEFAULT_ATTACHMENT_MAX_BYTES : Number(rawMax);
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    throw new Error(
      `SWITCHBOARD_TICKET_ATTACHMENT_MAX_BYTES: "${rawMax}" is not a positive whole number of bytes`,
    );
  const base = databasePath === ':memory:' ? resolve('var') : dirname(resolve(databasePath));
  return { dir: env.SWITCHBOARD_TICKET_ATTACHMENTS_DIR || join(base, 'attachments'), maxBytes };
}

const perDatabase = new WeakMap<Db, TicketServices>();

/**
 * One ticket service (and so one TicketEvents emitter) per database, shared by the ticket routes,
 * the wrap-up and anything that subscribes to events later.
 */
export function ticketServices(deps: TicketDeps): TicketServices {
  const known = perDatabase.get(deps.db);
  if (known) return known;
  const tickets = new Tickets(deps.db, deps.clock);
  const settings = { ...attachmentSettings(deps.settings.database.path), ...deps.ticketAttachments };
  const services = { tickets, attachments: new TicketAttachments(deps.db, tickets, deps.clock, settings) };
  perDatabase.set(deps.db, services);
  return services;
}
