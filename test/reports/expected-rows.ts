// Expected report rows for the scripted day (scripted-day.ts): a row with nothing in it, to which
// each test adds the figures it works out by hand.

export const Q = '/api/reports/queues';
export const A = '/api/reports/agents';
export const P = '/api/reports/pauses';
export const DAY_QUERY = 'from=2025-06-10&to=2025-06-10';

export type Figures = Record<string, number | null>;

/** A queue row with nothing in it. */
const EMPTY_QUEUE: Figures = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  removed: 0,
  stillWaiting: 0,
  answeredWithinServiceLevel: 0,
  serviceLevelPercent: null,
  abandonRatePercent: null,
  averageSpeedOfAnswerSeconds: null,
  longestAnswerWaitSeconds: null,
  averageAbandonWaitSeconds: null,
  handledCalls: 0,
  averageHandleSeconds: null,
  averageTalkSeconds: null,
  averageWrapUpSeconds: null,
  fcrCalls: 0,
  fcrResolved: 0,
  firstContactResolutionPercent: null,
  answerWaitSeconds: 0,
  handledTalkSeconds: 0,
  handledWrapUpSeconds: 0,
};

export const sales = (start: string, end: string, figures: Figures) => ({
  queueId: 'sales',
  queueName: 'Sales',
  start,
  end,
  ...EMPTY_QUEUE,
  serviceLevelSeconds: 20,
  ...figures,
});
export const support = (start: string, end: string, figures: Figures) => ({
  queueId: 'support',
  queueName: 'Support',
  start,
  end,
  ...EMPTY_QUEUE,
  serviceLevelSeconds: 30,
  ...figures,
});

/** An agent row: call figures default to none, state times must be given. */
export const agentRow = (id: 'anna' | 'ben', start: string, end: string, figures: Figures) => ({
  agentId: id,
  agentName: id === 'anna' ? 'Anna' : 'Ben',
  start,
  end,
  answered: 0,
  missedOffers: 0,
  handledCalls: 0,
  averageHandleSeconds: null,
  averageTalkSeconds: null,
  averageWrapUpSeconds: null,
  fcrCalls: 0,
  fcrResolved: 0,
  firstContactResolutionPercent: null,
  offeringSeconds: 0,
  onCallSeconds: 0,
  wrapUpSeconds: 0,
  pausedSeconds: 0,
  handledTalkSeconds: 0,
  handledWrapUpSeconds: 0,
  ...figures,
});

export const hour = (h: number) => `2025-06-10T${String(h).padStart(2, '0')}:00:00+02:00`;
