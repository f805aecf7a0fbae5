import { t } from '../../i18n/i18n.js';
import { api } from '../../lib/api.js';
import { h } from '../../lib/dom.js';
import type { Level, QueueMetric, QueueRow, Thresholds } from './types.js';
import { QUEUE_METRICS, TIMED_STATES } from './types.js';

/**
 * Administrators' form for the colour levels (PUT /api/wallboard/thresholds). It is drawn when
 * opened, on choosing another queue and after saving, never on live updates, so typing is safe.
 */

type Overrides = Thresholds['queues'];

const editor = {
  loaded: null as Thresholds | null,
  overrides: {} as Overrides,
  queueId: '',
  message: null as { kind: 'ok' | 'error'; text: string } | null,
};

export function renderThresholdEditor(host: HTMLElement, queues: readonly QueueRow[]): void {
  const details = h(
    'details',
    {
      class: 'card wb-editor',
      'data-testid': 'wb-thresholds',
      ontoggle: (e: Event) => {
        if ((e.target as HTMLDetailsElement).open && !editor.loaded) void load(host, queues);
      },
    },
    h('summary', {}, h('strong', {}, t('wb.thresholds'))),
    editor.loaded ? form(host, editor.loaded, queues) : h('p', { class: 'muted' }, t('common.loading')),
  );
  if (editor.loaded) details.open = true;
  host.replaceChildren(details);
}

async function load(host: HTMLElement, queues: readonly QueueRow[]): Promise<void> {
  try {
    const answer = await api<{ thresholds: Thresholds }>('GET', '/api/wallboard/thresholds');
    editor.loaded = answer.thresholds;
    editor.overrides = structuredClone(answer.thresholds.queues);
    editor.queueId ||= queues[0]?.queueId ?? '';
  } catch (err) {
    editor.message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
  }
  renderThresholdEditor(host, queues);
}

function levelRow(prefix: string, label: string, level: Level | undefined): Node {
  const input = (which: 'amber' | 'red') =>
    h('input', {
      type: 'number',
      min: 0,
      step: 'any',
      inputmode: 'decimal',
      id: `${prefix}-${which}`,
      'data-testid': `${prefix}-${which}`,
      'aria-label': `${label}: ${t(which === 'amber' ? 'wb.amber' : 'wb.red')}`,
      value: level ? String(level[which]) : '',
    });
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, label),
    h('td', {}, input('amber')),
    h('td', {}, input('red')),
  );
}

function table(rows: Node[]): Node {
  return h(
    'table',
    { class: 'table wb-levels' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}),
        h('th', { scope: 'col' }, t('wb.amber')),
        h('th', { scope: 'col' }, t('wb.red')),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

function form(host: HTMLElement, th: Thresholds, queues: readonly QueueRow[]): Node {
  const queueId = editor.queueId;
  return h(
    'form',
    {
      class: 'wb-editor-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save(host, e.target as HTMLFormElement, queues);
      },
    },
    h('h3', {}, t('wb.queueLevels')),
    h('p', { class: 'muted small' }, t('wb.levelsHint')),
    table(QUEUE_METRICS.map((m) => levelRow(`wb-th-queue-${m}`, t(`wb.metric.${m}`), th.queue[m]))),
    h('h3', {}, t('wb.stateSeconds')),
    table(TIMED_STATES.map((s) => levelRow(`wb-th-state-${s}`, t(`state.${s}`), th.agentStateSeconds[s]))),
    queues.length > 0
      ? [
          h('h3', {}, t('wb.overrides')),
          h('label', { class: 'small', for: 'wb-th-override-queue' }, t('wb.queue')),
          h(
            'select',
            {
              id: 'wb-th-override-queue',
              'data-testid': 'wb-th-override-queue',
              onchange: (e: Event) => {
                const select = e.target as HTMLSelectElement;
                const form = select.form!;
                readOverride(form);
                editor.queueId = select.value;
                // Only the override rows change: whatever else was typed stays.
                form.querySelector('.wb-th-override')?.replaceChildren(overrideTable());
              },
            },
            ...queues.map((q) =>
              h('option', { value: q.queueId, selected: q.queueId === queueId }, q.name || q.queueId),
            ),
          ),
          h('p', { class: 'muted small' }, t('wb.overrideHint')),
          h('div', { class: 'wb-th-override' }, overrideTable()),
        ]
      : null,
    h('div', { class: 'wb-th-message' }, message()),
    h(
      'div',
      { class: 'row-end' },
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'wb-th-save' }, t('wb.save')),
    ),
  );
}

function overrideTable(): Node {
  const override = editor.overrides[editor.queueId] ?? {};
  return table(QUEUE_METRICS.map((m) => levelRow(`wb-th-override-${m}`, t(`wb.metric.${m}`), override[m])));
}

function message(): Node | null {
  if (!editor.message) return null;
  const ok = editor.message.kind === 'ok';
  return h(
    'p',
    {
      class: ok ? 'notice small' : 'notice notice-bad small',
      role: ok ? 'status' : 'alert',
      'data-testid': ok ? 'wb-th-saved' : 'wb-th-error',
    },
    editor.message.text,
  );
}

/** A number as typed, or the raw text so the daemon names what is wrong with it; undefined when blank. */
function readValue(form: HTMLFormElement, id: string): number | string | undefined {
  const input = form.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`);
  const raw = input?.value.trim() ?? '';
  if (raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

function readLevels<K extends string>(form: HTMLFormElement, prefix: string, keys: readonly K[]) {
  const out: Record<string, { amber?: number | string; red?: number | string }> = {};
  for (const key of keys) {
    const amber = readValue(form, `${prefix}-${key}-amber`);
    const red = readValue(form, `${prefix}-${key}-red`);
    if (amber !== undefined || red !== undefined) out[key] = { amber, red };
  }
  return out;
}

function readOverride(form: HTMLFormElement): void {
  if (!editor.queueId) return;
  const levels = readLevels(form, 'wb-th-override', QUEUE_METRICS) as Partial<Record<QueueMetric, Level>>;
  if (Object.keys(levels).length > 0) editor.overrides[editor.queueId] = levels;
  else delete editor.overrides[editor.queueId];
}

async function save(host: HTMLElement, form: HTMLFormElement, queues: readonly QueueRow[]): Promise<void> {
  readOverride(form);
  const body = {
    queue: readLevels(form, 'wb-th-queue', QUEUE_METRICS),
    agentStateSeconds: readLevels(form, 'wb-th-state', TIMED_STATES),
    queues: editor.overrides,
  };
  const button = form.querySelector<HTMLButtonElement>('[data-testid="wb-th-save"]');
  if (button) button.disabled = true;
  try {
    const answer = await api<{ thresholds: Thresholds }>('PUT', '/api/wallboard/thresholds', body);
    editor.loaded = answer.thresholds;
    editor.overrides = structuredClone(answer.thresholds.queues);
    editor.message = { kind: 'ok', text: t('wb.saved') };
    renderThresholdEditor(host, queues);
  } catch (err) {
    // The form stays as typed: only the message changes, so nothing entered is lost.
    editor.message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
    form.querySelector('.wb-th-message')?.replaceChildren(message() ?? '');
    if (button) button.disabled = false;
  }
}

export function resetThresholdEditor(): void {
  editor.loaded = null;
  editor.overrides = {};
  editor.queueId = '';
  editor.message = null;
}
