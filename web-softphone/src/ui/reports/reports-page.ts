import { t } from '../../i18n/i18n.js';
import { ApiError, api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { getState } from '../../store.js';
import { mountView } from '../admin/view.js';
import { describeError } from '../banner.js';
import {
  downloadReport,
  fetchReport,
  type ReportAnswer,
  type ReportRequest,
  recentAgents,
} from './report-api.js';
import { DEFAULT_FIGURE, ReportChart } from './report-chart.js';
import { type Choice, renderFilters } from './report-filters.js';
import { answerDay, dayIn, daysBefore, intervalLabel, presetRange } from './report-format.js';
import { columnLabel, figuresOf, MAX_TABLE_ROWS, renderReportTable } from './report-table.js';
import './reports.css';

/**
 * Historical reports (#reports): supervisors and admins for the queues and agents they may see,
 * agents for themselves. Filters, a chart of one figure, the table, and CSV / Excel downloads of
 * exactly what is shown.
 */
export function mountReportsPage(root: HTMLElement): () => void {
  const ownOnly = getState().user?.role === 'agent';
  // No dates at first: the API then reports today in its own zone, and its answer says which
  // day that is and the zone (`timeZone`) the presets count in from then on.
  const form: ReportRequest = {
    kind: ownOnly ? 'agents' : 'queues',
    from: '',
    to: '',
    interval: 'hour',
    queues: [],
    agents: [],
    skill: '',
  };
  /** The report zone, from the first answer; until then the browser's. */
  let zone: string | null = null;
  let queues: Choice[] = [];
  let agents: Choice[] | null = null;
  let loadingAgents = false;
  /** The report shown and the request it answers (the downloads repeat that request). */
  let shown: { request: ReportRequest; answer: ReportAnswer } | null = null;
  let figure: string | null = null;
  let loading = false;
  let error: string | null = null;
  /** The last request failed: what is shown answers an earlier one. */
  let stale = false;
  let downloading: 'csv' | 'xlsx' | null = null;
  let request = 0;
  let alive = true;
  const chart = new ReportChart();

  const redraw = () => {
    if (alive) view.redraw();
  };
  const drawChart = () => {
    if (!shown || shown.answer.rows.length === 0 || !chart.el.isConnected) return;
    const figures = figuresOf(shown.answer.rows).filter((f) => f.kind !== 'text');
    const chosen = figures.find((f) => f.name === figure) ?? figures[0];
    if (chosen) chart.show(shown.answer, chosen);
  };

  const run = async () => {
    const mine = ++request;
    const asked: ReportRequest = { ...form, queues: [...form.queues], agents: [...form.agents] };
    loading = true;
    error = null;
    redraw();
    try {
      const answer = await fetchReport(asked);
      if (mine !== request) return;
      zone = answer.timeZone;
      if (!asked.from) {
        asked.from = asked.to = answerDay(answer);
        if (!form.from && !form.to) form.from = form.to = asked.from;
      }
      if (shown?.request.kind !== asked.kind) figure = DEFAULT_FIGURE[asked.kind];
      shown = { request: asked, answer };
      stale = false;
      addAgentsFrom(answer);
    } catch (err) {
      if (mine !== request) return;
      error = refusal(err);
      // Unanswered, the zone stays unknown: the browser's day, so the dates can be run again.
      if (!form.from && !form.to) form.from = form.to = dayIn(new Date(), zone);
      stale = shown !== null;
    }
    loading = false;
    redraw();
  };

  const download = async (format: 'csv' | 'xlsx') => {
    if (!shown) return;
    downloading = format;
    error = null;
    redraw();
    try {
      await downloadReport(shown.request, format);
    } catch (err) {
      error = refusal(err);
    }
    downloading = null;
    redraw();
  };

  /** Agents seen in a report join the choices (the API has no agent list). */
  const addAgentsFrom = (answer: ReportAnswer) => {
    if (answer.report === 'queues' || agents === null) return;
    for (const row of answer.rows) {
      const id = String(row.agentId);
      if (!agents.some((a) => a.id === id)) agents.push({ id, name: String(row.agentName ?? id) });
    }
  };

  const loadChoices = async () => {
    if (ownOnly) return;
    try {
      const stats = await api<{ items: Array<{ queueId: string; name: string }> }>('GET', '/api/acd/queues');
      queues = stats.items.map((q) => ({ id: q.queueId, name: q.name || q.queueId }));
    } catch (err) {
      error = describeError(err);
    }
    redraw();
  };

  const loadAgents = async () => {
    if (ownOnly || agents !== null || loadingAgents) return;
    loadingAgents = true;
    const today = dayIn(new Date(), zone);
    try {
      agents = await recentAgents(daysBefore(today, 30), today);
    } catch {
      agents = []; // The filter is then empty; the report itself still says what went wrong.
    }
    loadingAgents = false;
    redraw();
  };

  const render = () =>
    h(
      'div',
      { class: 'page', 'data-testid': 'reports-page' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'reports-title' },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'reports-title' }, t(ownOnly ? 'rep.myTitle' : 'rep.title')),
        ),
        renderFilters({
          form,
          ownOnly,
          queues,
          agents,
          loading,
          changed: () => {
            if (form.kind !== 'queues') void loadAgents();
            redraw();
          },
          run: () => void run(),
          preset: (p) => {
            Object.assign(form, presetRange(p, new Date(), zone));
            if (p === 'last7' && (form.interval === '15m' || form.interval === 'hour')) form.interval = 'day';
            if ((p === 'thisMonth' || p === 'lastMonth') && form.interval !== 'month') form.interval = 'day';
            void run();
          },
        }),
      ),
      error
        ? h('p', { class: 'card notice notice-bad', role: 'alert', 'data-testid': 'report-error' }, error)
        : null,
      shown ? result(shown.answer) : loading ? h('p', { class: 'muted' }, t('common.loading')) : null,
    );

  const result = (answer: ReportAnswer) => {
    const figures = figuresOf(answer.rows).filter((f) => f.kind !== 'text');
    return h(
      'section',
      {
        class: 'card report-result',
        'aria-labelledby': 'report-result-title',
        'aria-busy': loading ? 'true' : null,
      },
      h(
        'div',
        { class: 'card-head' },
        h(
          'div',
          {},
          h(
            'h2',
            { id: 'report-result-title' },
            t(`rep.kind.${answer.report}`),
            ' · ',
            t(`rep.interval.${answer.interval}`),
          ),
          h(
            'p',
            { class: 'muted small', 'data-testid': 'report-covers' },
            t('rep.covers', {
              range: intervalLabel('total', answer.from, answer.to, false),
              zone: answer.timeZone,
            }),
            ' · ',
            t('rep.rows', { count: answer.rows.length }),
          ),
        ),
        h(
          'div',
          { class: 'report-downloads' },
          (['csv', 'xlsx'] as const).map((format) =>
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-secondary',
                'data-testid': `report-${format}`,
                disabled: downloading !== null,
                onclick: () => void download(format),
              },
              t(format === 'csv' ? 'rep.csv' : 'rep.xlsx'),
            ),
          ),
        ),
      ),
      stale ? h('p', { class: 'muted small', 'data-testid': 'report-stale' }, t('rep.stale')) : null,
      answer.report === 'queues'
        ? h(
            'p',
            { class: 'muted small' },
            t('rep.rules', { seconds: answer.shortAbandonSeconds, hours: answer.repeatCallWindowHours }),
          )
        : null,
      answer.rows.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'report-empty' }, t('rep.empty'))
        : [
            h(
              'div',
              { class: 'report-chart-head' },
              h('label', { for: 'report-figure' }, t('rep.chartOf')),
              h(
                'select',
                {
                  id: 'report-figure',
                  'data-testid': 'report-figure',
                  onchange: (e: Event) => {
                    figure = (e.target as HTMLSelectElement).value;
                    redraw();
                  },
                },
                ...figures.map((f) =>
                  h('option', { value: f.name, selected: f.name === figure }, columnLabel(f.name)),
                ),
              ),
            ),
            chart.el,
            renderReportTable(answer),
            answer.rows.length > MAX_TABLE_ROWS
              ? h(
                  'p',
                  { class: 'muted small' },
                  t('rep.truncated', { shown: MAX_TABLE_ROWS, count: answer.rows.length }),
                )
              : null,
          ],
    );
  };

  const view = mountView(root, render, drawChart);
  void loadChoices();
  if (form.kind !== 'queues') void loadAgents();
  void run();
  return () => {
    alive = false;
    request++;
    chart.dispose();
    view.unmount();
  };
}

/** The API's own sentence when it refuses (400 bad filter, 403 out of scope); else the usual wording. */
function refusal(err: unknown): string {
  if (err instanceof ApiError && (err.status === 400 || err.status === 403))
    return t('rep.refused', { message: err.message });
  return describeError(err);
}
