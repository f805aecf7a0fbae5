// The four measurements, each run against one system on the bench Asterisk. Every phase starts
// with no call in progress, sets its agents and talk time, places its calls, drains, and checks
// that no channel is left behind.
import {
  agentCalledOffsetsMs,
  callFailure,
  freeToNextRing,
  idleRingLatencies,
  judgeRateStep,
  type RateStep,
  sustainedRate,
} from './analyse.js';
import { sleep, wallClockUs } from './clock.js';
import { agentsForRate, type Profile } from './config.js';
import { closeCpuWindow, cpuWindow } from './cpu.js';
import { CallLoad } from './load.js';
import { AgentCalledWatcher, type Observer } from './measure.js';
import type { CpuFigures, FreeToRingFigures, IdleRingFigures, MaxRateFigures } from './results.js';
import { summarise } from './stats.js';
import { type BenchAgent, type BenchSandbox, benchAgent, type SystemUnderTest } from './systems/types.js';

export interface BenchContext {
  sandbox: BenchSandbox;
  observer: Observer;
  profile: Profile;
  runTag: string;
  /** No measurement starts if it could not finish before this (harness clock, µs). */
  deadlineUs: number;
  log: (line: string) => void;
}

export class OutOfTime extends Error {}

/** Raw samples for latest.json, to the microsecond. */
function roundSamples(samplesMs: readonly number[]): number[] {
  return samplesMs.map((ms) => Math.round(ms * 1000) / 1000);
}

export function makeAgents(count: number): BenchAgent[] {
  return Array.from({ length: count }, (_, i) => benchAgent(`bench${String(i + 1).padStart(3, '0')}`));
}

function requireTime(ctx: BenchContext, seconds: number, what: string): void {
  const leftS = (ctx.deadlineUs - wallClockUs()) / 1e6;
  if (leftS < seconds) {
    throw new OutOfTime(
      `${what} skipped: needs ~${Math.ceil(seconds)} s, ${Math.max(0, Math.floor(leftS))} s of the budget left`,
    );
  }
}

function checkObserver(ctx: BenchContext): void {
  if (ctx.observer.failure) throw new Error(`measurement invalid: ${ctx.observer.failure}`);
}

async function prepare(
  ctx: BenchContext,
  system: SystemUnderTest,
  agents: number,
  talkS: number,
  jitterS: number,
) {
  await ctx.sandbox.ari.setGlobal('BENCH_TALK_SECONDS', String(talkS));
  await ctx.sandbox.ari.setGlobal('BENCH_TALK_JITTER_SECONDS', String(jitterS));
  await system.setAgents(makeAgents(agents));
  // Device-state changes reach app_queue asynchronously.
  await sleep(300);
}

/** Waits for Asterisk to hold no channel; hangs up and reports whatever is still there after 5 s. */
async function ensureNoChannels(ctx: BenchContext, notes: string[], phase: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let channels = await ctx.sandbox.ari.listChannels();
  while (channels.length > 0 && Date.now() < deadline) {
    await sleep(100);
    channels = await ctx.sandbox.ari.listChannels();
  }
  if (channels.length === 0) return;
  notes.push(
    `${phase}: ${channels.length} channel(s) left after the calls ended (hung up): ${channels
      .slice(0, 3)
      .map((c) => c.name)
      .join(', ')}`,
  );
  for (const channel of channels) await ctx.sandbox.ari.hangup(channel.id);
}

function newLoad(ctx: BenchContext, system: SystemUnderTest, patienceS: number, maxCalls: number): CallLoad {
  return new CallLoad(ctx.sandbox.ari, ctx.observer, (number) => system.callerRoute(number), {
    runTag: ctx.runTag,
    patienceSeconds: patienceS,
    maxCalls,
  });
}

function noteUnattributed(load: CallLoad, notes: string[], phase: string): void {
  if (load.unattributedAgentMarks > 0) {
    notes.push(
      `${phase}: ${load.unattributedAgentMarks} agent ring/free marks did not carry a bench caller's number ` +
        '(the agent leg must have the caller number as its caller id)',
    );
  }
}

