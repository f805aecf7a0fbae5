import {
  type AgentProfile,
  MAX_SKILL_LEVEL,
  MIN_SKILL_LEVEL,
  type NewCall,
  type QueueConfig,
  ROUTING_STRATEGIES,
  type SkillRequirement,
} from './types.js';

/**
 * Checks of what the lead hands in, each problem a sentence naming where it is and the value
 * found (`queue "sales": relaxation[1].minLevel is 12: levels run 1–10`). Empty means fine.
 */

const isLevel = (v: unknown) =>
  Number.isInteger(v) && (v as number) >= MIN_SKILL_LEVEL && (v as number) <= MAX_SKILL_LEVEL;
const isSeconds = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));
const LEVELS = `levels run ${MIN_SKILL_LEVEL}–${MAX_SKILL_LEVEL}`;

function checkRequirements(where: string, reqs: unknown, problems: string[]): void {
  if (!Array.isArray(reqs)) {
    problems.push(`${where} is ${show(reqs)}: expected a list of {skill, minLevel}`);
    return;
  }
  (reqs as SkillRequirement[]).forEach((r, i) => {
    if (typeof r?.skill !== 'string' || r.skill === '')
      problems.push(`${where}[${i}].skill is ${show(r?.skill)}`);
    if (!isLevel(r?.minLevel)) problems.push(`${where}[${i}].minLevel is ${show(r?.minLevel)}: ${LEVELS}`);
  });
}

export function queueConfigProblems(q: QueueConfig): string[] {
  const problems: string[] = [];
  const at = `queue ${JSON.stringify(q?.id)}`;
  if (typeof q?.id !== 'string' || q.id === '') return [`${at}: id must be a non-empty string`];
  const need = (ok: boolean, text: string) => {
    if (!ok) problems.push(`${at}: ${text}`);
  };
  need(typeof q.name === 'string', `name is ${show(q.name)}`);
  checkRequirements(`${at}: requiredSkills`, q.requiredSkills, problems);
  need(Number.isFinite(q.priority), `priority is ${show(q.priority)}: expected a number`);
  need(
    ROUTING_STRATEGIES.includes(q.strategy),
    `strategy is ${show(q.strategy)}: one of ${ROUTING_STRATEGIES.join(', ')}`,
  );
  need(
    q.maxWaitSeconds === undefined || isSeconds(q.maxWaitSeconds),
    `maxWaitSeconds is ${show(q.maxWaitSeconds)}`,
  );
  need(
    q.maxSize === undefined || (Number.isInteger(q.maxSize) && q.maxSize >= 0),
    `maxSize is ${show(q.maxSize)}`,
  );
  if (q.overflow !== undefined) {
    need(
      ['queue', 'flow', 'voicemail'].includes(q.overflow.kind),
      `overflow.kind is ${show(q.overflow.kind)}`,
    );
    need(
      typeof q.overflow.target === 'string' && q.overflow.target !== '',
      `overflow.target is ${show(q.overflow.target)}`,
    );
    need(!(q.overflow.kind === 'queue' && q.overflow.target === q.id), 'overflow.target is the queue itself');
  }
  if (q.announcements !== undefined) {
    const a = q.announcements;
    need(
      isSeconds(a.everySeconds) && a.everySeconds >= 5,
      `announcements.everySeconds is ${show(a.everySeconds)}: at least 5`,
    );
    need(a.position === true || a.holdTime === true, 'announcements: neither position nor holdTime is on');
  }
  need(isSeconds(q.serviceLevelSeconds), `serviceLevelSeconds is ${show(q.serviceLevelSeconds)}`);
  need(isSeconds(q.wrapUpSeconds), `wrapUpSeconds is ${show(q.wrapUpSeconds)}`);
  need(
    isSeconds(q.ringTimeoutSeconds) && q.ringTimeoutSeconds > 0,
    `ringTimeoutSeconds is ${show(q.ringTimeoutSeconds)}: must be > 0`,
  );
  if (q.pauseOnNoAnswer !== undefined) {
    need(
      typeof q.pauseOnNoAnswer.reason === 'string' && q.pauseOnNoAnswer.reason !== '',
      'pauseOnNoAnswer.reason is empty',
    );
  }
  (q.relaxation ?? []).forEach((s, i) => {
    need(isSeconds(s?.afterSeconds), `relaxation[${i}].afterSeconds is ${show(s?.afterSeconds)}`);
    need(typeof s?.skill === 'string' && s.skill !== '', `relaxation[${i}].skill is ${show(s?.skill)}`);
    if (s?.drop !== true)
      need(isLevel(s?.minLevel), `relaxation[${i}].minLevel is ${show(s?.minLevel)}: ${LEVELS}`);
  });
  const aging = q.priorityAging;
  if (aging !== undefined) {
    need(
      isSeconds(aging.everySeconds) && aging.everySeconds > 0,
      `priorityAging.everySeconds is ${show(aging.everySeconds)}: must be > 0`,
    );
    need(Number.isFinite(aging.step) && aging.step >= 0, `priorityAging.step is ${show(aging.step)}`);
    need(Number.isFinite(aging.max) && aging.max >= 0, `priorityAging.max is ${show(aging.max)}`);
  }
  return problems;
}

export function agentProfileProblems(a: AgentProfile): string[] {
  const problems: string[] = [];
  if (typeof a?.id !== 'string' || a.id === '') return ['agent id must be a non-empty string'];
  const at = `agent ${a.id}`;
  if (a.skills === null || typeof a.skills !== 'object') problems.push(`${at}: skills is ${show(a.skills)}`);
  else {
    for (const [skill, level] of Object.entries(a.skills)) {
      if (!isLevel(level)) problems.push(`${at}: skills.${skill} is ${show(level)}: ${LEVELS}`);
    }
  }
  if (!Array.isArray(a.queues) || a.queues.some((q) => typeof q !== 'string')) {
    problems.push(`${at}: queues is ${show(a.queues)}: expected a list of queue ids`);
  }
  return problems;
}

export function newCallProblems(c: NewCall): string[] {
  const problems: string[] = [];
  if (typeof c?.callId !== 'string' || c.callId === '') return ['call id must be a non-empty string'];
  const at = `call ${c.callId}`;
  if (c.priority !== undefined && !Number.isFinite(c.priority))
    problems.push(`${at}: priority is ${show(c.priority)}`);
  if (c.skills !== undefined) checkRequirements(`${at}: skills`, c.skills, problems);
  return problems;
}
