import { EventEmitter } from 'node:events';
import type { TicketStatus } from './schema.js';

/** What changed on a ticket, by field: `{ priority: { from: 'normal', to: 'high' } }`. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * Events out of the ticket service, emitted after the change is committed. SLA timers, webhooks
 * and the knowledge base subscribe here instead of reaching into the routes.
 */
export interface TicketEventMap {
  'ticket.created': [{ ticketId: number; by: string; at: Date }];
  'ticket.updated': [
    { ticketId: number; by: string; at: Date; changes: FieldChanges; worklogEntryId?: number },
  ];
  'ticket.status-changed': [{ ticketId: number; by: string; at: Date; from: TicketStatus; to: TicketStatus }];
  'ticket.call-linked': [{ ticketId: number; by: string; at: Date; callId: number }];
}

export class TicketEvents extends EventEmitter<TicketEventMap> {}
