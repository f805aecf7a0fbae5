/**
 * The wallboard's colours: for each figure an amber and a red level an administrator sets. Most
 * figures get worse as they grow (callers waiting, longest wait, abandons, time in a state); the
 * service level gets worse as it falls, so its red level lies below its amber one.
 */

export const QUEUE_METRICS = [
  'waiting',
  'longestWaitSeconds',
  'serviceLevelPercent',
  'abandonedToday',
] as const;
export type QueueMetric = (typeof QUEUE_METRICS)[number];

/** Agent states whose time can be coloured (logged-out agents are not on the board's clock). */
export const TIMED_STATES = ['available', 'reserved', 'ringing', 'on-call', 'wrap-up', 'paused'] as const;
export type TimedState = (typeof TIMED_STATES)[number];

export const THRESHOLD_PARTS = ['queue', 'agentStateSeconds', 'queues'] as const;

/** Figures that are worse when lower: amber at or below `amber`, red at or below `red`. */
const LOWER_IS_WORSE: ReadonlySet<string> = new Set<QueueMetric>(['serviceLevelPercent']);

export interface Level {
  amber: number;
  red: number;
}

export interface Thresholds {
  queue: Record<QueueMetric, Level>;
  agentStateSeconds: Partial<Record<TimedState, Level>>;
  /** Per-queue overrides of queue metrics, by queue id. */
  queues: Record<string, Partial<Record<QueueMetric, Level>>>;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  queue: {
    waiting: { amber: 3, red: 6 },
    longestWaitSeconds: { amber: 30, red: 90 },
    serviceLevelPercent: { amber: 80, red: 60 },
    abandonedToday: { amber: 5, red: 15 },
  },
  agentStateSeconds: {
    ringing: { amber: 10, red: 20 },
    'on-call': { amber: 600, red: 1200 },
    'wrap-up': { amber: 60, red: 180 },
    paused: { amber: 900, red: 1800 },
  },
  queues: {},
};

export type Colour = 'green' | 'amber' | 'red';

/** The colour of a value against its levels (the same rule the web page applies). */
export function colourOf(metric: string, value: number, level: Level): Colour {
  if (LOWER_IS_WORSE.has(metric))
    return value <= level.red ? 'red' : value <= level.amber ? 'amber' : 'green';
  return value >= level.red ? 'red' : value >= level.amber ? 'amber' : 'green';
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads an administrator's thresholds: every part and metric is optional (a missing one keeps its
 * default), but whatever is given must be right. Each problem is a sentence naming the value.
 */
export function checkThresholds(input: unknown, knownQueues: ReadonlySet<string>): Checked<Thresholds> {
  const problems: string[] = [];
  if (!isRecord(input)) return { ok: false, problems: ['the thresholds must be a JSON object'] };
  for (const key of Object.keys(input)) {
    if (!(THRESHOLD_PARTS as readonly string[]).includes(key))
      problems.push(`unknown part "${key}" (known: ${THRESHOLD_PARTS.join(', ')})`);
  }
  const queue = readLevels(input.queue, 'queue', QUEUE_METRICS, 'queue metric', problems);
  const agentStateSeconds = readLevels(
    input.agentStateSeconds,
    'agentStateSeconds',
    TIMED_STATES,
    'agent state',
    problems,
  );
  const queues: Thresholds['queues'] = {};
  if (input.queues !== undefined && !isRecord(input.queues)) {
    problems.push('"queues" must be an object of per-queue overrides by queue id');
  } else if (input.queues) {
    for (const [queueId, levels] of Object.entries(input.queues)) {
      if (!knownQueues.has(queueId)) {
        problems.push(`queues."${queueId}": queue "${queueId}" does not exist`);
        continue;
      }
      queues[queueId] = readLevels(levels, `queues.${queueId}`, QUEUE_METRICS, 'queue metric', problems);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      queue: { ...DEFAULT_THRESHOLDS.queue, ...queue },
      agentStateSeconds: { ...DEFAULT_THRESHOLDS.agentStateSeconds, ...agentStateSeconds },
      queues,
    },
  };
}

function readLevels<K extends string>(
  input: unknown,
  where: string,
  known: readonly K[],
  noun: string,
  problems: string[],
): Partial<Record<K, Level>> {
  const out: Partial<Record<K, Level>> = {};
  if (input === undefined) return out;
  if (!isRecord(input)) {
    problems.push(`"${where}" must be an object of {amber, red} levels by ${noun}`);
    return out;
  }
  for (const [name, level] of Object.entries(input)) {
    if (!(known as readonly string[]).includes(name)) {
      problems.push(`${where}: unknown ${noun} "${name}" (known: ${known.join(', ')})`);
      continue;
    }
    const checked = checkLevel(`${where}.${name}`, name, level);
    if (checked.ok) out[name as K] = checked.value;
    else problems.push(...checked.problems);
  }
  return out;
}

function checkLevel(where: string, metric: string, level: unknown): Checked<Level> {
  if (!isRecord(level))
    return { ok: false, problems: [`${where} must be {"amber": <number>, "red": <number>}`] };
  const problems: string[] = [];
  for (const key of Object.keys(level)) {
    if (key !== 'amber' && key !== 'red')
      problems.push(`${where}: unknown level "${key}" (known: amber, red)`);
  }
  const percent = metric === 'serviceLevelPercent';
  for (const key of ['amber', 'red'] as const) {
    const v = level[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${where}.${key} must be a number`);
    else if (v < 0) problems.push(`${where}.${key} (${v}) must not be negative`);
    else if (percent && v > 100) problems.push(`${where}.${key} (${v}) must be a percentage of at most 100`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const { amber, red } = level as unknown as Level;
  if (LOWER_IS_WORSE.has(metric) ? red >= amber : red <= amber) {
    const side = LOWER_IS_WORSE.has(metric) ? 'below' : 'above';
    return { ok: false, problems: [`${where}: red (${red}) must be ${side} amber (${amber})`] };
  }
  return { ok: true, value: { amber, red } };
}

/** Only the overrides of queues the viewer may see (supervisors see their own queues' only). */
export function thresholdsFor(all: Thresholds, seesQueue: (queueId: string) => boolean): Thresholds {
  return {
    ...all,
    queues: Object.fromEntries(Object.entries(all.queues).filter(([queueId]) => seesQueue(queueId))),
  };
}
