import type { CallFact } from './call-facts.js';
import { averageSeconds, percent, seconds } from './figure-math.js';
import { countFcr } from './first-contact.js';
import { type Bucket, bucketIndex } from './intervals.js';
import type { QueueInfo } from './report-rows.js';

/** One queue in one interval (see README.md for each figure's definition). */
export interface QueueFigures {
  queueId: string;
  queueName: string;
  start: number;
  end: number;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  overflowed: number;
  removed: number;
  stillWaiting: number;
  serviceLevelSeconds: number;
  answeredWithinServiceLevel: number;
  serviceLevelPercent: number | null;
  abandonRatePercent: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  longestAnswerWaitSeconds: number | null;
  averageAbandonWaitSeconds: number | null;
  handledCalls: number;
  averageHandleSeconds: number | null;
  averageTalkSeconds: number | null;
  averageWrapUpSeconds: number | null;
  fcrCalls: number;
  fcrResolved: number;
  firstContactResolutionPercent: number | null;
  answerWaitSeconds: number;
  handledTalkSeconds: number;
  handledWrapUpSeconds: number;
}

interface Tally {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  overflowed: number;
  removed: number;
  stillWaiting: number;
  withinSl: number;
  /** Stays graded for service level: answered, abandoned (not short), or left or waiting past the threshold unanswered. */
  slGraded: number;
  answerWaitMs: number;
  longestAnswerWaitMs: number | null;
  abandonWaitMs: number;
  handled: number;
  talkMs: number;
  wrapUpMs: number;
  fcrCalls: number;
  fcrResolved: number;
}

const emptyTally = (): Tally => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  removed: 0,
  stillWaiting: 0,
  withinSl: 0,
  slGraded: 0,
  answerWaitMs: 0,
  longestAnswerWaitMs: null,
  abandonWaitMs: 0,
  handled: 0,
  talkMs: 0,
  wrapUpMs: 0,
  fcrCalls: 0,
  fcrResolved: 0,
});

function count(tally: Tally, fact: CallFact, slMs: number, now: number): void {
  const wait = fact.waitMs ?? 0;
  tally.offered += 1;
  // A stay that left unanswered (or still waits) before the threshold has not failed it yet.
  const pastThreshold = (fact.waitMs ?? now - fact.entry.enqueuedAt) > slMs;
  switch (fact.result) {
    case 'answered':
      tally.slGraded += 1;
      tally.answered += 1;
      tally.answerWaitMs += wait;
      tally.longestAnswerWaitMs = Math.max(tally.longestAnswerWaitMs ?? 0, wait);
      if (wait <= slMs) tally.withinSl += 1;
      break;
    case 'abandoned':
      tally.slGraded += 1;
      tally.abandoned += 1;
      tally.abandonWaitMs += wait;
      break;
    case 'short-abandon':
      tally.shortAbandoned += 1;
      break;
    case 'overflow':
      tally.overflowed += 1;
      break;
    case 'removed':
      tally.removed += 1;
      break;
    case 'waiting':
      tally.stillWaiting += 1;
      break;
  }
  if ((fact.result === 'overflow' || fact.result === 'removed' || fact.result === 'waiting') && pastThreshold)
    tally.slGraded += 1;
  if (fact.handling) {
    tally.handled += 1;
    tally.talkMs += fact.handling.talkMs;
    tally.wrapUpMs += fact.handling.wrapUpMs;
  }
  countFcr(tally, fact.resolved);
}

/**
 * Every queue in every interval, counted by when callers entered the queue: a stay belongs to the
 * interval it started in, however long it lasted.
 */
export function queueFigures(
  queues: readonly QueueInfo[],
  facts: readonly CallFact[],
  buckets: readonly Bucket[],
  /** Still-waiting stays are graded by how long they have waited up to here. */
  now: number,
): QueueFigures[] {
  const tallies = new Map<string, Tally[]>(queues.map((q) => [q.id, buckets.map(emptyTally)]));
  const slMs = new Map(queues.map((q) => [q.id, q.serviceLevelSeconds * 1000]));
  for (const fact of facts) {
    const row = tallies.get(fact.entry.queueId);
    const tally = row?.[bucketIndex(buckets, fact.entry.enqueuedAt)];
    if (tally) count(tally, fact, slMs.get(fact.entry.queueId) ?? 0, now);
  }
  return queues.flatMap((queue) =>
    buckets.map((bucket, i) => {
      const t = (tallies.get(queue.id) as Tally[])[i] as Tally;
      // Callers still waiting have not abandoned (yet); short abandons never count.
      const abandonBase = t.offered - t.shortAbandoned - t.stillWaiting;
      return {
        queueId: queue.id,
        queueName: queue.name,
        start: bucket.start,
        end: bucket.end,
        offered: t.offered,
        answered: t.answered,
        abandoned: t.abandoned,
        shortAbandoned: t.shortAbandoned,
        overflowed: t.overflowed,
        removed: t.removed,
        stillWaiting: t.stillWaiting,
        serviceLevelSeconds: queue.serviceLevelSeconds,
        answeredWithinServiceLevel: t.withinSl,
        serviceLevelPercent: percent(t.withinSl, t.slGraded),
        abandonRatePercent: percent(t.abandoned, abandonBase),
        averageSpeedOfAnswerSeconds: averageSeconds(t.answerWaitMs, t.answered),
        longestAnswerWaitSeconds: t.longestAnswerWaitMs === null ? null : seconds(t.longestAnswerWaitMs),
        averageAbandonWaitSeconds: averageSeconds(t.abandonWaitMs, t.abandoned),
        handledCalls: t.handled,
        averageHandleSeconds: averageSeconds(t.talkMs + t.wrapUpMs, t.handled),
        averageTalkSeconds: averageSeconds(t.talkMs, t.handled),
        averageWrapUpSeconds: averageSeconds(t.wrapUpMs, t.handled),
        fcrCalls: t.fcrCalls,
        fcrResolved: t.fcrResolved,
        firstContactResolutionPercent: percent(t.fcrResolved, t.fcrCalls),
        answerWaitSeconds: seconds(t.answerWaitMs),
        handledTalkSeconds: seconds(t.talkMs),
        handledWrapUpSeconds: seconds(t.wrapUpMs),
      };
    }),
  );
}
