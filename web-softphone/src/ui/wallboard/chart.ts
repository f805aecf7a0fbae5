/**
 * The wallboard's charts, with only the ECharts parts they use (bar, gauge, grid, legend,
 * tooltip, canvas): loaded on first opening the wallboard, so agents never download them.
 */
import { BarChart, GaugeChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { t } from '../../i18n/i18n.js';
import type { AgentState } from '../../lib/agent-states.js';
import { queueLevel } from './levels.js';
import type { QueueRow, Thresholds } from './types.js';

use([BarChart, GaugeChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Agents by state as the bars stack them: the offer stages count as busy. */
const GROUPS: Array<{ key: string; states: AgentState[]; tone: string }> = [
  { key: 'available', states: ['available'], tone: '--ok' },
  { key: 'busy', states: ['reserved', 'ringing', 'on-call'], tone: '--busy' },
  { key: 'wrap-up', states: ['wrap-up'], tone: '--wait' },
  { key: 'paused', states: ['paused'], tone: '--off' },
];

export interface WallboardCharts {
  update(queues: readonly QueueRow[], gaugeQueue: QueueRow | undefined, th: Thresholds | null): void;
  dispose(): void;
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function mountCharts(agentsEl: HTMLElement, gaugeEl: HTMLElement): WallboardCharts {
  const bars: EChartsType = init(agentsEl, undefined, { renderer: 'canvas' });
  const gauge: EChartsType = init(gaugeEl, undefined, { renderer: 'canvas' });
  const resize = new ResizeObserver(() => {
    bars.resize();
    gauge.resize();
  });
  resize.observe(agentsEl);
  resize.observe(gaugeEl);
  return {
    update(queues, gaugeQueue, th) {
      const text = css('--text');
      const label = (key: string) => (key === 'busy' ? t('wb.busy') : t(`state.${key as AgentState}`));
      bars.setOption(
        {
          animationDuration: 300,
          textStyle: { color: text },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { top: 0, textStyle: { color: text } },
          grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value', minInterval: 1, axisLabel: { color: css('--muted') } },
          yAxis: {
            type: 'category',
            inverse: true,
            data: queues.map((q) => q.name || q.queueId),
            axisLabel: { color: text },
          },
          series: GROUPS.map((g) => ({
            type: 'bar',
            stack: 'agents',
            name: label(g.key),
            itemStyle: { color: css(g.tone) },
            data: queues.map((q) => g.states.reduce((n, s) => n + (q.agents[s] ?? 0), 0)),
          })),
        },
        { replaceMerge: ['series', 'yAxis'] },
      );
      gaugeEl.dataset.value = String(gaugeQueue?.today?.serviceLevelPercent ?? '');
      const level = gaugeQueue ? queueLevel(th, 'serviceLevelPercent', gaugeQueue.queueId) : undefined;
      const red = (level?.red ?? 60) / 100;
      const amber = (level?.amber ?? 80) / 100;
      const value = gaugeQueue?.today?.serviceLevelPercent ?? null;
      gauge.setOption({
        animationDuration: 300,
        series: [
          {
            type: 'gauge',
            min: 0,
            max: 100,
            radius: '92%',
            progress: { show: false },
            axisLine: {
              lineStyle: {
                width: 14,
                color: [
                  [red, css('--bad')],
                  [amber, css('--wait')],
                  [1, css('--ok')],
                ],
              },
            },
            axisTick: { show: false },
            splitNumber: 5,
            splitLine: { length: 8, lineStyle: { color: css('--muted') } },
            // 0 and 100 would sit on the figure in a small gauge: the arc's ends say as much.
            axisLabel: {
              color: css('--muted'),
              distance: 18,
              fontSize: 10,
              formatter: (v: number) => (v > 0 && v < 100 ? String(v) : ''),
            },
            pointer: { itemStyle: { color: text } },
            title: { color: text, offsetCenter: [0, '78%'], fontSize: 13 },
            detail: {
              valueAnimation: true,
              color: text,
              fontSize: 22,
              offsetCenter: [0, '45%'],
              formatter: () => (value === null ? '—' : `${value}%`),
            },
            data: [
              {
                value: value ?? 0,
                name: gaugeQueue ? `${t('wb.serviceLevel')} · ${gaugeQueue.name}` : t('wb.serviceLevel'),
              },
            ],
          },
        ],
      });
    },
    dispose() {
      resize.disconnect();
      bars.dispose();
      gauge.dispose();
    },
  };
}
