import { t } from '../../i18n/i18n.js';
import { api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { describeError } from '../banner.js';
import { mountView } from './view.js';

/** Admins give each supervisor the queues they watch and act on (PUT /api/users/:id/queues). */

interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent';
  disabled: boolean;
}

interface QueueRow {
  queueId: string;
  name: string;
}

interface Assignment {
  userId: number;
  queues: string[];
}

/** One supervisor's card: what is stored, what the admin has ticked, and how the last save went. */
interface Card {
  user: UserRow;
  saved: string[];
  chosen: Set<string>;
  saving: boolean;
  status: { kind: 'ok' | 'error'; text: string } | null;
}

export function mountSupervisorsPage(root: HTMLElement): () => void {
  let cards: Card[] = [];
  let queues: QueueRow[] = [];
  let loading = true;
  let error: string | null = null;
  let alive = true;

  const load = async () => {
    try {
      const [users, stats] = await Promise.all([
        api<{ items: UserRow[] }>('GET', '/api/users'),
        api<{ items: QueueRow[] }>('GET', '/api/acd/queues'),
      ]);
      queues = [...stats.items].sort((a, b) => (a.name || a.queueId).localeCompare(b.name || b.queueId));
      const supervisors = users.items.filter((u) => u.role === 'supervisor');
      const assigned = await Promise.all(
        supervisors.map((u) => api<Assignment>('GET', `/api/users/${u.id}/queues`)),
      );
      cards = supervisors.map((user, i) => {
        const saved = assigned[i]?.queues ?? [];
        return { user, saved, chosen: new Set(saved), saving: false, status: null };
      });
    } catch (err) {
      error = describeError(err);
    }
    loading = false;
    if (alive) view.redraw();
  };

  const save = async (card: Card) => {
    card.saving = true;
    card.status = null;
    view.redraw();
    try {
      const answer = await api<Assignment>('PUT', `/api/users/${card.user.id}/queues`, {
        queues: [...card.chosen].sort(),
      });
      card.saved = answer.queues;
      card.chosen = new Set(answer.queues);
      card.status = {
        kind: 'ok',
        text: t('supq.saved', {
          name: card.user.displayName || card.user.username,
          queues: answer.queues.map((q) => queueName(q)).join(', ') || t('supq.nothing'),
        }),
      };
    } catch (err) {
      card.status = { kind: 'error', text: describeError(err) };
    }
    card.saving = false;
    if (alive) view.redraw();
  };

  const queueName = (id: string) => queues.find((q) => q.queueId === id)?.name || id;

  const cardView = (card: Card) => {
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
        h(
          'span',
          { class: 'muted small' },
          t('supq.count', { count: card.chosen.size, total: queues.length }),
        ),
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
                view.redraw();
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
            onclick: () => void save(card),
          },
          card.saving ? t('supq.saving') : t('supq.save'),
        ),
      ),
    );
  };

  const render = () =>
    h(
      'div',
      { class: 'page', 'data-testid': 'supervisors-page' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'supq-title' },
        h('div', { class: 'card-head' }, h('h2', { id: 'supq-title' }, t('supq.title'))),
        h('p', { class: 'muted' }, t('supq.intro')),
        error ? h('p', { class: 'notice notice-bad', role: 'alert' }, error) : null,
        loading
          ? h('p', { class: 'muted' }, t('common.loading'))
          : error
            ? null
            : cards.length === 0
              ? h('p', { class: 'muted', 'data-testid': 'supq-empty' }, t('supq.none'))
              : queues.length === 0
                ? h('p', { class: 'muted' }, t('supq.noQueues'))
                : null,
      ),
      !loading && queues.length > 0 && cards.length > 0
        ? h('ul', { class: 'supq-list' }, ...cards.map(cardView))
        : null,
    );

  const view = mountView(root, render);
  void load();
  return () => {
    alive = false;
    view.unmount();
  };
}

function sameSet(a: ReadonlySet<string>, b: readonly string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}
