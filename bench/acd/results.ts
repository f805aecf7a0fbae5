// The shape of bench/acd/results/latest.json.
import type { RateStep } from './analyse.js';
import type { Profile } from './config.js';
import type { LatencySummary } from './stats.js';
import type { Measurement } from './systems/types.js';

export interface IdleRingFigures {
  summary: LatencySummary | undefined;
  calls: number;
  unanswered: number;
  /** Every latency, in call order. */
  samplesMs: number[];
  /** app_queue only: AMI AgentCalled arrival minus the BenchAgentRing mark of the same call. */
  agentCalledOffset?: LatencySummary | undefined;
}

export interface FreeToRingFigures {
  summary: LatencySummary | undefined;
  agents: number;
  callersInSystem: number;
  durationS: number;
  calls: number;
  failedCalls: number;
  noCallerWaiting: number;
  unresolved: number;
  /** Every latency, in the order the agents freed up. */
  samplesMs: number[];
}

export interface MaxRateFigures {
  sustainedCps: number | undefined;
  limitedBy: string;
  steps: RateStep[];
}

export interface CpuFigures {
  cps: number;
  durationS: number;
  agents: number;
  calls: number;
  failedCalls: number;
  /** Asterisk's CPU per completed call, above its idle rate. */
  asteriskMsPerCall: number;
  /** The system's own processes (a daemon) per completed call; 0 when it lives in Asterisk. */
  ownMsPerCall: number;
  asteriskIdleMsPerS: number;
  /** The load generator (this process), for context: it shares the machine. */
  harnessMsPerCall: number;
}

export type SystemStatus = 'measured' | 'unavailable' | 'failed';

export interface SystemResult {
  id: string;
  label: string;
  description: string;
  status: SystemStatus;
  /** Why it was not measured, or what failed. */
  reason?: string;
  measurements: Measurement[];
  idleRing?: IdleRingFigures;
  freeToRing?: FreeToRingFigures;
  maxRate?: MaxRateFigures;
  cpu?: CpuFigures;
  notes: string[];
}

export interface BenchResults {
  profile: Profile['name'];
  startedAt: string;
  finishedAt: string;
  durationS: number;
  host: { cpus: number; node: string; asterisk: string };
  settings: Profile;
  observer: { app: string; eventFilter: boolean };
  /** The id of the reference whose Asterisk CPU per call is subtracted ("direct"). */
  referenceId: string;
  systems: SystemResult[];
}
