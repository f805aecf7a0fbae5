import type { TicketStatus } from './schema.js';

/**
 * Where a ticket may go from each status, as helpdesks do it: work moves a new ticket to open or
 * pending (waiting on the customer), resolved can be reopened while the customer still disagrees,
 * and closed is final (a follow-up is a new ticket), so SLA and reports can trust it.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** Statuses a caller's ticket still needs work in: the screen-pop lists these. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending'];

export function transitionRefusal(ticketId: number, from: TicketStatus, to: TicketStatus): string | null {
  const allowed = ALLOWED_TRANSITIONS[from];
  if (allowed.includes(to)) return null;
  return (
    `ticket ${ticketId} cannot go from ${from} to ${to}; ` +
    (allowed.length ? `from ${from} it may go to ${allowed.join(', ')}` : `${from} is final`)
  );
}
