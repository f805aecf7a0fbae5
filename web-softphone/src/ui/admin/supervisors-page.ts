import { t } from '../../i18n/i18n.js';
import { api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { describeError } from '../banner.js';
import { type Card, newCard, type QueueRow, renderCard, type SupervisorUser } from './supervisor-card.js';
import { type ApiKeyRow, renderSupervisorKeys, supervisorKeys } from './supervisor-keys.js';
import { mountView } from './view.js';

/**
 * Admins give each supervisor the queues they watch and act on (PUT /api/users/:id/queues), and
 * see the supervisor API keys' queues. Three requests whatever the number of supervisors: the user
 * list carries each supervisor's queues.
 */

interface UserRow extends SupervisorUser {
  role: 'admin' | 'supervisor' | 'agent';
  queues?: string[];
}

export function mountSupervisorsPage(root: HTMLElement): () => void {
  let cards: Card[] = [];
  let queues: QueueRow[] = [];
  let keys: ApiKeyRow[] = [];
  let loading = true;
  let error: string | null = null;
  let alive = true;

  const load = async () => {
    try {
      const [users, stats, apiKeys] = await Promise.all([
        api<{ items: UserRow[] }>('GET', '/api/users'),
        api<{ items: QueueRow[] }>('GET', '/api/acd/queues'),
        api<{ items: ApiKeyRow[] }>('GET', '/api/api-keys'),
      ]);
      queues = [...stats.items].sort((a, b) => (a.name || a.queueId).localeCompare(b.name || b.queueId));
      cards = users.items.filter((u) => u.role === 'supervisor').map((u) => newCard(u, u.queues ?? []));
      keys = supervisorKeys(apiKeys.items);
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
      const answer = await api<{ queues: string[] }>('PUT', `/api/users/${card.user.id}/queues`, {
        queues: [...card.chosen].sort(),
      });
      card.saved = answer.queues;
      card.chosen = new Set(answer.queues);
      card.status = {
        kind: 'ok',
        text: t('supq.saved', {
          name: card.user.displayName || card.user.username,
          queues: answer.queues.map(queueName).join(', ') || t('supq.nothing'),
        }),
      };
    } catch (err) {
      card.status = { kind: 'error', text: describeError(err) };
    }
    card.saving = false;
    if (alive) view.redraw();
  };

  const queueName = (id: string) => queues.find((q) => q.queueId === id)?.name || id;
  const handlers = { redraw: () => view.redraw(), save: (card: Card) => void save(card) };

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
        ? h('ul', { class: 'supq-list' }, ...cards.map((card) => renderCard(card, queues, handlers)))
        : null,
      !loading && !error ? renderSupervisorKeys(keys, queueName) : null,
    );

  const view = mountView(root, render);
  void load();
  return () => {
    alive = false;
    view.unmount();
  };
}
