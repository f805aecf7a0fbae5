import './wallboard.css';
import { locale, onLanguageChange, t } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { formatClock, formatDuration } from '../../lib/format.js';
import { getState } from '../../store.js';
import { renderAgents } from './agents-table.js';
import { renderAgentDetail, resetCallPanel, setCallPanelRedraw } from './call-panel.js';
import type { WallboardCharts } from './chart.js';
import { board, onBoardChange, startBoard, stopBoard } from './feed.js';
import { type Colour, queueColour, stateColour, worst } from './levels.js';
import { renderThresholdEditor, resetThresholdEditor } from './threshold-editor.js';
import { renderTiles } from './tiles.js';

/**
 * The wallboard page: queue tiles, charts, the agents table and the drill-down (queue → its
 * agents → an agent's call). Live figures come from its own /ws/supervisor socket; times tick
 * every second in place, so a wall TV never needs a reload.
 */
export function mountWallboardPage(host: HTMLElement): () => void {
  const admin = getState().user?.role === 'admin';
  // A session that ended (socket closed 4401): any request then answers 401, and the app's
  // 401 handler (lib/api.ts whenUnauthorized) takes the user back to the login.
  const onSessionEnded = () => void api('GET', '/api/auth/me').catch(() => undefined);
  const selection = { queue: null as string | null, agent: null as string | null };
  const status = h('span', { class: 'chip', role: 'status', 'data-testid': 'wb-status' });
  const dayLine = h('span', { class: 'muted small', 'data-testid': 'wb-day' });
  const tiles = h('div', { class: 'wb-tiles-slot' });
  const agentsTitle = h('h2', { id: 'wb-agents-title' });
  const showAll = h('button', {
    type: 'button',
    class: 'btn btn-ghost btn-small',
    'data-testid': 'wb-show-all',
    onclick: () => {
      selection.queue = null;
      draw();
    },
  });
  const agents = h('div', {});
  const detail = h('div', { class: 'wb-detail-slot' });
  const editorSlot = h('div', {});
  const barsEl = h('div', { class: 'wb-chart wb-chart-bars', 'data-testid': 'wb-chart-agents', role: 'img' });
  const gaugeEl = h('div', { class: 'wb-chart wb-chart-gauge', 'data-testid': 'wb-chart-sl', role: 'img' });
  host.replaceChildren(
    h(
      'section',
      { class: 'wallboard', 'data-testid': 'wallboard', 'aria-labelledby': 'wb-title' },
      h(
        'div',
        { class: 'wb-head' },
        h('h1', { id: 'wb-title', 'data-wb-label': 'wb.title' }, t('wb.title')),
        dayLine,
        status,
      ),
      tiles,
      h(
        'div',
        { class: 'wb-charts card' },
        h(
          'div',
          { class: 'wb-chart-box' },
          h('h2', { 'data-wb-label': 'wb.chartAgents' }, t('wb.chartAgents')),
          barsEl,
        ),
        h(
          'div',
          { class: 'wb-chart-box' },
          h('h2', { 'data-wb-label': 'wb.chartSl' }, t('wb.chartSl')),
          gaugeEl,
        ),
      ),
      h(
        'section',
        { class: 'card wb-agents', 'aria-labelledby': 'wb-agents-title' },
        h('div', { class: 'card-head' }, agentsTitle, showAll),
        agents,
      ),
      detail,
      admin ? editorSlot : null,
    ),
  );

  let charts: WallboardCharts | null = null;
  let stopped = false;
  void import('./chart.js').then(({ mountCharts }) => {
    if (stopped) return;
    charts = mountCharts(barsEl, gaugeEl);
    drawCharts();
  });

  let editorQueues = '';
  const draw = () => {
    const queues = [...board.queues.values()].sort((a, b) =>
      (a.name || a.queueId).localeCompare(b.name || b.queueId),
    );
    if (selection.queue && !board.queues.has(selection.queue)) selection.queue = null;
    const selectedQueue = selection.queue ? board.queues.get(selection.queue) : undefined;
    const members = [...board.agents.values()].filter(
      (a) => !selection.queue || a.queues.includes(selection.queue),
    );
    // Logged-out agents are only counted: a wall shows who is working.
    const shown = members
      .filter((a) => a.state !== 'logged-out')
      .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
    const away = members.length - shown.length;
    status.className = `chip tone-${board.status === 'open' ? 'ok' : 'wait'}`;
    status.textContent =
      board.status === 'open'
        ? t('wb.live')
        : t(board.status === 'connecting' ? 'conn.connecting' : 'conn.reconnecting');
    const since = queues[0]?.today?.since;
    dayLine.textContent = since ? t('wb.today', { time: formatClock(since, locale()) }) : '';
    keepFocus(tiles, () =>
      tiles.replaceChildren(
        renderTiles(queues, board.thresholds, selection.queue, (id) => {
          selection.queue = selection.queue === id ? null : id;
          selection.agent = null;
          draw();
        }),
      ),
    );
    agentsTitle.textContent = selectedQueue
      ? t('wb.agentsOf', { queue: selectedQueue.name || selectedQueue.queueId })
      : t('wb.agents');
    showAll.textContent = t('wb.showAll');
    showAll.hidden = !selectedQueue;
    keepFocus(agents, () =>
      agents.replaceChildren(
        renderAgents(shown, board.thresholds, selection.agent, (id) => {
          selection.agent = selection.agent === id ? null : id;
          draw();
          if (selection.agent) detail.scrollIntoView?.({ block: 'nearest' });
        }),
        away > 0
          ? h(
              'p',
              { class: 'muted small', 'data-testid': 'wb-logged-out' },
              t('wb.loggedOut', { count: away }),
            )
          : '',
      ),
    );
    const agent = selection.agent ? board.agents.get(selection.agent) : undefined;
    keepFocus(detail, () =>
      detail.replaceChildren(
        renderAgentDetail(agent, board.queues, () => {
          selection.agent = null;
          draw();
        }),
      ),
    );
    const ids = queues.map((q) => q.queueId).join(',');
    if (admin && (ids !== editorQueues || !editorSlot.firstChild)) {
      editorQueues = ids;
      if (!editorSlot.querySelector('form')) renderThresholdEditor(editorSlot, queues);
    }
    drawCharts();
    tick();
  };
  const drawCharts = () => {
    const queues = [...board.queues.values()].sort((a, b) =>
      (a.name || a.queueId).localeCompare(b.name || b.queueId),
    );
    const gaugeQueue = (selection.queue ? board.queues.get(selection.queue) : undefined) ?? queues[0];
    charts?.update(queues, gaugeQueue, board.thresholds);
  };

  // Many messages can arrive in one burst: one redraw per frame is enough.
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (!stopped) draw();
    });
  };
  setCallPanelRedraw(schedule);
  const offBoard = onBoardChange(schedule);
  startBoard(onSessionEnded);
  draw();
  const ticker = setInterval(tick, 1000);

  function tick(): void {
    const now = Date.now();
    for (const el of host.querySelectorAll<HTMLElement>('[data-wb-clock]')) {
      const from = Number(el.dataset.wbClock);
      if (!Number.isFinite(from) || el.dataset.wbClock === '') continue;
      el.textContent = formatDuration(now - from);
      const metric = el.dataset.wbMetric;
      if (!metric) continue;
      const colour: Colour = metric.startsWith('state:')
        ? stateColour(board.thresholds, metric.slice(6), now - from)
        : queueColour(board.thresholds, 'longestWaitSeconds', el.dataset.wbQueue ?? '', (now - from) / 1000);
      el.dataset.colour = colour;
      const wrapper = el.closest<HTMLElement>('.wb-metric');
      if (wrapper) wrapper.dataset.colour = colour;
    }
    for (const tile of host.querySelectorAll<HTMLElement>('.wb-tile')) {
      const colours = [...tile.querySelectorAll<HTMLElement>('.wb-metric-value')].map(
        (v) => (v.dataset.colour ?? 'none') as Colour,
      );
      tile.dataset.colour = worst(colours);
    }
  }

  const offLanguage = onLanguageChange(() => {
    for (const el of host.querySelectorAll<HTMLElement>('[data-wb-label]'))
      el.textContent = t(el.dataset.wbLabel as MessageKey);
    editorQueues = ''; // a closed threshold form is drawn again in the new language
    draw();
  });

  return () => {
    stopped = true;
    clearInterval(ticker);
    offBoard();
    offLanguage();
    stopBoard();
    charts?.dispose();
    charts = null;
    setCallPanelRedraw(() => {});
    resetCallPanel();
    resetThresholdEditor();
    host.replaceChildren();
  };
}

/** Redraws a part and puts keyboard focus (and the caret of a text field) back where it was. */
function keepFocus(part: HTMLElement, redraw: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && part.contains(active) ? (active.dataset.wbKey ?? (active.id || null)) : null;
  const caret =
    active instanceof HTMLInputElement && active.type === 'text'
      ? { start: active.selectionStart, end: active.selectionEnd }
      : null;
  redraw();
  if (!key) return;
  const again =
    part.querySelector<HTMLElement>(`[data-wb-key="${CSS.escape(key)}"]`) ??
    part.querySelector<HTMLElement>(`#${CSS.escape(key)}`);
  again?.focus();
  if (caret && again instanceof HTMLInputElement) again.setSelectionRange(caret.start, caret.end);
}
