import { t } from '../i18n/i18n.js';
import { ApiError, api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { displayNumber } from '../lib/format.js';
import { ticketPart, ticketProblem } from '../lib/tickets.js';
import { type AppState, showBanner, update } from '../store.js';
import type { WrapUpAnswer } from '../types.js';
import { reportError } from './banner.js';
import { type NewTicketFields, renderTicketPart, suggestedSubject, ticketDraftOf } from './wrap-up-ticket.js';

/** After a call: outcome, notes and the call's ticket, with the queue's wrap-up time counting down. */

interface Draft {
  disposition: string;
  notes: string;
  saving: boolean;
  tried: boolean;
  ticket: NewTicketFields;
  /** The server's refusal (4xx), shown in the form until the next try. */
  refused: string | null;
}

const drafts = new Map<number, Draft>();
let version = 0;

export function wrapUpVersion(): number {
  return version;
}

function touch(): void {
  version++;
  update({});
}

export function renderWrapUp(s: AppState): Node | null {
  const wrap = s.wrap;
  if (!wrap) return null;
  let draft = drafts.get(wrap.callId);
  if (!draft) {
    draft = {
      disposition: '',
      notes: '',
      saving: false,
      tried: false,
      ticket: { subject: suggestedSubject(wrap), category: '', priority: 'normal' },
      refused: null,
    };
    drafts.set(wrap.callId, draft);
  }
  const d = draft;
  const until = wrap.startedAt + wrap.seconds * 1000;
  const missing = d.tried && d.disposition === '';

  const submit = async (e: Event) => {
    e.preventDefault();
    d.tried = true;
    d.refused = null;
    const ticket = ticketDraftOf(wrap, d.ticket, d.notes);
    if (d.disposition === '' || ticketProblem(ticket) !== null || d.saving) {
      touch();
      return;
    }
    d.saving = true;
    touch();
    try {
      const answer = await api<WrapUpAnswer | undefined>('POST', `/api/calls/${wrap.callId}/wrap-up`, {
        disposition: d.disposition,
        notes: d.notes,
        ...ticketPart(ticket),
      });
      drafts.delete(wrap.callId);
      update((st) => ({
        wrap: st.wrap?.callId === wrap.callId ? null : st.wrap,
        ticketPick: st.ticketPick?.callId === wrap.callId ? null : st.ticketPick,
        historyVersion: st.historyVersion + 1,
        pop: st.popStatus === 'ended' && st.pop?.callId === wrap.callId ? null : st.pop,
      }));
      const linked = answer?.ticket;
      showBanner(
        'ok',
        linked
          ? t(linked.created ? 'wrap.savedTicketCreated' : 'wrap.savedTicketLinked', { id: linked.id })
          : t('wrap.saved'),
      );
    } catch (err) {
      d.saving = false;
      // A refusal (bad ticket, already wrapped up, not your call) belongs next to the form; 401 signs out.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401)
        d.refused = err.message;
      else reportError(err);
      touch();
    }
  };

  return h(
    'section',
    {
      class: 'card wrap tone-border-wait',
      'data-testid': 'wrap-up',
      'data-call-id': wrap.callId,
      'aria-labelledby': 'wrap-title',
    },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'wrap-title' }, t('wrap.title')),
      h(
        'span',
        { class: 'muted small' },
        t('wrap.forCall', { caller: displayNumber(wrap.callerNumber) ?? t('common.withheld') }),
      ),
    ),
    wrap.seconds > 0
      ? h(
          'div',
          { class: 'countdown' },
          h('progress', {
            max: wrap.seconds,
            value: Math.max(0, (until - Date.now()) / 1000),
            'data-until': until,
            'aria-hidden': 'true',
          }),
          h('span', {
            class: 'countdown-text',
            role: 'timer',
            'data-testid': 'wrap-up-countdown',
            'data-until': until,
            'data-template': t('wrap.left', { seconds: '{seconds}' }),
            'data-done': t('wrap.overdue'),
          }),
        )
      : null,
    h(
      'form',
      { onsubmit: submit, novalidate: true },
      h('label', { for: 'wrap-disposition' }, t('wrap.disposition')),
      h(
        'select',
        {
          id: 'wrap-disposition',
          'data-testid': 'wrap-up-disposition',
          required: true,
          'aria-invalid': missing ? 'true' : null,
          'aria-describedby': missing ? 'wrap-disposition-error' : null,
          onchange: (e: Event) => {
            d.disposition = (e.target as HTMLSelectElement).value;
            touch();
          },
        },
        h('option', { value: '', selected: d.disposition === '' }, t('wrap.choose')),
        ...s.dispositions.map((o) =>
          h('option', { value: o.code, selected: o.code === d.disposition }, o.label),
        ),
      ),
      missing
        ? h('p', { class: 'field-error', id: 'wrap-disposition-error' }, t('wrap.needDisposition'))
        : null,
      h('label', { for: 'wrap-notes' }, t('wrap.notes')),
      h(
        'textarea',
        {
          id: 'wrap-notes',
          rows: 4,
          maxlength: 4000,
          placeholder: t('wrap.notesHint'),
          'data-testid': 'wrap-up-notes',
          oninput: (e: Event) => {
            d.notes = (e.target as HTMLTextAreaElement).value;
          },
        },
        d.notes,
      ),
      renderTicketPart(wrap, d.ticket, d.tried, touch),
      d.refused
        ? h(
            'div',
            { class: 'notice notice-bad', role: 'alert', 'data-testid': 'wrap-up-error' },
            h('strong', {}, t('wrap.refused')),
            h('p', {}, d.refused),
          )
        : null,
      h(
        'div',
        { class: 'row-end' },
        h(
          'button',
          { type: 'submit', class: 'btn btn-primary', 'data-testid': 'wrap-up-submit', disabled: d.saving },
          d.saving ? t('wrap.saving') : t('wrap.submit'),
        ),
      ),
    ),
  );
}

/** Called by the ticker every second for [data-until] elements. */
export function tickCountdowns(now: number): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-until]')) {
    const until = Number(el.dataset.until);
    const left = Math.max(0, Math.ceil((until - now) / 1000));
    if (el instanceof HTMLProgressElement) el.value = left;
    else
      el.textContent =
        left > 0 ? (el.dataset.template ?? '').replace('{seconds}', String(left)) : (el.dataset.done ?? '');
    el.classList.toggle('overdue', left === 0);
  }
}
