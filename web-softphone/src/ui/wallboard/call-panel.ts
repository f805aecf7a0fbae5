import { t } from '../../i18n/i18n.js';
import { toneOf } from '../../lib/agent-states.js';
import { ApiError, api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import { displayNumber, formatDuration } from '../../lib/format.js';
import { ivrPathView } from '../../lib/ivr-model.js';
import type { AgentRow, CurrentCall, IvrPath, MonitorMode, QueueRow } from './types.js';
import { MONITOR_MODES } from './types.js';

/**
 * The last step of the drill-down: one agent, their current call (caller, wait, IVR path), and
 * listen / whisper / barge through the supervision API (POST /api/calls/:id/monitor, PATCH and
 * DELETE /api/monitors/:id). The supervisor's own phone is remembered in this browser.
 */

const DEVICE_KEY = 'switchboard.wallboard.device';

type PathState =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; path: IvrPath };

const panel = {
  paths: new Map<number, PathState>(),
  monitor: null as { id: string; callId: number; mode: MonitorMode } | null,
  busy: false,
  error: null as string | null,
};
let redraw: () => void = () => {};

export function setCallPanelRedraw(fn: () => void): void {
  redraw = fn;
}

export function resetCallPanel(): void {
  panel.paths.clear();
  panel.monitor = null;
  panel.busy = false;
  panel.error = null;
}

function savedDevice(): string {
  try {
    return localStorage.getItem(DEVICE_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveDevice(value: string): void {
  try {
    if (value.trim()) localStorage.setItem(DEVICE_KEY, value);
    else localStorage.removeItem(DEVICE_KEY);
  } catch {
    // Private mode: remembered for this page only.
  }
}

export function renderAgentDetail(
  agent: AgentRow | undefined,
  queues: ReadonlyMap<string, QueueRow>,
  close: () => void,
): Node {
  if (!agent) return h('p', { class: 'muted', 'data-testid': 'wb-detail-empty' }, t('wb.selectAgent'));
  const call = agent.call ?? null;
  // A monitor belongs to one call: once that call is gone, so is the monitor.
  if (panel.monitor && panel.monitor.callId !== call?.callId) panel.monitor = null;
  return h(
    'section',
    {
      class: 'card wb-detail',
      'data-testid': 'wb-detail',
      'data-agent-id': agent.id,
      'aria-labelledby': 'wb-detail-title',
    },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'wb-detail-title' }, agent.name ?? agent.id),
      h(
        'span',
        { class: `chip tone-${toneOf(agent.state)}` },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        t(`state.${agent.state}`),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-testid': 'wb-detail-close',
          onclick: close,
        },
        t('common.close'),
      ),
    ),
    h(
      'dl',
      { class: 'facts facts-compact' },
      h('dt', {}, t('wb.handled')),
      h('dd', {}, String(agent.today?.handled ?? 0)),
      h('dt', {}, t('wb.aht')),
      h('dd', {}, agent.today?.averageHandleMs == null ? '—' : formatDuration(agent.today.averageHandleMs)),
      h('dt', {}, t('sup.queues')),
      h('dd', {}, agent.queues.map((q) => queues.get(q)?.name ?? q).join(', ') || t('common.none')),
    ),
    call
      ? callSection(call, queues)
      : h(
          'p',
          { class: 'muted', 'data-testid': 'wb-no-call' },
          agent.state === 'on-call' ? t('wb.callHidden') : t('wb.noCall'),
        ),
  );
}

function callSection(call: CurrentCall, queues: ReadonlyMap<string, QueueRow>): Node {
  const since = Date.parse(call.since);
  return h(
    'div',
    { class: 'wb-call', 'data-testid': 'wb-call', 'data-call-id': call.callId, 'data-stage': call.stage },
    h('h3', {}, t('wb.call')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('wb.caller')),
      h(
        'dd',
        { class: 'big', 'data-testid': 'wb-call-caller' },
        displayNumber(call.callerNumber) ?? t('common.withheld'),
      ),
      h('dt', {}, t('wb.queue')),
      h('dd', {}, queues.get(call.queueId)?.name ?? call.queueId),
      h('dt', {}, t('wb.wait')),
      h('dd', { 'data-testid': 'wb-call-wait' }, formatDuration(call.waitedMs)),
      h('dt', {}, call.stage === 'connected' ? t('wb.talk') : t('wb.ringingFor')),
      h(
        'dd',
        {},
        h(
          'span',
          { 'data-wb-clock': Number.isFinite(since) ? String(since) : '' },
          formatDuration(Date.now() - since),
        ),
      ),
    ),
    ivrSection(call.callId),
    call.stage === 'connected' ? monitorControls(call.callId) : null,
  );
}

