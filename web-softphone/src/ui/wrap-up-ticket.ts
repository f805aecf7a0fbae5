import { t } from '../i18n/i18n.js';
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import {
  CATEGORY_MAX,
  ivrChoiceTrail,
  type OpenTicket,
  SUBJECT_MAX,
  TICKET_PRIORITIES,
  type TicketDraft,
  type TicketMode,
  type TicketPriority,
  ticketProblem,
} from '../lib/tickets.js';
import type { WrapUp } from '../store.js';
import { pickTicket, ticketPickOf } from './ticket-pick.js';

/** The ticket part of the wrap-up: link one of the caller's open tickets, open a new one, or none. */

export interface NewTicketFields {
  subject: string;
  category: string;
  priority: TicketPriority;
}

/** A new ticket's subject from the way the caller came in: the queue, and the IVR menus they chose. */
export function suggestedSubject(wrap: WrapUp): string {
  const pop = wrap.pop;
  if (!pop) return '';
  const queue = pop.queue.name || pop.queue.id;
  const path = ivrChoiceTrail(pop.ivr);
  return path ? t('ticket.subjectIvr', { queue, path }) : t('ticket.subjectQueue', { queue });
}

export function ticketDraftOf(wrap: WrapUp, fields: NewTicketFields, notes: string): TicketDraft {
  const pick = ticketPickOf(wrap.callId);
  return { ...fields, mode: pick.mode, ticketId: pick.ticketId, notes };
}

/** Ticket categories are free text, shared with the knowledge base: its categories are good guesses. */
let knownCategories: string[] | null = null;
function loadCategories(redraw: () => void): void {
  if (knownCategories !== null) return;
  knownCategories = [];
  void api<{ items?: { name: string }[] }>('GET', '/api/knowledge/categories')
    .then((answer) => {
      knownCategories = (answer?.items ?? []).map((c) => c.name).filter((n) => n !== '');
      if (knownCategories.length > 0) redraw();
    })
    .catch(() => {
      // Without suggestions the field is still free text.
    });
}

export function renderTicketPart(
  wrap: WrapUp,
  fields: NewTicketFields,
  tried: boolean,
  redraw: () => void,
): Node {
  const tickets: OpenTicket[] = wrap.pop?.openTickets ?? [];
  const pick = ticketPickOf(wrap.callId);
  const problem = tried ? ticketProblem(ticketDraftOf(wrap, fields, '')) : null;
  const choose = (mode: TicketMode) => {
    const ticketId = mode === 'link' ? (pick.ticketId ?? tickets[0]?.id ?? null) : null;
    pickTicket(wrap.callId, mode, ticketId, fields.category);
  };
  if (pick.mode === 'new') loadCategories(redraw);
  const modes: TicketMode[] = ['link', 'new', 'none'];
  return h(
    'fieldset',
    { class: 'ticket-part' },
    h('legend', {}, t('wrap.ticket')),
    h(
      'div',
      { class: 'segmented', role: 'radiogroup', 'data-testid': 'wrap-up-ticket-choice' },
      ...modes.map((mode) =>
        h(
          'label',
          { class: 'seg' },
          h('input', {
            type: 'radio',
            name: 'wrap-ticket-mode',
            id: `wrap-ticket-${mode}`,
            value: mode,
            checked: pick.mode === mode,
            disabled: mode === 'link' && tickets.length === 0,
            onchange: () => choose(mode),
          }),
          h('span', {}, t(`wrap.ticket.${mode}`)),
        ),
      ),
    ),
    pick.mode === 'link'
      ? [
          h('label', { for: 'wrap-ticket-select' }, t('wrap.ticketToLink')),
          h(
            'select',
            {
              id: 'wrap-ticket-select',
              'data-testid': 'wrap-up-ticket-select',
              'aria-invalid': problem === 'needTicket' ? 'true' : null,
              onchange: (e: Event) => {
                const id = Number((e.target as HTMLSelectElement).value);
                pickTicket(wrap.callId, 'link', Number.isInteger(id) && id > 0 ? id : null);
              },
            },
            pick.ticketId === null
              ? h('option', { value: '', selected: true }, t('wrap.ticketChoose'))
              : null,
            ...tickets.map((ticket) =>
              h(
                'option',
                { value: ticket.id, selected: ticket.id === pick.ticketId },
                `#${ticket.id} · ${ticket.subject}`,
              ),
            ),
          ),
          problem === 'needTicket' ? h('p', { class: 'field-error' }, t('wrap.needTicket')) : null,
        ]
      : null,
    pick.mode === 'new'
      ? [
          h('label', { for: 'wrap-ticket-subject' }, t('wrap.ticketSubject')),
          h('input', {
            id: 'wrap-ticket-subject',
            type: 'text',
            value: fields.subject,
            maxlength: SUBJECT_MAX,
            required: true,
            'data-testid': 'wrap-up-new-ticket-subject',
            'aria-invalid': problem === 'needSubject' ? 'true' : null,
            'aria-describedby': problem === 'needSubject' ? 'wrap-ticket-subject-error' : null,
            oninput: (e: Event) => {
              fields.subject = (e.target as HTMLInputElement).value;
            },
          }),
          problem === 'needSubject'
            ? h('p', { class: 'field-error', id: 'wrap-ticket-subject-error' }, t('wrap.needSubject'))
            : null,
          h(
            'div',
            { class: 'field-pair' },
            h(
              'div',
              {},
              h('label', { for: 'wrap-ticket-category' }, t('wrap.ticketCategory')),
              h('input', {
                id: 'wrap-ticket-category',
                type: 'text',
                value: fields.category,
                maxlength: CATEGORY_MAX,
                list: 'wrap-ticket-categories',
                placeholder: t('wrap.ticketCategoryHint'),
                'data-testid': 'wrap-up-new-ticket-category',
                oninput: (e: Event) => {
                  fields.category = (e.target as HTMLInputElement).value;
                },
                // The knowledge panel follows the category once it is typed, not at every key.
                onchange: () => pickTicket(wrap.callId, 'new', null, fields.category),
              }),
              h(
                'datalist',
                { id: 'wrap-ticket-categories' },
                ...(knownCategories ?? []).map((name) => h('option', { value: name })),
              ),
            ),
            h(
              'div',
              {},
              h('label', { for: 'wrap-ticket-priority' }, t('wrap.ticketPriority')),
              h(
                'select',
                {
                  id: 'wrap-ticket-priority',
                  'data-testid': 'wrap-up-new-ticket-priority',
                  onchange: (e: Event) => {
                    fields.priority = (e.target as HTMLSelectElement).value as TicketPriority;
                  },
                },
                ...TICKET_PRIORITIES.map((p) =>
                  h('option', { value: p, selected: p === fields.priority }, t(`ticket.priority.${p}`)),
                ),
              ),
            ),
          ),
          h('p', { class: 'muted small' }, t('wrap.ticketNotesGoWith')),
        ]
      : null,
  );
}
