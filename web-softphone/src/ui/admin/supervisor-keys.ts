import { t } from '../../i18n/i18n.js';
import { h } from '../../lib/dom.js';

/**
 * Supervisor API keys (wallboards, integrations) and their queues, read-only: a key's queues are
 * given when it is made (POST /api/api-keys), so this list only shows who sees what.
 */

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  role: 'admin' | 'supervisor' | 'agent';
  revokedAt: string | null;
  queues?: string[];
}

/** The keys worth listing: supervisor keys still in use. */
export function supervisorKeys(keys: readonly ApiKeyRow[]): ApiKeyRow[] {
  return keys.filter((k) => k.role === 'supervisor' && k.revokedAt === null);
}

export function renderSupervisorKeys(keys: readonly ApiKeyRow[], queueName: (id: string) => string): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'supq-keys-title', 'data-testid': 'supq-keys' },
    h('div', { class: 'card-head' }, h('h2', { id: 'supq-keys-title' }, t('supq.keys'))),
    h('p', { class: 'muted' }, t('supq.keysIntro')),
    keys.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'supq-keys-empty' }, t('supq.noKeys'))
      : h(
          'ul',
          { class: 'supq-keys' },
          ...keys.map((k) =>
            h(
              'li',
              { 'data-testid': 'supq-key', 'data-name': k.name },
              h('strong', {}, k.name),
              ' ',
              h('code', {}, `${k.prefix}…`),
              ': ',
              h(
                'span',
                { 'data-testid': 'supq-key-queues' },
                (k.queues ?? []).map(queueName).join(', ') || t('supq.nothing'),
              ),
            ),
          ),
        ),
  );
}
