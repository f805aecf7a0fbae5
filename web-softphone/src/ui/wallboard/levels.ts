/**
 * Colours of the wallboard's figures against the thresholds an administrator set: the same rule
 * as the daemon's (cti/wallboard/thresholds.ts). Pure, so test/wallboard checks it under Node.
 */
import type { Level, QueueMetric, Thresholds } from './types.js';

export type Colour = 'green' | 'amber' | 'red' | 'none';

const ORDER: Record<Colour, number> = { none: 0, green: 1, amber: 2, red: 3 };

/** Figures that are worse when lower. */
const LOWER_IS_WORSE = new Set<string>(['serviceLevelPercent']);

/** The queue's own levels for a metric, else the general ones. */
export function queueLevel(th: Thresholds | null, metric: QueueMetric, queueId: string): Level | undefined {
  if (!th) return undefined;
  return th.queues[queueId]?.[metric] ?? th.queue[metric];
}

export function colourOf(metric: string, value: number | null, level: Level | undefined): Colour {
  if (value === null || !level) return 'none';
  if (LOWER_IS_WORSE.has(metric))
    return value <= level.red ? 'red' : value <= level.amber ? 'amber' : 'green';
  return value >= level.red ? 'red' : value >= level.amber ? 'amber' : 'green';
}

export function queueColour(
  th: Thresholds | null,
  metric: QueueMetric,
  queueId: string,
  value: number | null,
): Colour {
  return colourOf(metric, value, queueLevel(th, metric, queueId));
}

/** Time in a state, coloured by that state's levels (states without levels stay uncoloured). */
export function stateColour(th: Thresholds | null, state: string, ms: number): Colour {
  const level = th?.agentStateSeconds[state as keyof Thresholds['agentStateSeconds']];
  return colourOf(`state:${state}`, ms / 1000, level);
}

export function worst(colours: readonly Colour[]): Colour {
  return colours.reduce<Colour>((a, b) => (ORDER[b] > ORDER[a] ? b : a), 'none');
}
