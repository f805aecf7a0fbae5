/**
 * Tickets as the agent desktop handles them: the caller's open tickets from the screen-pop and
 * what the wrap-up sends about them (cti/desktop/wrap-up-routes.ts). Pure, so it is tested without
 * a browser.
 */
import type { IvrInput } from './ivr-model.js';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** A caller's ticket that still needs work, as the screen-pop lists it. */
export interface OpenTicket {
  id: number;
  subject: string;
  status: string;
  priority: string;
  updatedAt: string;
}

/** What the agent chose for the call's ticket; the screen-pop and the wrap-up share it. */
export type TicketMode = 'link' | 'new' | 'none';

/** Colour of a status chip: new and open are being worked on, pending waits, resolved is done. */
export function statusTone(status: string): 'busy' | 'wait' | 'ok' | 'off' {
  if (status === 'pending') return 'wait';
  if (status === 'resolved') return 'ok';
  if (status === 'closed') return 'off';
  return 'busy';
}

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

export function isTicketPriority(value: string): value is TicketPriority {
  return (TICKET_PRIORITIES as readonly string[]).includes(value);
}

export const SUBJECT_MAX = 200;
export const CATEGORY_MAX = 64;

/**
 * The IVR menus the caller chose their way through, for a new ticket's subject: the nodes where
 * they pressed a key, in order ("menu › billing"). Collected digits (account numbers, PINs) are
 * left out on purpose: a subject is seen by everyone who lists tickets.
 */
export function ivrChoiceTrail(ivr: IvrInput | null | undefined): string | null {
  if (!ivr) return null;
  const chosen = ivr.steps.filter((s) => /^option\b|pressed|key\b/i.test(s.outcome)).map((s) => s.node);
  const nodes = chosen.length > 0 ? chosen : ivr.steps.slice(0, -1).map((s) => s.node);
  const unique = nodes.filter((n, i) => n !== '' && nodes[i - 1] !== n);
  return unique.length > 0 ? unique.join(' › ') : null;
}

/** Cut to the API's limit on a character boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export interface TicketDraft {
  mode: TicketMode;
  ticketId: number | null;
  subject: string;
  category: string;
  priority: TicketPriority;
  /** Becomes the new ticket's description when it has something in it. */
  notes: string;
}

export type TicketPart =
  | { ticketId: number }
  | { newTicket: { subject: string; description?: string; category?: string; priority: TicketPriority } }
  | Record<string, never>;

/** Why the ticket part cannot be sent yet, or null when it can. */
export function ticketProblem(draft: TicketDraft): 'needTicket' | 'needSubject' | null {
  if (draft.mode === 'link' && draft.ticketId === null) return 'needTicket';
  if (draft.mode === 'new' && draft.subject.trim() === '') return 'needSubject';
  return null;
}

/** The `ticketId` or `newTicket` field of the wrap-up POST (nothing for "no ticket"). */
export function ticketPart(draft: TicketDraft): TicketPart {
  if (draft.mode === 'link' && draft.ticketId !== null) return { ticketId: draft.ticketId };
  if (draft.mode !== 'new') return {};
  const category = draft.category.trim();
  const description = draft.notes.trim();
  return {
    newTicket: {
      subject: clip(draft.subject, SUBJECT_MAX),
      ...(description !== '' ? { description } : {}),
      ...(category !== '' ? { category: clip(category, CATEGORY_MAX) } : {}),
      priority: draft.priority,
    },
  };
}
