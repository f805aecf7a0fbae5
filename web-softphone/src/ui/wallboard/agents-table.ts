import { t } from '../../i18n/i18n.js';
import { toneOf } from '../../lib/agent-states.js';
import { h } from '../../lib/dom.js';
import { displayNumber, formatDuration } from '../../lib/format.js';
import { stateColour } from './levels.js';
import type { AgentRow, Thresholds } from './types.js';

/** Agents of the chosen queue (or all), with state colours and a live time in state. */
export function renderAgents(
  agents: readonly AgentRow[],
  th: Thresholds | null,
  selected: string | null,
  select: (agentId: string) => void,
): Node {
  if (agents.length === 0) return h('p', { class: 'muted', 'data-testid': 'wb-no-agents' }, t('sup.empty'));
  const now = Date.now();
  const head = ['sup.agent', 'sup.state', 'sup.time', 'wb.call', 'wb.handled', 'wb.aht'] as const;
  return h(
    'table',
    { class: 'table wb-agents-table' },
    h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
    h(
      'tbody',
      {},
      ...agents.map((a) => {
        const since = Date.parse(a.since);
        const inState = now - since;
        const aht = a.today?.averageHandleMs ?? null;
        return h(
          'tr',
          {
            'data-testid': 'wb-agent',
            'data-agent-id': a.id,
            'data-state': a.state,
            class: a.id === selected ? 'wb-selected' : '',
            onclick: () => select(a.id),
          },
          h(
            'td',
            { 'data-label': t('sup.agent') },
            h(
              'button',
              {
                type: 'button',
                class: 'wb-link',
                'data-wb-key': `agent:${a.id}`,
                'aria-pressed': a.id === selected ? 'true' : 'false',
                onclick: (e: Event) => {
                  e.stopPropagation();
                  select(a.id);
                },
              },
              a.name ?? a.id,
            ),
          ),
          h(
            'td',
            { 'data-label': t('sup.state') },
            h(
              'span',
              {
                class: `chip tone-${toneOf(a.state)}`,
                'data-testid': 'wb-agent-state',
                'data-state': a.state,
              },
              h('span', { class: 'dot', 'aria-hidden': 'true' }),
              t(`state.${a.state}`),
              a.state === 'paused' && a.reason ? ` · ${a.reason}` : '',
            ),
          ),
          h(
            'td',
            { 'data-label': t('sup.time') },
            h(
              'span',
              {
                class: 'wb-clock',
                'data-testid': 'wb-agent-time',
                'data-wb-clock': Number.isFinite(since) ? String(since) : '',
                'data-wb-metric': `state:${a.state}`,
                'data-colour': stateColour(th, a.state, inState),
              },
              formatDuration(inState),
            ),
          ),
          h('td', { 'data-label': t('wb.call'), 'data-testid': 'wb-agent-call' }, callCell(a)),
          h(
            'td',
            { 'data-label': t('wb.handled'), 'data-testid': 'wb-agent-handled' },
            String(a.today?.handled ?? 0),
          ),
          h(
            'td',
            { 'data-label': t('wb.aht'), 'data-testid': 'wb-agent-aht', 'data-value': aht ?? '' },
            aht === null ? '—' : formatDuration(aht),
          ),
        );
      }),
    ),
  );
}

function callCell(a: AgentRow): string {
  if (a.call) return displayNumber(a.call.callerNumber) ?? t('common.withheld');
  if (a.state === 'on-call' && a.call === null) return t('wb.callHidden');
  return t('common.none');
}