function ivrSection(callId: number): Node {
  let state = panel.paths.get(callId);
  if (!state) {
    state = { kind: 'loading' };
    panel.paths.set(callId, state);
    void loadPath(callId);
  }
  const head = h('h4', {}, t('wb.ivr'));
  if (state.kind === 'loading')
    return h(
      'div',
      { 'data-testid': 'wb-ivr-path', 'data-state': 'loading' },
      head,
      h('p', { class: 'muted small' }, t('common.loading')),
    );
  if (state.kind === 'none')
    return h(
      'div',
      { 'data-testid': 'wb-ivr-path', 'data-state': 'none' },
      head,
      h('p', { class: 'muted small' }, t('wb.noIvr')),
    );
  if (state.kind === 'error')
    return h(
      'div',
      { 'data-testid': 'wb-ivr-path', 'data-state': 'error' },
      head,
      h('p', { class: 'small' }, t('wb.ivrError', { message: state.message })),
    );
  const view = ivrPathView({
    flowId: state.path.flowId,
    flowName: null,
    flowVersion: state.path.version,
    steps: state.path.steps,
    variables: state.path.variables,
  });
  return h(
    'div',
    { 'data-testid': 'wb-ivr-path', 'data-state': 'ok' },
    head,
    h(
      'ol',
      { class: 'steps' },
      ...(view?.steps ?? []).map((step) =>
        h(
          'li',
          { class: `step step-${step.kind}` },
          h('span', { class: 'step-node' }, step.node),
          h('span', { class: 'step-outcome' }, step.outcome),
          step.digits ? h('kbd', { class: 'step-digits' }, step.digits) : null,
        ),
      ),
    ),
  );
}

async function loadPath(callId: number): Promise<void> {
  try {
    const path = await api<IvrPath>('GET', `/api/calls/${callId}/ivr-path`);
    panel.paths.set(callId, { kind: 'ok', path });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) panel.paths.set(callId, { kind: 'none' });
    else
      panel.paths.set(callId, { kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
  redraw();
}

function monitorControls(callId: number): Node {
  const active = panel.monitor?.callId === callId ? panel.monitor : null;
  return h(
    'div',
    { class: 'wb-monitor', 'data-testid': 'wb-monitor', 'data-mode': active?.mode ?? '' },
    h('h4', {}, t('wb.supervise')),
    h('label', { class: 'small', for: 'wb-device' }, t('wb.device')),
    h('input', {
      id: 'wb-device',
      'data-testid': 'wb-device',
      'data-wb-key': 'device',
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: t('wb.deviceHint'),
      value: savedDevice(),
      // Kept at every key: the panel redraws on live updates and reads it back from here.
      oninput: (e: Event) => saveDevice((e.target as HTMLInputElement).value),
    }),
    h(
      'div',
      { class: 'wb-monitor-buttons', role: 'group', 'aria-label': t('wb.supervise') },
      ...MONITOR_MODES.map((mode) =>
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary',
            'data-testid': `wb-${mode}`,
            'data-wb-key': `monitor:${mode}`,
            'aria-pressed': active?.mode === mode ? 'true' : 'false',
            disabled: panel.busy,
            onclick: () => void monitor(callId, mode),
          },
          t(`wb.${mode}`),
        ),
      ),
      active
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-danger',
              'data-testid': 'wb-monitor-stop',
              disabled: panel.busy,
              onclick: () => void stopMonitor(),
            },
            t('wb.stop'),
          )
        : null,
    ),
    active
      ? h('p', { class: 'small', role: 'status' }, t('wb.monitoring', { mode: t(`wb.${active.mode}`) }))
      : null,
    panel.error
      ? h(
          'p',
          { class: 'notice notice-bad small', role: 'alert', 'data-testid': 'wb-monitor-error' },
          panel.error,
        )
      : null,
  );
}

async function monitor(callId: number, mode: MonitorMode): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('#wb-device');
  const device = input?.value.trim() ?? savedDevice();
  saveDevice(device);
  const active = panel.monitor?.callId === callId ? panel.monitor : null;
  if (active?.mode === mode) return;
  await act(async () => {
    if (active) {
      await api('PATCH', `/api/monitors/${encodeURIComponent(active.id)}`, { mode });
      panel.monitor = { ...active, mode };
    } else {
      const made = await api<{ monitorId: string | number }>('POST', `/api/calls/${callId}/monitor`, {
        mode,
        ...(device ? { device } : {}),
      });
      panel.monitor = { id: String(made.monitorId), callId, mode };
    }
  });
}

async function stopMonitor(): Promise<void> {
  const active = panel.monitor;
  if (!active) return;
  await act(async () => {
    await api('DELETE', `/api/monitors/${encodeURIComponent(active.id)}`);
    panel.monitor = null;
  });
}

async function act(run: () => Promise<void>): Promise<void> {
  panel.busy = true;
  panel.error = null;
  redraw();
  try {
    await run();
  } catch (err) {
    panel.error =
      err instanceof ApiError && err.status === 0
        ? t('error.network')
        : err instanceof Error
          ? err.message
          : String(err);
  } finally {
    panel.busy = false;
    redraw();
  }
}
