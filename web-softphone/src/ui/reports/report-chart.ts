import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { t } from '../../i18n/i18n.js';
import { h } from '../../lib/dom.js';
import type { ReportAnswer, ReportKind } from './report-api.js';
import {
  columnLabel,
  entityOf,
  type Figure,
  formatFigure,
  pauseReasonLabel,
  periodOf,
} from './report-table.js';

// Only what the chart draws, so the page does not carry all of echarts.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#0f766e', '#1d4ed8', '#b45309', '#b91c1c', '#7c3aed', '#0891b2', '#65a30d', '#db2777'];
/** More lines than this is a tangle: the biggest ones are drawn, the table has the rest. */
const MAX_SERIES = 8;

export const DEFAULT_FIGURE: Record<ReportKind, string> = {
  queues: 'offered',
  agents: 'handledCalls',
  pauses: 'pausedSeconds',
};

/**
 * One figure of a report drawn: by queue or agent when the report has one interval, else over the
 * intervals with a line or bars per queue or agent. The element survives the page's redraws.
 */
export class ReportChart {
  readonly el: HTMLElement = h('div', { class: 'report-chart', 'data-testid': 'report-chart', role: 'img' });
  private chart: ECharts | null = null;
  private readonly resize = new ResizeObserver(() => this.chart?.resize());

  constructor() {
    this.resize.observe(this.el);
  }

  /** Call once the element is in the page (echarts measures it). */
  show(answer: ReportAnswer, figure: Figure): void {
    this.chart ??= init(this.el, undefined, { renderer: 'canvas' });
    const option = chartOption(answer, figure);
    this.el.setAttribute('aria-label', option.title);
    this.chart.setOption(option.echarts, { notMerge: true });
  }

  dispose(): void {
    this.resize.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }
}

function chartOption(answer: ReportAnswer, figure: Figure): { title: string; echarts: EChartsCoreOption } {
  const keyOf = (row: ReportAnswer['rows'][number]) => {
    const who = entityOf(row).name;
    return answer.report === 'pauses' ? `${who} · ${pauseReasonLabel(String(row.reason))}` : who;
  };
  const starts = new Map<string, string>();
  for (const row of answer.rows) starts.set(periodOf(answer, row), String(row.start));
  const periods = [...starts.keys()].sort((a, b) => Date.parse(starts.get(a)!) - Date.parse(starts.get(b)!));
  const byKey = new Map<string, Map<string, number | null>>();
  for (const row of answer.rows) {
    const key = keyOf(row);
    if (!byKey.has(key)) byKey.set(key, new Map());
    const value = row[figure.name];
    byKey.get(key)?.set(periodOf(answer, row), typeof value === 'number' ? value : null);
  }
  const text = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#5b6775';
  const format = (v: unknown) => formatFigure(figure.kind, typeof v === 'number' ? v : null);
  const what = periods.length > 1 ? 'interval' : answer.report === 'queues' ? 'queue' : 'agent';
  const title = t('rep.chartTitle', { figure: columnLabel(figure.name), what: t(`rep.by.${what}`) });
  const base = {
    color: PALETTE,
    textStyle: { color: text },
    tooltip: { trigger: 'axis', valueFormatter: format },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    yAxis: {
      type: 'value',
      axisLabel: { color: text, formatter: format },
      splitLine: { lineStyle: { opacity: 0.3 } },
    },
    animation: false,
  };

  if (periods.length <= 1) {
    const keys = [...byKey.keys()];
    return {
      title,
      echarts: {
        ...base,
        xAxis: {
          type: 'category',
          data: keys,
          axisLabel: { color: text, interval: 0, rotate: keys.length > 6 ? 30 : 0 },
        },
        series: [
          {
            type: 'bar',
            name: columnLabel(figure.name),
            data: keys.map((k) => byKey.get(k)?.get(periods[0] ?? '') ?? null),
            barMaxWidth: 48,
          },
        ],
      },
    };
  }

  const total = (m: Map<string, number | null>) => [...m.values()].reduce<number>((s, v) => s + (v ?? 0), 0);
  const keys = [...byKey.keys()]
    .sort((a, b) => total(byKey.get(b)!) - total(byKey.get(a)!))
    .slice(0, MAX_SERIES);
  const bars = periods.length <= 12 && figure.kind === 'number';
  return {
    title,
    echarts: {
      ...base,
      legend: { type: 'scroll', top: 0, textStyle: { color: text } },
      xAxis: { type: 'category', data: periods, axisLabel: { color: text } },
      series: keys.map((k) => ({
        type: bars ? 'bar' : 'line',
        name: k,
        data: periods.map((p) => byKey.get(k)?.get(p) ?? null),
        connectNulls: false,
        showSymbol: periods.length <= 48,
        barMaxWidth: 32,
      })),
    },
  };
}
