import { locale, t } from '../i18n/i18n.js';
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { callLength, displayNumber, formatClock, formatDuration, shiftStart } from '../lib/format.js';
import { type AppState, update } from '../store.js';
import type { ShiftCall } from '../types.js';
import { describeError } from './banner.js';

/** The agent's calls since the start of the shift (GET /api/me/calls). */

const data: {
  items: ShiftCall[] | null;
  error: string | null;
  loadedFor: number;
  loading: boolean;
  version: number;
} = {
  items: null,
  error: null,
  loadedFor: -1,
  loading: false,
  version: 0,
};

export function historyVersion(): number {
  return data.version;
}

export async function loadHistory(forVersion: number): Promise<void> {
  data.loading = true;
  data.loadedFor = forVersion;
  try {
    const since = shiftStart(new Date()).toISOString();
    const answer = await api<{ items: ShiftCall[] }>(
      'GET',
      `/api/me/calls?since=${encodeURIComponent(since)}`,
    );
    data.items = answer.items ?? [];
    data.error = null;
  } catch (err) {
    data.error = describeError(err);
  }
  data.loading = false;
  data.version++;
  update({});
}

export function renderHistory(s: AppState): Node {
  if (data.loadedFor !== s.historyVersion && !data.loading && !s.noAgent) void loadHistory(s.historyVersion);
  const dispositionLabel = (code: string | null) =>
    code ? (s.dispositions.find((d) => d.code === code)?.label ?? code) : t('common.none');
  const items = data.items ?? [];
  return h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-title', 'data-testid': 'call-history' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'history-title' }, t('history.title')),
      data.items ? h('span', { class: 'muted small' }, t('history.count', { count: items.length })) : null,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-testid': 'history-refresh',
          onclick: () => void loadHistory(s.historyVersion),
        },
        t('history.refresh'),
      ),
    ),
    data.error ? h('p', { class: 'field-error', role: 'alert' }, data.error) : null,
    data.items === null && !data.error
      ? h('p', { class: 'muted' }, t('common.loading'))
      : items.length === 0
        ? h('p', { class: 'muted' }, t('history.empty'))
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...(
                  [
                    'history.time',
                    'history.caller',
                    'history.queue',
                    'history.length',
                    'history.disposition',
                  ] as const
                ).map((k) => h('th', { scope: 'col' }, t(k))),
              ),
            ),
            h(
              'tbody',
              {},
              ...items.map((c) => {
                const len = callLength(c.answeredAt, c.endedAt);
                return h(
                  'tr',
                  { 'data-call-id': c.callId },
                  h(
                    'td',
                    { 'data-label': t('history.time') },
                    formatClock(c.answeredAt ?? c.endedAt, locale()),
                  ),
                  h(
                    'td',
                    { 'data-label': t('history.caller') },
                    displayNumber(c.callerNumber) ?? t('common.withheld'),
                  ),
                  h(
                    'td',
                    { 'data-label': t('history.queue') },
                    c.queue ? c.queue.name || c.queue.id : t('common.none'),
                  ),
                  h(
                    'td',
                    { 'data-label': t('history.length') },
                    len === null ? t('common.none') : formatDuration(len),
                  ),
                  h(
                    'td',
                    { 'data-label': t('history.disposition') },
                    dispositionLabel(c.disposition?.code ?? null),
                  ),
                );
              }),
            ),
          ),
  );
}
