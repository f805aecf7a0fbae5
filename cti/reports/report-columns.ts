import type { AgentFigures } from './agent-figures.js';
import type { PauseFigures } from './pause-figures.js';
import type { QueueFigures } from './queue-figures.js';
import type { ReportKind } from './report-service.js';

/**
 * The columns of each report, in the order JSON rows, CSV and Excel show them; each is a text
 * column, a number, or a figure that is null when there is nothing to measure (an average of no calls).
 */
export type ColumnKind = 'text' | 'number' | 'figure';

type Columns<T> = ReadonlyArray<readonly [keyof T & string, ColumnKind]>;

export const QUEUE_COLUMNS: Columns<QueueFigures> = [
  ['queueId', 'text'],
  ['queueName', 'text'],
  ['start', 'text'],
  ['end', 'text'],
  ['offered', 'number'],
  ['answered', 'number'],
  ['abandoned', 'number'],
  ['shortAbandoned', 'number'],
  ['overflowed', 'number'],
  ['removed', 'number'],
  ['stillWaiting', 'number'],
  ['serviceLevelSeconds', 'number'],
  ['answeredWithinServiceLevel', 'number'],
  ['serviceLevelPercent', 'figure'],
  ['abandonRatePercent', 'figure'],
  ['averageSpeedOfAnswerSeconds', 'figure'],
  ['longestAnswerWaitSeconds', 'figure'],
  ['averageAbandonWaitSeconds', 'figure'],
  ['handledCalls', 'number'],
  ['averageHandleSeconds', 'figure'],
  ['averageTalkSeconds', 'figure'],
  ['averageWrapUpSeconds', 'figure'],
  ['fcrCalls', 'number'],
  ['fcrResolved', 'number'],
  ['firstContactResolutionPercent', 'figure'],
  ['answerWaitSeconds', 'number'],
  ['handledTalkSeconds', 'number'],
  ['handledWrapUpSeconds', 'number'],
];

export const AGENT_COLUMNS: Columns<AgentFigures> = [
  ['agentId', 'text'],
  ['agentName', 'text'],
  ['start', 'text'],
  ['end', 'text'],
  ['answered', 'number'],
  ['missedOffers', 'number'],
  ['handledCalls', 'number'],
  ['averageHandleSeconds', 'figure'],
  ['averageTalkSeconds', 'figure'],
  ['averageWrapUpSeconds', 'figure'],
  ['fcrCalls', 'number'],
  ['fcrResolved', 'number'],
  ['firstContactResolutionPercent', 'figure'],
  ['loggedInSeconds', 'number'],
  ['availableSeconds', 'number'],
  ['offeringSeconds', 'number'],
  ['onCallSeconds', 'number'],
  ['wrapUpSeconds', 'number'],
  ['pausedSeconds', 'number'],
  ['occupancyPercent', 'figure'],
  ['handledTalkSeconds', 'number'],
  ['handledWrapUpSeconds', 'number'],
];

export const PAUSE_COLUMNS: Columns<PauseFigures> = [
  ['agentId', 'text'],
  ['agentName', 'text'],
  ['start', 'text'],
  ['end', 'text'],
  ['reason', 'text'],
  ['pauses', 'number'],
  ['pausedSeconds', 'number'],
];

export const REPORT_COLUMNS: Readonly<Record<ReportKind, ReadonlyArray<readonly [string, ColumnKind]>>> = {
  queues: QUEUE_COLUMNS,
  agents: AGENT_COLUMNS,
  pauses: PAUSE_COLUMNS,
};

/** The JSON schema of one row of a report, from its columns. */
export function rowSchema(report: ReportKind) {
  const types = {
    text: { type: 'string' },
    number: { type: 'number' },
    figure: { type: ['number', 'null'] },
  };
  const columns = REPORT_COLUMNS[report];
  return {
    type: 'object',
    additionalProperties: false,
    required: columns.map(([name]) => name),
    properties: Object.fromEntries(columns.map(([name, kind]) => [name, types[kind]])),
  } as const;
}