/** (2) arrival -> ring with an idle agent: one call at a time, every agent idle when it arrives. */
export async function measureIdleRing(
  ctx: BenchContext,
  system: SystemUnderTest,
  notes: string[],
): Promise<IdleRingFigures> {
  const s = ctx.profile.idleRing;
  requireTime(ctx, s.calls * (s.talkS + s.gapMs / 1000 + 0.3) + 15, 'idle-agent ring');
  await prepare(ctx, system, s.agents, s.talkS, 0);
  const load = newLoad(ctx, system, 30, s.calls);
  const watcher = new AgentCalledWatcher(ctx.sandbox.ami);
  try {
    await load.sequential(s.calls, s.gapMs, 30_000, ctx.deadlineUs);
    await load.drain(10_000);
  } finally {
    load.close();
    watcher.close();
  }
  checkObserver(ctx);
  noteUnattributed(load, notes, 'idle ring');
  await ensureNoChannels(ctx, notes, 'idle ring');
  const { latenciesMs, unanswered } = idleRingLatencies(load.calls);
  const figures: IdleRingFigures = {
    summary: summarise(latenciesMs),
    calls: load.calls.length,
    unanswered,
    samplesMs: roundSamples(latenciesMs),
  };
  const offsets = agentCalledOffsetsMs(load.calls, watcher.receivedUs);
  if (offsets.length > 0) figures.agentCalledOffset = summarise(offsets);
  return figures;
}

/** (1) agent free -> next ring: callers always waiting, each agent's hang-up to its next ring. */
export async function measureFreeToRing(
  ctx: BenchContext,
  system: SystemUnderTest,
  notes: string[],
): Promise<FreeToRingFigures> {
  const s = ctx.profile.freeToRing;
  const drainS = s.patienceS + 2 * (s.talkS + s.talkJitterS) + 20;
  requireTime(ctx, s.durationS + drainS + 5, 'agent-free -> next-ring');
  await prepare(ctx, system, s.agents, s.talkS, s.talkJitterS);
  const target = s.agents + s.waitingBeyondAgents;
  // Far more than a backlog this size can turn over: a bound, not a goal.
  const load = newLoad(ctx, system, s.patienceS, Math.ceil(s.durationS * target) + target);
  let fromUs = 0;
  let toUs = 0;
  try {
    fromUs = wallClockUs();
    await load.backlog(target, s.durationS * 1000);
    toUs = wallClockUs();
    const cut = await load.drain(drainS * 1000);
    if (cut > 0)
      notes.push(`agent free -> ring: ${cut} calls still up ${drainS} s after the load stopped (hung up)`);
  } finally {
    load.close();
  }
  checkObserver(ctx);
  noteUnattributed(load, notes, 'agent free -> ring');
  await ensureNoChannels(ctx, notes, 'agent free -> ring');
  const result = freeToNextRing(load.marks, load.calls, fromUs, toUs);
  return {
    summary: summarise(result.latenciesMs),
    agents: s.agents,
    callersInSystem: target,
    durationS: s.durationS,
    calls: load.calls.length,
    failedCalls: load.calls.filter((call) => callFailure(call, s.patienceS * 1e6) !== undefined).length,
    noCallerWaiting: result.noCallerWaiting,
    unresolved: result.unresolved,
    samplesMs: roundSamples(result.latenciesMs),
  };
}

/** Measures `run` with Asterisk's and the system's CPU, minus their idle rates. */
async function withCpu<T>(
  ctx: BenchContext,
  system: SystemUnderTest,
  idle: { asteriskMsPerS: number; ownMsPerS: number },
  run: () => Promise<T>,
) {
  const asteriskPid = [ctx.sandbox.asteriskPid];
  const own = system.ownPids();
  const asterisk = cpuWindow(asteriskPid);
  const ownWindow = cpuWindow(own);
  const harnessStart = process.cpuUsage();
  const value = await run();
  const a = closeCpuWindow(asterisk, asteriskPid);
  const o = closeCpuWindow(ownWindow, own);
  const harness = process.cpuUsage(harnessStart);
  return {
    value,
    asteriskMs: Math.max(0, a.cpuMs - (idle.asteriskMsPerS * a.wallMs) / 1000),
    ownMs: Math.max(0, o.cpuMs - (idle.ownMsPerS * o.wallMs) / 1000),
    harnessMs: (harness.user + harness.system) / 1000,
  };
}

async function idleCpu(ctx: BenchContext, system: SystemUnderTest, seconds: number) {
  const asteriskPid = [ctx.sandbox.asteriskPid];
  const own = system.ownPids();
  const a = cpuWindow(asteriskPid);
  const o = cpuWindow(own);
  await sleep(seconds * 1000);
  const ac = closeCpuWindow(a, asteriskPid);
  const oc = closeCpuWindow(o, own);
  return { asteriskMsPerS: (ac.cpuMs * 1000) / ac.wallMs, ownMsPerS: (oc.cpuMs * 1000) / oc.wallMs };
}

