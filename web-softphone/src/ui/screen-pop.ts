import { locale, t } from '../i18n/i18n.js';
import { h } from '../lib/dom.js';
import { displayNumber, formatDateTime, formatDuration } from '../lib/format.js';
import { type IvrPathView, ivrPathView } from '../lib/ivr-model.js';
import { isTicketPriority, isTicketStatus, statusTone } from '../lib/tickets.js';
import type { AppState } from '../store.js';
import { pickTicket, ticketPickOf } from './ticket-pick.js';

/** Who is calling and how they got here, from the agent websocket's screen-pop. */
export function renderScreenPop(s: AppState): Node {
  const pop = s.pop;
  if (!pop) {
    return h(
      'section',
      {
        class: 'card pop pop-empty',
        'data-testid': 'screen-pop',
        'data-empty': 'true',
        'aria-labelledby': 'pop-title',
      },
      h('div', { class: 'card-head' }, h('h2', { id: 'pop-title' }, t('pop.title'))),
      h('p', { class: 'muted' }, t('pop.empty')),
    );
  }
  const statusTone = s.popStatus === 'answered' ? 'busy' : s.popStatus === 'ended' ? 'off' : 'wait';
  const path = ivrPathView(pop.ivr);
  return h(
    'section',
    {
      class: 'card pop',
      'data-testid': 'screen-pop',
      'data-call-id': pop.callId,
      'data-status': s.popStatus,
      'aria-labelledby': 'pop-title',
      'aria-live': 'polite',
    },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'pop-title' }, t('pop.title')),
      h(
        'span',
        { class: `chip tone-${statusTone}`, 'data-testid': 'pop-status' },
        t(`pop.status.${s.popStatus}`),
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact(t('pop.caller'), displayNumber(pop.callerNumber) ?? t('common.withheld'), 'pop-caller', true),
      fact(t('pop.dialled'), displayNumber(pop.dialedNumber) ?? t('common.none'), 'pop-dialled'),
      fact(t('pop.queue'), pop.queue.name || pop.queue.id, 'pop-queue'),
      fact(t('pop.waited'), formatDuration(pop.waitedMs), 'pop-waited'),
    ),
    openTickets(s),
    ivrSection(path),
    previousCalls(s),
  );
}

function fact(label: string, value: string, testid: string, big = false): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-testid': testid, class: big ? 'big' : '' }, value)];
}

function ivrSection(path: IvrPathView | null): Node {
  if (!path) {
    return h(
      'div',
      { class: 'ivr', 'data-testid': 'ivr-path', 'data-empty': 'true' },
      h('h3', {}, t('pop.ivr')),
      h('p', { class: 'muted' }, t('pop.noIvr')),
    );
  }
  return h(
    'div',
    { class: 'ivr', 'data-testid': 'ivr-path' },
    h('h3', {}, t('pop.ivr'), ' ', h('span', { class: 'muted small' }, path.flowLabel)),
    h(
      'ol',
      { class: 'steps' },
      ...path.steps.map((step) =>
        h(
          'li',
          {
            class: `step step-${step.kind}`,
            'data-testid': 'ivr-step',
            'aria-label': t('pop.step', { n: step.number }),
          },
          h('span', { class: 'step-node' }, step.node),
          h('span', { class: 'step-outcome' }, step.outcome),
          step.digits ? h('kbd', { class: 'step-digits', 'data-testid': 'ivr-digits' }, step.digits) : null,
        ),
      ),
    ),
    path.keysPressed
      ? h(
          'p',
          { class: 'small' },
          h('span', { class: 'muted' }, `${t('pop.keys')}: `),
          h('strong', {}, path.keysPressed),
        )
      : null,
    path.variables.length > 0
      ? h(
          'div',
          { class: 'vars' },
          h('h4', {}, t('pop.variables')),
          h(
            'dl',
            { class: 'facts facts-compact', 'data-testid': 'ivr-variables' },
            ...path.variables.flatMap((v) => [h('dt', {}, v.name), h('dd', {}, v.value)]),
          ),
        )
      : null,
  );
}

function previousCalls(s: AppState): Node {
  const calls = s.pop?.previousCalls ?? [];
  return h(
    'div',
    { class: 'previous', 'data-testid': 'previous-calls' },
    h('h3', {}, t('pop.previous')),
    calls.length === 0
      ? h('p', { class: 'muted small' }, t('pop.noPrevious'))
      : h(
          'ul',
          { class: 'plain' },
          ...calls.map((c) =>
            h(
              'li',
              {},
              h('span', {}, formatDateTime(c.startedAt, locale())),
              h(
                'span',
                { class: `chip ${c.answeredAt ? 'tone-ok' : 'tone-off'}` },
                c.answeredAt ? t('pop.prevAnswered') : t('pop.prevMissed'),
              ),
            ),
          ),
        ),
  );
}

/** The caller's open tickets; pressing one marks it as the ticket the wrap-up links the call to. */
function openTickets(s: AppState): Node {
  const pop = s.pop;
  const tickets = pop?.openTickets ?? [];
  if (!pop) return h('div');
  const pick = ticketPickOf(pop.callId);
  const linked = pick.mode === 'link' ? pick.ticketId : null;
  return h(
    'div',
    { class: 'tickets', 'data-testid': 'open-tickets' },
    h(
      'h3',
      { id: 'pop-tickets-title' },
      t('pop.tickets'),
      ' ',
      h('span', { class: 'muted small' }, tickets.length),
    ),
    tickets.length === 0
      ? h('p', { class: 'muted small' }, t('pop.noTickets'))
      : [
          h('p', { class: 'muted small', id: 'pop-tickets-hint' }, t('pop.ticketsHint')),
          h(
            'ul',
            { class: 'ticket-list', 'aria-labelledby': 'pop-tickets-title' },
            ...tickets.map((ticket) => {
              const chosen = ticket.id === linked;
              return h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'ticket-row',
                    id: `pop-ticket-${ticket.id}`,
                    'data-testid': 'open-ticket',
                    'data-ticket-id': ticket.id,
                    'aria-pressed': chosen ? 'true' : 'false',
                    'aria-describedby': 'pop-tickets-hint',
                    onclick: () =>
                      pickTicket(pop.callId, chosen ? 'none' : 'link', chosen ? null : ticket.id),
                  },
                  h(
                    'span',
                    { class: 'ticket-line' },
                    h('span', { class: 'ticket-id' }, `#${ticket.id}`),
                    h('span', { class: 'ticket-subject' }, ticket.subject),
                  ),
                  h(
                    'span',
                    { class: 'ticket-meta' },
                    h(
                      'span',
                      { class: `chip tone-${statusTone(ticket.status)}`, 'data-testid': 'ticket-status' },
                      isTicketStatus(ticket.status) ? t(`ticket.status.${ticket.status}`) : ticket.status,
                    ),
                    h(
                      'span',
                      { class: `ticket-priority prio-${ticket.priority}` },
                      t('ticket.priorityIs', {
                        priority: isTicketPriority(ticket.priority)
                          ? t(`ticket.priority.${ticket.priority}`)
                          : ticket.priority,
                      }),
                    ),
                    h('span', { class: 'muted' }, formatDateTime(ticket.updatedAt, locale())),
                    chosen ? h('span', { class: 'ticket-chosen' }, t('pop.ticketChosen')) : null,
                  ),
                ),
              );
            }),
          ),
        ],
  );
}
