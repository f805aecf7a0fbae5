import { t } from '../i18n/i18n.js';
import { toneOf } from '../lib/agent-states.js';
import { getToken } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { ReconnectingSocket, type SocketStatus } from '../realtime/socket.js';
import { update } from '../store.js';
import type { AgentView, QueueStatsView } from '../types.js';

/** Every agent's state for supervisors and admins: /ws/supervisor's snapshot, then each transition. */

const team = {
  agents: new Map<string, AgentView>(),
  queues: new Map<string, QueueStatsView>(),
  status: 'connecting' as SocketStatus,
  version: 0,
};
let socket: ReconnectingSocket | null = null;

export function teamVersion(): number {
  return team.version;
}

function touch(): void {
  team.version++;
  update({});
}

export function startTeamFeed(onSessionEnded: () => void): void {
  if (socket) return;
  socket = new ReconnectingSocket({
    path: '/ws/supervisor',
    token: getToken,
    onSessionEnded,
    onStatus: (status) => {
      team.status = status;
      touch();
    },
    onMessage: (msg) => {
      if (msg.type === 'snapshot') {
        team.agents = new Map((msg.agents as AgentView[]).map((a) => [a.id, a]));
        team.queues = new Map((msg.queues as QueueStatsView[]).map((q) => [q.queueId, q]));
      } else if (msg.type === 'agent') {
        const id = msg.agentId as string;
        const before = team.agents.get(id);
        team.agents.set(id, {
          id,
          name: (msg.name as string | null) ?? before?.name ?? null,
          state: msg.to as AgentView['state'],
          since: msg.since as string,
          reason: msg.reason as string | undefined,
          queues: before?.queues ?? [],
        });
      } else if (msg.type === 'queue') {
        const q = msg.queue as QueueStatsView;
        team.queues.set(q.queueId, q);
      } else {
        return;
      }
      touch();
    },
  });
  socket.start();
}

export function stopTeamFeed(): void {
  socket?.stop();
  socket = null;
  team.agents.clear();
  team.queues.clear();
}

export function renderTeam(): Node {
  const agents = [...team.agents.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
  const count = (tone: string) => agents.filter((a) => toneOf(a.state) === tone).length;
  return h(
    'section',
    { class: 'card team', 'aria-labelledby': 'team-title', 'data-testid': 'supervisor-view' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'team-title' }, t('sup.title')),
      team.status === 'open'
        ? h(
            'span',
            { class: 'muted small' },
            t('sup.summary', { available: count('ok'), busy: count('busy'), away: count('wait') }),
          )
        : h(
            'span',
            { class: 'chip tone-wait', role: 'status' },
            t(team.status === 'connecting' ? 'conn.connecting' : 'conn.reconnecting'),
          ),
    ),
    team.queues.size > 0
      ? h(
          'ul',
          { class: 'queue-strip' },
          ...[...team.queues.values()].map((q) =>
            h(
              'li',
              { class: `chip ${q.waiting > 0 ? 'tone-wait' : 'tone-off'}` },
              h('strong', {}, q.name || q.queueId),
              ' ',
              t('sup.queueStats', { waiting: q.waiting }),
            ),
          ),
        )
      : null,
    agents.length === 0
      ? h('p', { class: 'muted' }, team.status === 'open' ? t('sup.empty') : t('common.loading'))
      : h(
          'table',
          { class: 'table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...(['sup.agent', 'sup.state', 'sup.time', 'sup.queues'] as const).map((k) =>
                h('th', { scope: 'col' }, t(k)),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...agents.map((a) =>
              h(
                'tr',
                { 'data-agent-id': a.id, 'data-testid': 'team-agent' },
                h('td', { 'data-label': t('sup.agent') }, a.name ?? a.id),
                h(
                  'td',
                  { 'data-label': t('sup.state') },
                  h(
                    'span',
                    { class: `chip tone-${toneOf(a.state)}`, 'data-state': a.state },
                    h('span', { class: 'dot', 'aria-hidden': 'true' }),
                    t(`state.${a.state}`),
                    a.state === 'paused' && a.reason ? ` · ${a.reason}` : '',
                  ),
                ),
                h('td', { 'data-label': t('sup.time') }, h('span', { 'data-since': a.since })),
                h('td', { 'data-label': t('sup.queues') }, a.queues.join(', ') || t('common.none')),
              ),
            ),
          ),
        ),
  );
}
