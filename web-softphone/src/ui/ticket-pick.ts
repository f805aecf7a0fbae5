import { api } from '../lib/api.js';
import type { TicketMode } from '../lib/tickets.js';
import { getState, update } from '../store.js';

/** Categories of tickets already asked for; the screen-pop does not carry them. */
const categories = new Map<number, string | null>();

/**
 * Sets the call's ticket choice. Linking a ticket also looks up its category, which the
 * knowledge panel suggests articles for; a failed look-up only means no category.
 */
export function pickTicket(
  callId: number,
  mode: TicketMode,
  ticketId: number | null,
  category?: string,
): void {
  const known = ticketId !== null ? categories.get(ticketId) : undefined;
  update({
    ticketPick: {
      callId,
      mode,
      ticketId: mode === 'link' ? ticketId : null,
      category: mode === 'new' ? (category?.trim() ?? '') || null : mode === 'link' ? (known ?? null) : null,
    },
  });
  if (mode !== 'link' || ticketId === null || categories.has(ticketId)) return;
  void api<{ category?: string | null }>('GET', `/api/tickets/${ticketId}`)
    .then((ticket) => {
      const category = ticket?.category ?? null;
      categories.set(ticketId, category);
      const pick = getState().ticketPick;
      if (pick?.callId === callId && pick.mode === 'link' && pick.ticketId === ticketId)
        update({ ticketPick: { ...pick, category } });
    })
    .catch(() => {
      // Suggestions go on without the category; the link itself is unaffected.
    });
}

/** The choice for this call, or "no ticket" when nothing was chosen yet. */
export function ticketPickOf(callId: number): { mode: TicketMode; ticketId: number | null } {
  const pick = getState().ticketPick;
  return pick?.callId === callId ? pick : { mode: 'none', ticketId: null };
}