/** (3) highest rate held with under 0.1% failed calls, stepping up until a step does not hold. */
export async function measureMaxRate(
  ctx: BenchContext,
  system: SystemUnderTest,
  notes: string[],
): Promise<MaxRateFigures> {
  const s = ctx.profile.maxRate;
  const drainS = s.patienceS + s.talkS + s.talkJitterS + 15;
  const steps: RateStep[] = [];
  requireTime(ctx, s.stepS + drainS + 5, 'max sustained rate');
  const idle = await idleCpu(ctx, system, 2);
  for (const cps of s.stepsCps) {
    try {
      requireTime(ctx, s.stepS + drainS + 5, `rate step ${cps}/s`);
    } catch (error) {
      notes.push((error as Error).message);
      break;
    }
    const agents = agentsForRate(cps, s.talkS, s.talkJitterS);
    await prepare(ctx, system, agents, s.talkS, s.talkJitterS);
    const load = newLoad(ctx, system, s.patienceS, Math.ceil(cps * s.stepS) + 10);
    let outcome = { offered: 0, achievedCps: 0, lateSends: 0 };
    const measured = await withCpu(ctx, system, idle, async () => {
      try {
        outcome = await load.rate(cps, s.stepS * 1000, s.maxInFlight);
        await load.drain(drainS * 1000);
      } finally {
        load.close();
      }
    });
    checkObserver(ctx);
    noteUnattributed(load, notes, `rate ${cps}/s`);
    await ensureNoChannels(ctx, notes, `rate ${cps}/s`);
    const completed = load.calls.filter((call) => callFailure(call, s.patienceS * 1e6) === undefined).length;
    const step = judgeRateStep({
      targetCps: cps,
      durationS: s.stepS,
      agents,
      offered: outcome.offered,
      achievedCps: outcome.achievedCps,
      lateSends: outcome.lateSends,
      calls: load.calls,
      patienceS: s.patienceS,
      maxFailureRatio: s.maxFailureRatio,
      asteriskCpuMsPerCall: completed > 0 ? measured.asteriskMs / completed : undefined,
      ownCpuMsPerCall: completed > 0 ? measured.ownMs / completed : undefined,
    });
    steps.push(step);
    ctx.log(
      `  ${cps}/s: ${step.offered} calls, ${step.failed} failed, ring p50 ${step.ring?.p50Ms.toFixed(1) ?? '-'} ms -> ${step.verdict}`,
    );
    if (!step.passed) break;
  }
  const sustained = sustainedRate(steps);
  return { sustainedCps: sustained.cps, limitedBy: sustained.limitedBy, steps };
}

/** (4) CPU per call at a fixed rate every system holds, agents never short. */
export async function measureCpu(
  ctx: BenchContext,
  system: SystemUnderTest,
  notes: string[],
): Promise<CpuFigures> {
  const s = ctx.profile.cpu;
  const drainS = s.patienceS + s.talkS + s.talkJitterS + 15;
  requireTime(ctx, s.idleS + s.durationS + drainS + 5, 'CPU per call');
  const agents = agentsForRate(s.cps, s.talkS, s.talkJitterS);
  await prepare(ctx, system, agents, s.talkS, s.talkJitterS);
  const idle = await idleCpu(ctx, system, s.idleS);
  const load = newLoad(ctx, system, s.patienceS, Math.ceil(s.cps * s.durationS) + 10);
  const measured = await withCpu(ctx, system, idle, async () => {
    try {
      await load.rate(s.cps, s.durationS * 1000, ctx.profile.maxRate.maxInFlight);
      await load.drain(drainS * 1000);
    } finally {
      load.close();
    }
  });
  checkObserver(ctx);
  noteUnattributed(load, notes, 'CPU');
  await ensureNoChannels(ctx, notes, 'CPU');
  const failedCalls = load.calls.filter((call) => callFailure(call, s.patienceS * 1e6) !== undefined).length;
  const completed = load.calls.length - failedCalls;
  if (completed === 0) throw new Error('CPU per call: no call completed');
  if (failedCalls > 0) notes.push(`CPU: ${failedCalls} of ${load.calls.length} calls failed at ${s.cps}/s`);
  return {
    cps: s.cps,
    durationS: s.durationS,
    agents,
    calls: load.calls.length,
    failedCalls,
    asteriskMsPerCall: measured.asteriskMs / completed,
    ownMsPerCall: measured.ownMs / completed,
    asteriskIdleMsPerS: idle.asteriskMsPerS,
    harnessMsPerCall: measured.harnessMs / completed,
  };
}
