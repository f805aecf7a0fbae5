import { t } from '../../i18n/i18n.js';
import { h } from '../../lib/dom.js';

/** One supervisor's card on #admin/supervisors: the queues ticked, saved with its own button. */

export interface SupervisorUser {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
}

export interface QueueRow {
  queueId: string;
  name: string;
}

/** What is stored, what the admin has ticked, and how the last save went. */
export interface Card {
  user: SupervisorUser;
  saved: string[];
  chosen: Set<string>;
  saving: boolean;
  status: { kind: 'ok' | 'error'; text: string } | null;
}

export function newCard(user: SupervisorUser, saved: string[]): Card {
  return { user, saved, chosen: new Set(saved), saving: false, status: null };
}

export function renderCard(
  card: Card,
  queues: readonly QueueRow[],
  on: { redraw: () => void; save: (card: Card) => void },
): Node {
  const changed = !sameSet(card.chosen, card.saved);
  const key = card.user.username;
  return h(
    'li',
    { class: 'card supq-card', 'data-testid': 'supervisor-card', 'data-username': key },
    h(
      'div',
      { class: 'card-head' },
      h(
        'h3',
        { id: `supq-name-${card.user.id}` },
        card.user.displayName || key,
        card.user.displayName && card.user.displayName !== key
          ? h('span', { class: 'muted small' }, ` (${key})`)
          : null,
      ),
      card.user.disabled ? h('span', { class: 'chip tone-off' }, t('supq.disabled')) : null,
      h('span', { class: 'muted small' }, t('supq.count', { count: card.chosen.size, total: queues.length })),
    ),
    h(
      'fieldset',
      { class: 'check-grid', 'aria-labelledby': `supq-name-${card.user.id}` },
      ...queues.map((q) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            'data-testid': `supq-${key}-${q.queueId}`,
            value: q.queueId,
            checked: card.chosen.has(q.queueId),
            disabled: card.saving,
            onchange: (e: Event) => {
              if ((e.target as HTMLInputElement).checked) card.chosen.add(q.queueId);
              else card.chosen.delete(q.queueId);
              card.status = null;
              on.redraw();
            },
          }),
          h(
            'span',
            {},
            q.name || q.queueId,
            q.name && q.name !== q.queueId ? h('code', {}, q.queueId) : null,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'row-end supq-actions' },
      card.status
        ? h(
            'p',
            {
              class: card.status.kind === 'ok' ? 'supq-ok small' : 'notice notice-bad small',
              role: card.status.kind === 'ok' ? 'status' : 'alert',
              'data-testid': `supq-status-${key}`,
            },
            card.status.text,
          )
        : changed
          ? h('span', { class: 'muted small' }, t('supq.unsaved'))
          : null,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-testid': `supq-save-${key}`,
          disabled: !changed || card.saving,
          onclick: () => on.save(card),
        },
        card.saving ? t('supq.saving') : t('supq.save'),
      ),
    ),
  );
}

function sameSet(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}
