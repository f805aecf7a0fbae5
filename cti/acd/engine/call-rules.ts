import type { PriorityAging, QueueConfig, RelaxationStep, SkillRequirement, WaitingCall } from './types.js';

/**
 * The timed rules of a waiting call, computed from its enqueue time and `now` alone, so they are
 * the same whoever asks and whenever: no state is kept between steps.
 */

/** IVR queue nodes name skills without levels: any level will do. */
export function skillsFromNames(names: readonly string[], minLevel = 1): SkillRequirement[] {
  return names.map((skill) => ({ skill, minLevel }));
}

export function relaxationAt(step: RelaxationStep, call: WaitingCall): number {
  return call.enqueuedAt + step.afterSeconds * 1000;
}

export interface EffectiveRequirements {
  requirements: SkillRequirement[];
  /** The steps in force, in words ("after 30s: spanish ≥ 3"). */
  relaxed: string[];
}

/**
 * The queue's skills plus the call's own (the higher level where both name a skill), then every
 * relaxation step due by `now` in order of its time: a level step lowers the requirement (never
 * raises it), a drop step removes it. Steps on skills nobody requires do nothing.
 */
export function effectiveRequirements(
  queue: QueueConfig,
  call: WaitingCall,
  now: number,
): EffectiveRequirements {
  const levels = new Map<string, number>();
  for (const r of [...queue.requiredSkills, ...call.skills]) {
    levels.set(r.skill, Math.max(levels.get(r.skill) ?? 0, r.minLevel));
  }
  const relaxed: string[] = [];
  for (const step of sortedSteps(queue)) {
    if (relaxationAt(step, call) > now) break;
    const current = levels.get(step.skill);
    if (current === undefined) continue;
    if (step.drop) {
      levels.delete(step.skill);
      relaxed.push(`after ${step.afterSeconds}s: ${step.skill} dropped`);
    } else if (step.minLevel < current) {
      levels.set(step.skill, step.minLevel);
      relaxed.push(`after ${step.afterSeconds}s: ${step.skill} ≥ ${step.minLevel}`);
    }
  }
  return { requirements: [...levels].map(([skill, minLevel]) => ({ skill, minLevel })), relaxed };
}

const sortedCache = new WeakMap<QueueConfig, RelaxationStep[]>();

/** Relaxation steps by time; equal times keep their configured order. */
export function sortedSteps(queue: QueueConfig): RelaxationStep[] {
  let steps = sortedCache.get(queue);
  if (steps === undefined) {
    steps = [...(queue.relaxation ?? [])].sort((a, b) => a.afterSeconds - b.afterSeconds);
    sortedCache.set(queue, steps);
  }
  return steps;
}

/** What aging adds after `waitedMs`: `step` per whole `everySeconds`, never more than `max`. */
export function agingBonus(aging: PriorityAging | undefined, waitedMs: number): number {
  if (aging === undefined || waitedMs < 0) return 0;
  const steps = Math.floor(waitedMs / (aging.everySeconds * 1000));
  return Math.min(aging.max, steps * aging.step);
}

export interface EffectivePriority {
  base: number;
  bonus: number;
  effective: number;
}

/** Queue priority + caller priority + aging bonus: the first key when callers compete for an agent. */
export function effectivePriority(queue: QueueConfig, call: WaitingCall, now: number): EffectivePriority {
  const base = queue.priority + call.priority;
  const bonus = agingBonus(queue.priorityAging, now - call.enqueuedAt);
  return { base, bonus, effective: base + bonus };
}

/** The next instant after `now` at which aging raises this call's priority, if it still can. */
export function nextAgingStep(queue: QueueConfig, call: WaitingCall, now: number): number | undefined {
  const aging = queue.priorityAging;
  if (aging === undefined || aging.step <= 0) return undefined;
  const every = aging.everySeconds * 1000;
  const waited = now - call.enqueuedAt;
  if (agingBonus(aging, waited) >= aging.max) return undefined;
  const k = waited < 0 ? 1 : Math.floor(waited / every) + 1;
  return call.enqueuedAt + k * every;
}

/** The relaxation steps still ahead of `now`, as instants. */
export function futureRelaxations(queue: QueueConfig, call: WaitingCall, now: number): number[] {
  return sortedSteps(queue)
    .map((s) => relaxationAt(s, call))
    .filter((at) => at > now);
}

/** When this call passes the queue's maximum wait, if it has one. */
export function maxWaitAt(queue: QueueConfig, call: WaitingCall): number | undefined {
  return queue.maxWaitSeconds === undefined ? undefined : call.enqueuedAt + queue.maxWaitSeconds * 1000;
}
