import { t } from '../../i18n/i18n.js';
import { h } from '../../lib/dom.js';
import { INTERVALS, type Interval, REPORT_KINDS, type ReportKind, type ReportRequest } from './report-api.js';
import type { RangePreset } from './report-format.js';

/** The reports filter form. It edits `form` in place; only changes that show or hide fields redraw. */

export interface Choice {
  id: string;
  name: string;
}

export interface FilterProps {
  form: ReportRequest;
  /** Agents report on themselves only: no queue, agent or skill filters, no queue report. */
  ownOnly: boolean;
  queues: Choice[];
  /** null while loading. */
  agents: Choice[] | null;
  loading: boolean;
  changed: () => void;
  run: () => void;
  preset: (p: RangePreset) => void;
}

const PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth'];

export function renderFilters(p: FilterProps): Node {
  const { form } = p;
  const kinds = p.ownOnly ? REPORT_KINDS.filter((k) => k !== 'queues') : REPORT_KINDS;
  return h(
    'form',
    {
      class: 'report-filters',
      'data-testid': 'report-filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        p.run();
      },
    },
    h(
      'fieldset',
      { class: 'segmented report-kinds' },
      h('legend', { class: 'sr-only' }, t('rep.kind')),
      ...kinds.map((kind) =>
        h(
          'label',
          { class: 'seg' },
          h('input', {
            type: 'radio',
            name: 'report-kind',
            value: kind,
            'data-testid': `report-kind-${kind}`,
            checked: form.kind === kind,
            onchange: () => {
              form.kind = kind as ReportKind;
              p.changed();
            },
          }),
          h('span', {}, t(`rep.kind.${kind}`)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'filters' },
      dateField('from', t('rep.from'), form),
      dateField('to', t('rep.to'), form),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'report-interval' }, t('rep.interval')),
        h(
          'select',
          {
            id: 'report-interval',
            'data-testid': 'report-interval',
            onchange: (e: Event) => {
              form.interval = (e.target as HTMLSelectElement).value as Interval;
            },
          },
          ...INTERVALS.map((i) =>
            h('option', { value: i, selected: form.interval === i }, t(`rep.interval.${i}`)),
          ),
        ),
      ),
      p.ownOnly
        ? null
        : h(
            'div',
            { class: 'field' },
            h('label', { for: 'report-skill' }, t('rep.skill')),
            h('input', {
              id: 'report-skill',
              'data-testid': 'report-skill',
              value: form.skill,
              placeholder: t('rep.skillHint'),
              autocomplete: 'off',
              oninput: (e: Event) => {
                form.skill = (e.target as HTMLInputElement).value;
              },
            }),
          ),
    ),
    h(
      'div',
      { class: 'presets', role: 'group', 'aria-label': t('rep.from') },
      ...PRESETS.map((preset) =>
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary btn-small',
            'data-testid': `report-preset-${preset}`,
            onclick: () => p.preset(preset),
          },
          t(`rep.preset.${preset}`),
        ),
      ),
    ),
    p.ownOnly ? null : picker('queue', t('rep.queues'), t('rep.allQueues'), p.queues, form.queues),
    p.ownOnly || form.kind === 'queues'
      ? null
      : p.agents === null
        ? h('p', { class: 'muted small' }, t('common.loading'))
        : p.agents.length === 0 && form.agents.length === 0
          ? h('p', { class: 'muted small' }, t('rep.noAgentsKnown'))
          : picker('agent', t('rep.agents'), t('rep.allAgents'), p.agents, form.agents),
    h(
      'div',
      { class: 'filters-actions' },
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary', 'data-testid': 'report-run', disabled: p.loading },
        p.loading ? t('rep.running') : t('rep.run'),
      ),
    ),
  );
}

function dateField(key: 'from' | 'to', label: string, form: ReportRequest): Node {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: `report-${key}` }, label),
    h('input', {
      id: `report-${key}`,
      'data-testid': `report-${key}`,
      type: 'date',
      value: form[key],
      required: true,
      onchange: (e: Event) => {
        form[key] = (e.target as HTMLInputElement).value;
      },
    }),
  );
}

/** Tick boxes for queues or agents; `chosen` is the form's own list, changed in place. */
function picker(
  kind: 'queue' | 'agent',
  label: string,
  hint: string,
  choices: Choice[],
  chosen: string[],
): Node {
  // A choice from before (say a queue since removed) stays visible so it can be unticked.
  const all = [
    ...choices,
    ...chosen.filter((id) => !choices.some((c) => c.id === id)).map((id) => ({ id, name: id })),
  ];
  return h(
    'fieldset',
    { class: 'report-picker' },
    h('legend', {}, label, h('span', { class: 'muted small' }, ` · ${hint}`)),
    h(
      'div',
      { class: 'check-grid' },
      ...all.map((c) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            value: c.id,
            'data-testid': `report-${kind}-${c.id}`,
            checked: chosen.includes(c.id),
            onchange: (e: Event) => {
              const at = chosen.indexOf(c.id);
              if ((e.target as HTMLInputElement).checked && at < 0) chosen.push(c.id);
              if (!(e.target as HTMLInputElement).checked && at >= 0) chosen.splice(at, 1);
            },
          }),
          h('span', {}, c.name, c.name !== c.id ? h('code', {}, c.id) : null),
        ),
      ),
    ),
  );
}
