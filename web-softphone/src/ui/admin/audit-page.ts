import { locale, t } from '../../i18n/i18n.js';
import { ApiError, api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { describeError } from '../banner.js';
import { downloadFile } from '../reports/download.js';
import { type AuditFilter, auditQuery, isoOfLocalInput } from './audit-query.js';
import { mountView } from './view.js';

/** The audit log for admins: who did what and when, filtered, a page at a time, exportable as CSV. */

interface AuditEntry {
  id: number;
  at: string;
  actorType: 'user' | 'api_key' | 'cli' | 'system' | 'anonymous';
  actorId: number | null;
  actorName: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown> | null;
  ip: string | null;
}

const PAGE_SIZE = 50;
const OUTCOME_TONE = { ok: 'tone-ok', denied: 'tone-wait', failed: 'tone-bad' } as const;

export function mountAuditPage(root: HTMLElement): () => void {
  /** What the form shows (typed, not yet applied) and what the table was loaded with. */
  const draft: AuditFilter = { action: '', since: '', until: '' };
  let applied: AuditFilter = { ...draft };
  let offset = 0;
  let items: AuditEntry[] = [];
  let more = false;
  let loading = true;
  let error: string | null = null;
  let exporting = false;
  let request = 0;

  const load = async () => {
    const mine = ++request;
    loading = true;
    error = null;
    view.redraw();
    try {
      // One row more than shown tells whether an older page exists.
      const query = auditQuery(applied, { limit: PAGE_SIZE + 1, offset });
      const answer = await api<{ items: AuditEntry[] }>('GET', `/api/audit?${query}`);
      if (mine !== request) return;
      more = answer.items.length > PAGE_SIZE;
      items = answer.items.slice(0, PAGE_SIZE);
    } catch (err) {
      if (mine !== request) return;
      error = refusal(err);
      items = [];
      more = false;
    }
    loading = false;
    view.redraw();
  };

  const apply = (e: Event) => {
    e.preventDefault();
    const since = isoOfLocalInput(draft.since);
    const until = isoOfLocalInput(draft.until);
    if (since && until && since > until) {
      error = t('audit.badRange');
      view.redraw();
      return;
    }
    applied = { ...draft };
    offset = 0;
    void load();
  };

  const exportCsv = async () => {
    exporting = true;
    error = null;
    view.redraw();
    try {
      await downloadFile(`/api/audit.csv?${auditQuery(applied)}`, 'switchboard-audit.csv');
    } catch (err) {
      error = refusal(err);
    }
    exporting = false;
    view.redraw();
  };

  const field = (key: keyof AuditFilter, label: string, type: string, hint?: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `audit-${key}` }, label),
      h('input', {
        id: `audit-${key}`,
        'data-testid': `audit-${key}`,
        type,
        value: draft[key],
        placeholder: hint,
        step: type === 'datetime-local' ? 1 : null,
        oninput: (e: Event) => {
          draft[key] = (e.target as HTMLInputElement).value;
        },
      }),
    );

  const render = () =>
    h(
      'div',
      { class: 'page', 'data-testid': 'audit-page' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'audit-title' },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'audit-title' }, t('audit.title')),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              'data-testid': 'audit-export',
              disabled: exporting,
              onclick: () => void exportCsv(),
            },
            t('audit.export'),
          ),
        ),
        h(
          'form',
          { class: 'filters', onsubmit: apply },
          field('action', t('audit.action'), 'text', t('audit.actionHint')),
          field('since', t('audit.since'), 'datetime-local'),
          field('until', t('audit.until'), 'datetime-local'),
          h(
            'div',
            { class: 'filters-actions' },
            h(
              'button',
              { type: 'submit', class: 'btn btn-primary', 'data-testid': 'audit-apply' },
              t('audit.apply'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-ghost',
                onclick: (e: Event) => {
                  Object.assign(draft, { action: '', since: '', until: '' });
                  apply(e);
                },
              },
              t('audit.clear'),
            ),
          ),
        ),
        error
          ? h('p', { class: 'notice notice-bad', role: 'alert', 'data-testid': 'audit-error' }, error)
          : null,
        loading && items.length === 0
          ? h('p', { class: 'muted' }, t('common.loading'))
          : error && items.length === 0
            ? null // "no entries match" would be untrue: nothing was searched.
            : table(items),
        pager(),
      ),
    );

  const pager = () =>
    offset === 0 && !more
      ? null
      : h(
          'div',
          { class: 'pager' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              'data-testid': 'audit-newer',
              disabled: offset === 0 || loading,
              onclick: () => {
                offset = Math.max(0, offset - PAGE_SIZE);
                void load();
              },
            },
            `← ${t('audit.prev')}`,
          ),
          h(
            'span',
            { class: 'muted small' },
            items.length > 0 ? t('audit.page', { first: offset + 1, last: offset + items.length }) : '',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              'data-testid': 'audit-older',
              disabled: !more || loading,
              onclick: () => {
                offset += PAGE_SIZE;
                void load();
              },
            },
            `${t('audit.next')} →`,
          ),
        );

  const view = mountView(root, render);
  void load();
  return () => {
    request++;
    view.unmount();
  };
}

/** A 400 names the filter the API refused: its own sentence says what to change. */
function refusal(err: unknown): string {
  if (err instanceof ApiError && err.status === 400) return t('audit.refused', { message: err.message });
  return describeError(err);
}

function table(items: AuditEntry[]): Node {
  if (items.length === 0) return h('p', { class: 'muted', 'data-testid': 'audit-empty' }, t('audit.empty'));
  const heads = [
    'audit.at',
    'audit.actor',
    'audit.action',
    'audit.target',
    'audit.outcome',
    'audit.details',
    'audit.ip',
  ] as const;
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'table', 'data-testid': 'audit-table' },
      h('thead', {}, h('tr', {}, ...heads.map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        {},
        ...items.map((row) => {
          const cells: Node[] = [
            h('time', { datetime: row.at }, new Date(row.at).toLocaleString(locale())),
            actor(row),
            h('code', {}, row.action),
            row.target ?? t('common.none'),
            h('span', { class: `chip ${OUTCOME_TONE[row.outcome]}` }, t(`audit.outcome.${row.outcome}`)),
            details(row.details),
            row.ip ?? t('common.none'),
          ].map((c) => (typeof c === 'string' ? document.createTextNode(c) : c));
          return h(
            'tr',
            { 'data-testid': 'audit-row', 'data-action': row.action, 'data-outcome': row.outcome },
            ...cells.map((c, i) => h('td', { 'data-label': t(heads[i]!) }, c)),
          );
        }),
      ),
    ),
  );
}

function actor(row: AuditEntry): Node {
  if (row.actorType === 'cli' || row.actorType === 'system' || row.actorType === 'anonymous')
    return h('span', { class: 'muted' }, row.actorName ?? t(`audit.actor.${row.actorType}`));
  const name = row.actorName ?? `#${row.actorId ?? '?'}`;
  return h(
    'span',
    {},
    name,
    row.actorType === 'api_key' ? h('span', { class: 'muted small' }, ' (API)') : null,
  );
}

function details(value: Record<string, unknown> | null): Node {
  if (value === null || Object.keys(value).length === 0) return document.createTextNode(t('common.none'));
  const text = JSON.stringify(value);
  return h(
    'code',
    { class: 'audit-details', title: text },
    text.length > 120 ? `${text.slice(0, 117)}…` : text,
  );
}
