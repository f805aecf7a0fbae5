// From marks and call records to the four figures. Pure functions: no clock, no I/O.
import type { CallRecord } from './load.js';
import type { Mark } from './measure.js';
import { type LatencySummary, summarise } from './stats.js';

const usToMs = (us: number) => us / 1000;

export interface IdleRingResult {
  latenciesMs: number[];
  /** Calls that never rang an agent (or never arrived). */
  unanswered: number;
}

/** Arrival -> first ring of each call (measured one call at a time, every agent idle). */
export function idleRingLatencies(calls: readonly CallRecord[]): IdleRingResult {
  const latenciesMs: number[] = [];
  let unanswered = 0;
  for (const call of calls) {
    if (call.arrivedUs === undefined || call.ringUs === undefined) unanswered += 1;
    else latenciesMs.push(usToMs(call.ringUs - call.arrivedUs));
  }
  return { latenciesMs, unanswered };
}

export interface FreeToRingResult {
  latenciesMs: number[];
  /** Agent-free moments with nobody waiting: not a sample (nothing to ring). */
  noCallerWaiting: number;
  /** A caller was waiting, but this agent never rang again before the phase ended. */
  unresolved: number;
}

/** Was some caller waiting (arrived, not yet rung, still there) at this instant? */
export function callerWaitingAt(calls: readonly CallRecord[], atUs: number): boolean {
  return calls.some(
    (call) =>
      call.arrivedUs !== undefined &&
      call.arrivedUs <= atUs &&
      (call.ringUs === undefined || call.ringUs > atUs) &&
      (call.goneUs === undefined || call.goneUs > atUs),
  );
}

/**
 * For every BenchAgentFree inside [fromUs, toUs] while a caller was waiting: the time until the
 * same agent's next BenchAgentRing. That is the agent-free -> next-call-ringing latency.
 */
export function freeToNextRing(
  marks: readonly Mark[],
  calls: readonly CallRecord[],
  fromUs: number,
  toUs: number,
): FreeToRingResult {
  const ringsByAgent = new Map<string, number[]>();
  for (const mark of marks) {
    if (mark.kind !== 'ring' || mark.agent === undefined) continue;
    const list = ringsByAgent.get(mark.agent) ?? [];
    list.push(mark.atUs);
    ringsByAgent.set(mark.agent, list);
  }
  for (const list of ringsByAgent.values()) list.sort((a, b) => a - b);
  const result: FreeToRingResult = { latenciesMs: [], noCallerWaiting: 0, unresolved: 0 };
  for (const mark of marks) {
    if (mark.kind !== 'free' || mark.agent === undefined) continue;
    if (mark.atUs < fromUs || mark.atUs > toUs) continue;
    if (!callerWaitingAt(calls, mark.atUs)) {
      result.noCallerWaiting += 1;
      continue;
    }
    const next = (ringsByAgent.get(mark.agent) ?? []).find((ringUs) => ringUs > mark.atUs);
    if (next === undefined) result.unresolved += 1;
    else result.latenciesMs.push(usToMs(next - mark.atUs));
  }
  return result;
}

export type CallFailure = 'originate' | 'no-arrival' | 'no-ring' | 'late-ring' | 'no-talk' | 'not-over';

/**
 * Why a call failed, or undefined for a call that reached an agent, talked and ended. A ring later
 * than `patienceUs` after arrival is a failure whoever enforces the patience (app_queue hangs up at
 * its Queue() timeout; another system might let the caller wait on).
 */
export function callFailure(
  call: CallRecord,
  patienceUs = Number.POSITIVE_INFINITY,
): CallFailure | undefined {
  if (call.originateError !== undefined) return 'originate';
  if (call.arrivedUs === undefined) return 'no-arrival';
  if (call.ringUs === undefined) return 'no-ring';
  if (call.ringUs - call.arrivedUs > patienceUs) return 'late-ring';
  if (call.freeUs === undefined) return 'no-talk';
  if (call.goneUs === undefined) return 'not-over';
  return undefined;
}

