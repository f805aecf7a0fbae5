import type { Principal } from '../auth/access.js';
import { type AccessScope, outOfScope, seesAgent, seesQueue } from '../auth/scope.js';
import { badRequest } from '../http/errors.js';
import type { AgentInfo, QueueInfo } from './report-rows.js';

/** The filters of a report request, as given. */
export interface ReportFilters {
  queue?: string[];
  agent?: string[];
  skill?: string;
}

function unknown(kind: 'queue' | 'agent', ids: string[]): Error {
  const names = ids.map((id) => `"${id}"`).join(', ');
  return badRequest(`unknown ${kind}${ids.length > 1 ? 's' : ''} ${names}`);
}

/** The queues named in `wanted`, checked to exist (400 naming the others) and to be in scope (403). */
function namedQueues(
  wanted: readonly string[],
  all: readonly QueueInfo[],
  scope: AccessScope,
  principal: Principal,
): QueueInfo[] {
  const byId = new Map(all.map((q) => [q.id, q]));
  const missing = [...new Set(wanted)].filter((id) => !byId.has(id));
  if (missing.length > 0) throw unknown('queue', missing);
  const out = [...new Set(wanted)].map((id) => byId.get(id) as QueueInfo);
  if (scope.kind === 'queues') {
    const foreign = out.find((q) => !seesQueue(scope, q.id));
    if (foreign) throw outOfScope(principal, `queue "${foreign.id}"`);
  }
  return out;
}

/**
 * The queues a queue report covers: the ones asked for, else every queue the caller sees (admins
 * all, supervisors theirs). Agents have no queue report.
 */
export function queueReportQueues(
  filters: ReportFilters,
  all: readonly QueueInfo[],
  scope: AccessScope,
  principal: Principal,
): QueueInfo[] {
  if (scope.kind === 'agent')
    throw outOfScope(principal, 'queue reports (agents see their own agent report)');
  if (filters.agent?.length)
    throw badRequest(
      `agent "${filters.agent.join('", "')}": the queue report has no agent filter (use /api/reports/agents)`,
    );
  if (filters.queue?.length) return namedQueues(filters.queue, all, scope, principal);
  return all.filter((q) => seesQueue(scope, q.id));
}

export interface AgentSelection {
  agents: AgentInfo[];
  /** Only calls from these queues count in call figures; undefined: any queue. */
  callQueues: string[] | undefined;
}

/**
 * The agents an agent or pause report covers and the queues their call figures come from. Agents
 * see only themselves; supervisors the members of their queues, counting calls of their queues
 * only; admins everyone. A queue filter keeps members of those queues and their calls from them;
 * a skill filter keeps agents who have the skill.
 */
export function reportAgents(
  filters: ReportFilters,
  allAgents: readonly AgentInfo[],
  allQueues: readonly QueueInfo[],
  scope: AccessScope,
  principal: Principal,
): AgentSelection {
  const queues = filters.queue?.length
    ? namedQueues(filters.queue, allQueues, scope.kind === 'agent' ? { kind: 'all' } : scope, principal).map(
        (q) => q.id,
      )
    : undefined;
  const byId = new Map(allAgents.map((a) => [a.id, a]));
  let agents: AgentInfo[];
  if (filters.agent?.length) {
    const ids = [...new Set(filters.agent)];
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw unknown('agent', missing);
    agents = ids.map((id) => byId.get(id) as AgentInfo);
    const foreign = agents.find((a) => !seesAgent(scope, a));
    if (foreign) throw outOfScope(principal, `agent "${foreign.id}"`);
  } else if (scope.kind === 'agent') {
    const self = scope.agentId === null ? undefined : byId.get(scope.agentId);
    if (!self) throw outOfScope(principal, 'agent reports (no agent record is linked to this login)');
    agents = [self];
  } else {
    agents = allAgents.filter((a) => seesAgent(scope, a));
  }
  if (queues) agents = agents.filter((a) => a.queues.some((q) => queues.includes(q)));
  if (filters.skill !== undefined) agents = agents.filter((a) => a.skills.includes(filters.skill as string));
  const callQueues = queues ?? (scope.kind === 'queues' ? [...scope.queueIds] : undefined);
  return { agents, callQueues };
}
