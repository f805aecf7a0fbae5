import { seconds } from './instant.js';
import type { AgentId, AgentSnapshot, QueueConfig, RoutingStrategy } from './types.js';

/**
 * A queue's strategy as a sort key: the best agent has the smallest (k1, k2, agentId). The same
 * key orders the per-queue index and the linear scan, so both always pick the same agent.
 */
export interface RankEntry {
  readonly agentId: AgentId;
  readonly k1: number;
  readonly k2: number;
}

/** The sum of the agent's levels on the queue's configured skills (before relaxation): best-skill ranks by it. */
export function skillScore(queue: QueueConfig, agent: AgentSnapshot): number {
  let score = 0;
  for (const r of queue.requiredSkills) score += agent.skills[r.skill] ?? 0;
  return score;
}

/**
 * longest-idle: earliest `idleSince` first. fewest-calls: fewest calls answered today, then
 * longest idle. best-skill: highest skill score, then longest idle. round-robin: the member whose
 * last turn in this queue is oldest (never offered first), i.e. a rotation that remembers its place.
 * Ties always fall to the smaller agent id.
 */
export function rankEntry(queue: QueueConfig, agent: AgentSnapshot, rrTurn: number): RankEntry {
  const idle = agent.idleSince ?? 0;
  switch (queue.strategy) {
    case 'longest-idle':
      return { agentId: agent.id, k1: idle, k2: 0 };
    case 'fewest-calls':
      return { agentId: agent.id, k1: agent.callsAnswered, k2: idle };
    case 'best-skill':
      return { agentId: agent.id, k1: -skillScore(queue, agent), k2: idle };
    case 'round-robin':
      return { agentId: agent.id, k1: rrTurn, k2: 0 };
  }
}

export function compareRank(a: RankEntry, b: RankEntry): number {
  if (a.k1 !== b.k1) return a.k1 - b.k1;
  if (a.k2 !== b.k2) return a.k2 - b.k2;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/** The entry's standing in words, for traces. */
export function rankWords(strategy: RoutingStrategy, e: RankEntry, now: number): string {
  switch (strategy) {
    case 'longest-idle':
      return `idle ${seconds(now - e.k1)}`;
    case 'fewest-calls':
      return `${e.k1} calls today, idle ${seconds(now - e.k2)}`;
    case 'best-skill':
      return `skill score ${-e.k1}, idle ${seconds(now - e.k2)}`;
    case 'round-robin':
      return e.k1 === 0 ? 'no turn yet in this queue' : `last turn #${e.k1} in this queue`;
  }
}

/** Which part of the key separated the winner from the runner-up. */
export function decidingRule(strategy: RoutingStrategy, winner: RankEntry, runnerUp?: RankEntry): string {
  const primary: Record<RoutingStrategy, string> = {
    'longest-idle': 'longest idle',
    'fewest-calls': 'fewest calls today',
    'best-skill': 'highest skill score',
    'round-robin': 'oldest turn in the rotation',
  };
  if (runnerUp === undefined) return `${strategy}: the only eligible agent`;
  if (winner.k1 !== runnerUp.k1) return `${strategy}: ${primary[strategy]}`;
  if (winner.k2 !== runnerUp.k2) return `${strategy}: tie on ${primary[strategy]}, then longest idle`;
  return `${strategy}: tie on ${primary[strategy]}, then the smaller agent id`;
}
