// The two run profiles. quick: a few minutes, enough to see the shape; full: the figures to publish.

export interface IdleRingSettings {
  agents: number;
  calls: number;
  talkS: number;
  /** Pause after one call is over before the next arrives, so every agent is idle again. */
  gapMs: number;
}

export interface FreeToRingSettings {
  agents: number;
  /** Callers kept in the system beyond the agents: always at least this many waiting. */
  waitingBeyondAgents: number;
  durationS: number;
  talkS: number;
  talkJitterS: number;
  patienceS: number;
}

export interface MaxRateSettings {
  stepsCps: number[];
  stepS: number;
  talkS: number;
  talkJitterS: number;
  patienceS: number;
  maxFailureRatio: number;
  /**
   * Originates still unanswered before the generator counts itself as the limit. Below Asterisk's
   * HTTP sessionlimit (default 100): beyond it new ARI connections are refused ("fetch failed").
   */
  maxInFlight: number;
}

export interface CpuSettings {
  cps: number;
  durationS: number;
  /** Idle measurement before the load, subtracted as a rate. */
  idleS: number;
  talkS: number;
  talkJitterS: number;
  patienceS: number;
}

export interface Profile {
  name: 'quick' | 'full';
  /** The whole run stops starting new measurements after this. */
  budgetS: number;
  idleRing: IdleRingSettings;
  freeToRing: FreeToRingSettings;
  maxRate: MaxRateSettings;
  cpu: CpuSettings;
}

export const QUICK: Profile = {
  name: 'quick',
  budgetS: 10 * 60,
  idleRing: { agents: 5, calls: 20, talkS: 0.2, gapMs: 250 },
  freeToRing: { agents: 5, waitingBeyondAgents: 5, durationS: 40, talkS: 1, talkJitterS: 1, patienceS: 60 },
  maxRate: {
    stepsCps: [5, 10, 20, 40],
    stepS: 8,
    talkS: 1,
    talkJitterS: 0.5,
    patienceS: 10,
    maxFailureRatio: 0.001,
    maxInFlight: 90,
  },
  cpu: { cps: 5, durationS: 20, idleS: 3, talkS: 1, talkJitterS: 0.5, patienceS: 10 },
};

export const FULL: Profile = {
  name: 'full',
  budgetS: 75 * 60,
  idleRing: { agents: 5, calls: 200, talkS: 0.2, gapMs: 250 },
  freeToRing: { agents: 5, waitingBeyondAgents: 5, durationS: 300, talkS: 1, talkJitterS: 1, patienceS: 60 },
  maxRate: {
    stepsCps: [5, 10, 20, 30, 40, 60, 80, 100, 130, 160],
    stepS: 30,
    talkS: 1,
    talkJitterS: 0.5,
    patienceS: 10,
    maxFailureRatio: 0.001,
    maxInFlight: 90,
  },
  cpu: { cps: 10, durationS: 60, idleS: 10, talkS: 1, talkJitterS: 0.5, patienceS: 10 },
};

/** Enough agents that calls at `cps` never wait for one: twice the agents they keep busy. */
export function agentsForRate(cps: number, talkS: number, talkJitterS: number): number {
  return Math.max(10, Math.ceil(cps * (talkS + talkJitterS + 0.5) * 2));
}
