import type { AgentState } from '../acd/engine/types.js';
import { type StateSpan, spanEnd } from './agent-spans.js';
import type { CallFact } from './call-facts.js';
import { averageSeconds, percent, seconds } from './figure-math.js';
import { countFcr } from './first-contact.js';
import { type Bucket, bucketIndex, splitSpan } from './intervals.js';
import type { AgentInfo, OfferRow } from './report-rows.js';

/** One agent in one interval (see README.md for each figure's definition). */
export interface AgentFigures {
  agentId: string;
  agentName: string;
  start: number;
  end: number;
  answered: number;
  missedOffers: number;
  handledCalls: number;
  averageHandleSeconds: number | null;
  averageTalkSeconds: number | null;
  averageWrapUpSeconds: number | null;
  fcrCalls: number;
  fcrResolved: number;
  firstContactResolutionPercent: number | null;
  loggedInSeconds: number;
  availableSeconds: number;
  offeringSeconds: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
  pausedSeconds: number;
  occupancyPercent: number | null;
  handledTalkSeconds: number;
  handledWrapUpSeconds: number;
}

interface Tally {
  answered: number;
  missedOffers: number;
  handled: number;
  talkMs: number;
  wrapUpMs: number;
  fcrCalls: number;
  fcrResolved: number;
  inState: Record<AgentState, number>;
}

const emptyTally = (): Tally => ({
  answered: 0,
  missedOffers: 0,
  handled: 0,
  talkMs: 0,
  wrapUpMs: 0,
  fcrCalls: 0,
  fcrResolved: 0,
  inState: {
    'logged-out': 0,
    available: 0,
    reserved: 0,
    ringing: 0,
    'on-call': 0,
    'wrap-up': 0,
    paused: 0,
  },
});

export interface AgentFigureInput {
  agents: readonly AgentInfo[];
  /** Stays the listed agents answered, in the queues the report covers. */
  answered: readonly CallFact[];
  /** Offers to the listed agents in those queues. */
  offers: readonly OfferRow[];
  spans: ReadonlyMap<string, StateSpan[]>;
  buckets: readonly Bucket[];
  /** States still lasting are counted up to here. */
  now: number;
}

/**
 * Every agent in every interval where they were logged in or had an offer or a call. Calls count
 * in the interval they were answered in (with their whole handling); time in each state is split
 * over the intervals it covers.
 */
export function agentFigures(input: AgentFigureInput): AgentFigures[] {
  const { buckets } = input;
  // Allocated as touched: an agent shows only in intervals with something to show.
  const tallies = new Map<string, Map<number, Tally>>(input.agents.map((a) => [a.id, new Map()]));
  const tallyIn = (agentId: string | null, index: number) => {
    const row = agentId === null ? undefined : tallies.get(agentId);
    if (!row || index < 0) return undefined;
    let tally = row.get(index);
    if (!tally) {
      tally = emptyTally();
      row.set(index, tally);
    }
    return tally;
  };

  for (const fact of input.answered) {
    const tally = tallyIn(fact.entry.agentId, bucketIndex(buckets, fact.entry.leftAt ?? Number.NaN));
    if (!tally) continue;
    tally.answered += 1;
    if (fact.handling) {
      tally.handled += 1;
      tally.talkMs += fact.handling.talkMs;
      tally.wrapUpMs += fact.handling.wrapUpMs;
    }
    countFcr(tally, fact.resolved);
  }
  for (const offer of input.offers) {
    const missed = offer.outcome === 'no-answer' || offer.outcome === 'busy' || offer.outcome === 'failed';
    if (missed) {
      const tally = tallyIn(offer.agentId, bucketIndex(buckets, offer.offeredAt));
      if (tally) tally.missedOffers += 1;
    }
  }
  for (const [agentId, spans] of input.spans) {
    for (const span of spans) {
      if (span.state === 'logged-out') continue;
      const end = Math.min(spanEnd(span, input.now), input.now);
      for (const part of splitSpan(buckets, span.start, end)) {
        const tally = tallyIn(agentId, part.index);
        if (tally) tally.inState[span.state] += part.ms;
      }
    }
  }

  return input.agents.flatMap((agent) => {
    const row = tallies.get(agent.id) as Map<number, Tally>;
    return [...row.keys()]
      .sort((a, b) => a - b)
      .map((i) => figuresOf(agent, buckets[i] as Bucket, row.get(i) as Tally));
  });
}

function figuresOf(agent: AgentInfo, bucket: Bucket, t: Tally): AgentFigures {
  const s = t.inState;
  const loggedInMs = s.available + s.reserved + s.ringing + s['on-call'] + s['wrap-up'] + s.paused;
  const busyMs = s['on-call'] + s['wrap-up'];
  return {
    agentId: agent.id,
    agentName: agent.name,
    start: bucket.start,
    end: bucket.end,
    answered: t.answered,
    missedOffers: t.missedOffers,
    handledCalls: t.handled,
    averageHandleSeconds: averageSeconds(t.talkMs + t.wrapUpMs, t.handled),
    averageTalkSeconds: averageSeconds(t.talkMs, t.handled),
    averageWrapUpSeconds: averageSeconds(t.wrapUpMs, t.handled),
    fcrCalls: t.fcrCalls,
    fcrResolved: t.fcrResolved,
    firstContactResolutionPercent: percent(t.fcrResolved, t.fcrCalls),
    loggedInSeconds: seconds(loggedInMs),
    availableSeconds: seconds(s.available),
    offeringSeconds: seconds(s.reserved + s.ringing),
    onCallSeconds: seconds(s['on-call']),
    wrapUpSeconds: seconds(s['wrap-up']),
    pausedSeconds: seconds(s.paused),
    occupancyPercent: percent(busyMs, busyMs + s.available),
    handledTalkSeconds: seconds(t.talkMs),
    handledWrapUpSeconds: seconds(t.wrapUpMs),
  };
}
