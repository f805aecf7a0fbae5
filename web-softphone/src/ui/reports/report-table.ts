import { locale, t } from '../../i18n/i18n.js';
import { en, type MessageKey } from '../../i18n/messages.js';
import { h } from '../../lib/dom.js';
import { getState } from '../../store.js';
import type { ReportAnswer, ReportRow } from './report-api.js';
import {
  type ColumnKind,
  columnKind,
  formatNumber,
  formatPercent,
  formatSeconds,
  intervalLabel,
  readableName,
} from './report-format.js';

/**
 * A report's rows as a table: who (queue or agent), the interval, then every other column the API
 * returned, in its order, with readable labels and durations and percentages formatted.
 */

/** Beyond this the page would crawl; the downloads carry every row. */
export const MAX_TABLE_ROWS = 2000;

/** Columns shown together in the first two cells rather than on their own. */
const FOLDED = new Set(['queueId', 'queueName', 'agentId', 'agentName', 'start', 'end']);

export interface Figure {
  name: string;
  kind: ColumnKind;
}

export function columnLabel(name: string): string {
  const key = `col.${name}`;
  return key in en ? t(key as MessageKey) : readableName(name);
}

/** The columns after the folded ones, in the API's order, with what each holds. */
export function figuresOf(rows: readonly ReportRow[]): Figure[] {
  const first = rows[0];
  if (!first) return [];
  return Object.keys(first)
    .filter((name) => !FOLDED.has(name))
    .map((name) => ({ name, kind: columnKind(name, rows.find((r) => r[name] !== null)?.[name] ?? null) }));
}

export function formatFigure(kind: ColumnKind, value: string | number | null | undefined): string {
  if (kind === 'duration') return formatSeconds(value as number | null);
  if (kind === 'percent') return formatPercent(value as number | null, locale());
  if (kind === 'number') return formatNumber(value as number | null, locale());
  if (value === null || value === undefined || value === '') return t('common.none');
  return String(value);
}

/** The name a row stands for: its queue or agent (pauses: agent and reason). */
export function entityOf(row: ReportRow): { id: string; name: string } {
  const id = String(row.queueId ?? row.agentId ?? '');
  const name = String(row.queueName ?? row.agentName ?? id);
  return { id, name };
}

export function pauseReasonLabel(code: string): string {
  if (code === 'unspecified') return t('rep.noPause');
  return getState().pauseReasons.find((r) => r.code === code)?.label ?? code;
}

/** The label of a row's interval; one-day reports leave the date out of hours and quarters. */
export function periodOf(answer: ReportAnswer, row: ReportRow): string {
  const oneDay =
    answer.from.slice(0, 10) === answer.to.slice(0, 10) || isMidnightNextDay(answer.from, answer.to);
  return intervalLabel(answer.interval, String(row.start), String(row.end), oneDay);
}

function isMidnightNextDay(from: string, to: string): boolean {
  if (from.slice(11, 19) !== '00:00:00' || to.slice(11, 19) !== '00:00:00') return false;
  const next = new Date(`${from.slice(0, 10)}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10) === to.slice(0, 10);
}

export function renderReportTable(answer: ReportAnswer): Node {
  const figures = figuresOf(answer.rows);
  const shown = answer.rows.slice(0, MAX_TABLE_ROWS);
  const nameHead = answer.report === 'queues' ? columnLabel('queueName') : columnLabel('agentName');
  return h(
    'div',
    { class: 'table-scroll report-scroll' },
    h(
      'table',
      { class: 'table report-table', 'data-testid': 'report-table', 'data-report': answer.report },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'sticky-col' }, nameHead),
          h('th', { scope: 'col' }, t('rep.period')),
          ...figures.map((f) =>
            h(
              'th',
              { scope: 'col', class: f.kind === 'text' ? null : 'num', 'data-col': f.name },
              columnLabel(f.name),
            ),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...shown.map((row) => {
          const who = entityOf(row);
          return h(
            'tr',
            { 'data-testid': 'report-row', 'data-id': who.id, 'data-start': String(row.start) },
            h(
              'th',
              { scope: 'row', class: 'sticky-col', 'data-label': nameHead },
              who.name,
              who.name !== who.id ? h('span', { class: 'muted small row-id' }, who.id) : null,
            ),
            h('td', { 'data-label': t('rep.period') }, periodOf(answer, row)),
            ...figures.map((f) =>
              h(
                'td',
                {
                  class: f.kind === 'text' ? null : 'num',
                  'data-col': f.name,
                  'data-value': JSON.stringify(row[f.name] ?? null),
                  'data-label': columnLabel(f.name),
                },
                f.name === 'reason'
                  ? pauseReasonLabel(String(row.reason))
                  : formatFigure(f.kind, row[f.name]),
              ),
            ),
          );
        }),
      ),
    ),
  );
}