export interface RateStep {
  targetCps: number;
  durationS: number;
  agents: number;
  offered: number;
  achievedCps: number;
  lateSends: number;
  failed: number;
  failureRatio: number;
  failures: Partial<Record<CallFailure, number>>;
  /** A few distinct originate errors, as ARI answered them. */
  originateErrors: string[];
  ring: LatencySummary | undefined;
  /** Asterisk's CPU per call over the step, above its idle rate. */
  asteriskCpuMsPerCall: number | undefined;
  ownCpuMsPerCall: number | undefined;
  /** The step held: failures under the limit and the generator kept the pace. */
  passed: boolean;
  verdict: string;
}

export interface RateStepInput {
  targetCps: number;
  durationS: number;
  agents: number;
  offered: number;
  achievedCps: number;
  lateSends: number;
  calls: readonly CallRecord[];
  patienceS: number;
  maxFailureRatio: number;
  asteriskCpuMsPerCall: number | undefined;
  ownCpuMsPerCall: number | undefined;
}

export function judgeRateStep(input: RateStepInput): RateStep {
  const failures: Partial<Record<CallFailure, number>> = {};
  const originateErrors = new Set<string>();
  let failed = 0;
  const ringsMs: number[] = [];
  for (const call of input.calls) {
    const failure = callFailure(call, input.patienceS * 1e6);
    if (failure) {
      failed += 1;
      failures[failure] = (failures[failure] ?? 0) + 1;
    }
    if (call.originateError !== undefined && originateErrors.size < 3)
      originateErrors.add(call.originateError);
    if (call.arrivedUs !== undefined && call.ringUs !== undefined)
      ringsMs.push(usToMs(call.ringUs - call.arrivedUs));
  }
  const total = Math.max(1, input.calls.length);
  const failureRatio = failed / total;
  const paceKept = input.achievedCps >= 0.95 * input.targetCps && input.lateSends <= 0.01 * total;
  const underLimit = failureRatio < input.maxFailureRatio;
  const problems: string[] = [];
  if (!underLimit) {
    const kinds = Object.entries(failures)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    problems.push(
      `${failed} of ${input.calls.length} calls failed (${(failureRatio * 100).toFixed(2)}%: ${kinds})`,
    );
  }
  if (!paceKept) {
    problems.push(
      `generator could not keep ${input.targetCps}/s (sent ${input.achievedCps.toFixed(1)}/s, ${input.lateSends} late)`,
    );
  }
  const verdict = problems.length === 0 ? 'held' : problems.join('; ');
  return {
    targetCps: input.targetCps,
    durationS: input.durationS,
    agents: input.agents,
    offered: input.offered,
    achievedCps: input.achievedCps,
    lateSends: input.lateSends,
    failed,
    failureRatio,
    failures,
    originateErrors: [...originateErrors],
    ring: summarise(ringsMs),
    asteriskCpuMsPerCall: input.asteriskCpuMsPerCall,
    ownCpuMsPerCall: input.ownCpuMsPerCall,
    passed: paceKept && underLimit,
    verdict,
  };
}

/** Highest step rate that held, stepping up until the first that did not. */
export function sustainedRate(steps: readonly RateStep[]): { cps: number | undefined; limitedBy: string } {
  let cps: number | undefined;
  for (const step of steps) {
    if (!step.passed) return { cps, limitedBy: `${step.targetCps}/s: ${step.verdict}` };
    cps = step.targetCps;
  }
  return { cps, limitedBy: 'highest step of the bench held (the system may go further)' };
}

/** Offsets (ms) between when AMI AgentCalled reached us and the BenchAgentRing mark of the same call. */
export function agentCalledOffsetsMs(
  calls: readonly CallRecord[],
  agentCalledReceivedUs: ReadonlyMap<string, number>,
): number[] {
  const offsets: number[] = [];
  for (const call of calls) {
    const received = agentCalledReceivedUs.get(call.number);
    if (received !== undefined && call.ringUs !== undefined) offsets.push(usToMs(received - call.ringUs));
  }
  return offsets;
}
