import { eq } from 'drizzle-orm';
import { scopeChanged } from '../auth/scope-changes.js';
import { badRequest, ClientError, notFound } from '../http/errors.js';
import type { Db } from '../infra/db/client.js';
import { liveFlowByName } from '../ivr/flows/flow-for-call.js';
import type { AcdRuntime } from './call/acd-runtime.js';
import { AGENT_STATES, type AgentState, type OverflowTarget, type QueueConfig } from './engine/types.js';
import { agentProfileProblems, queueConfigProblems } from './engine/validate.js';
import { acdQueues, agents } from './schema.js';

/** Skills are names administrators type and flows refer to: keep them plain. */
const SKILL_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SKILL_NAME_RULE = 'lower-case letters, digits, - and _, up to 64';

const SETTABLE: readonly AgentState[] = ['available', 'paused', 'logged-out'];

export interface AgentInput {
  name: string;
  skills: Record<string, number>;
  queues: string[];
  device?: string | null;
  userId?: number | null;
}

/**
 * Queues and agents as stored and as the running ACD sees them: every change is validated by the
 * engine first, stored, then applied live (waiting callers stay where they are).
 */
export class AcdAdmin {
  constructor(
    private readonly db: Db,
    private readonly acd: AcdRuntime,
    private readonly clock: () => Date,
  ) {}

  putQueue(id: string, input: Omit<QueueConfig, 'id'>, mohClass: string | null): { created: boolean } {
    const config: QueueConfig = { ...input, id };
    const problems = queueConfigProblems(config);
    if (problems.length) throw badRequest(`queue ${id}: ${problems.join('; ')}`);
    const skills = [...config.requiredSkills, ...(config.relaxation ?? [])].map((r) => r.skill);
    const badSkill = skills.find((skill) => !SKILL_NAME.test(skill));
    if (badSkill !== undefined)
      throw badRequest(
        `queue ${id}: skill ${JSON.stringify(badSkill)} is not a skill name (${SKILL_NAME_RULE})`,
      );
    const missing = config.overflow && this.overflowTargetProblem(config.overflow);
    if (missing) throw badRequest(`queue ${id}: overflow.target ${missing}`);
    const now = this.clock();
    const existing = this.db.select().from(acdQueues).where(eq(acdQueues.id, id)).get();
    this.acd.applyQueue(config, mohClass ?? undefined);
    if (existing)
      this.db
        .update(acdQueues)
        .set({ config: input, mohClass, updatedAt: now })
        .where(eq(acdQueues.id, id))
        .run();
    else
      this.db.insert(acdQueues).values({ id, config: input, mohClass, createdAt: now, updatedAt: now }).run();
    return { created: !existing };
  }

  /** A target that does not exist now would strand callers later: refused when the queue is saved. */
  private overflowTargetProblem(target: OverflowTarget): string | undefined {
    if (target.kind === 'queue' && !this.acd.hasQueue(target.target))
      return `"${target.target}": no such queue`;
    if (target.kind === 'flow' && !liveFlowByName(this.db, target.target))
      return `"${target.target}": no flow of that name has a published version`;
    if (target.kind === 'voicemail' && !/^[A-Za-z0-9_-]{1,64}(@[A-Za-z0-9_-]{1,64})?$/.test(target.target))
      return `"${target.target}": a mailbox is like "100" or "100@default"`;
    return undefined;
  }

  /** One phone, one person: a device or a login already held by another agent would ring (or log in) two agents. */
  private refuseSecondPlace(id: string, input: AgentInput): void {
    for (const other of this.db.select().from(agents).all()) {
      if (other.id === id) continue;
      if (input.device && other.device === input.device)
        throw new ClientError(
          409,
          'conflict',
          `agent ${id}: device ${input.device} is already agent ${other.id}'s`,
        );
      if (input.userId != null && other.userId === input.userId)
        throw new ClientError(
          409,
          'conflict',
          `agent ${id}: user ${input.userId} is already agent ${other.id}`,
        );
    }
  }

  putAgent(id: string, input: AgentInput): { created: boolean } {
    const unknownQueue = input.queues.find((q) => !this.acd.hasQueue(q));
    if (unknownQueue) throw badRequest(`agent ${id}: queue "${unknownQueue}" does not exist`);
    const problems = agentProfileProblems({
      id,
      name: input.name,
      skills: input.skills,
      queues: input.queues,
    });
    if (problems.length) throw badRequest(`agent ${id}: ${problems.join('; ')}`);
    const badSkill = Object.keys(input.skills).find((skill) => !SKILL_NAME.test(skill));
    if (badSkill !== undefined)
      throw badRequest(
        `agent ${id}: skill ${JSON.stringify(badSkill)} is not a skill name (${SKILL_NAME_RULE})`,
      );
    this.refuseSecondPlace(id, input);
    const now = this.clock();
    const existing = this.db.select().from(agents).where(eq(agents.id, id)).get();
    const result = this.acd.router.upsertAgent(
      { id, name: input.name, skills: input.skills, queues: input.queues },
      now,
    );
    if (!result.ok) throw badRequest(result.error.message);
    const values = {
      name: input.name,
      skills: input.skills,
      queues: input.queues,
      device: input.device ?? null,
      userId: input.userId ?? null,
      updatedAt: now,
    };
    if (existing) this.db.update(agents).set(values).where(eq(agents.id, id)).run();
    else
      this.db
        .insert(agents)
        .values({ id, ...values, state: 'logged-out', stateSince: now, createdAt: now })
        .run();
    // Who supervises this agent may have changed: open supervisor sockets are re-scoped now.
    if (!existing || !sameQueues(existing.queues, input.queues)) scopeChanged(this.db);
    return { created: !existing };
  }

  /** An agent (or a supervisor for them) changes state; refused changes name from, to and why. */
  setAgentState(id: string, state: string, reason?: string) {
    if (!(AGENT_STATES as readonly string[]).includes(state))
      throw badRequest(`state "${state}" is not one of ${AGENT_STATES.join(', ')}`);
    // Reserved, ringing, on-call and wrap-up follow calls; people choose only these.
    if (!SETTABLE.includes(state as AgentState)) {
      throw new ClientError(
        409,
        'state_not_allowed',
        `agent ${id} cannot be set to ${state}: people choose only ${SETTABLE.join(', ')}`,
      );
    }
    if (!this.acd.router.getAgent(id)) throw notFound(`agent ${id}`);
    const result = this.acd.setAgentState(id, state as AgentState, reason);
    if (!result.ok) throw new ClientError(409, 'state_not_allowed', result.error.message);
    return result.agent;
  }
}

function sameQueues(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join(',') === [...b].sort().join(',');
}
