import { SortedList } from './sorted-list.js';
import { compareRank, type RankEntry, rankEntry } from './strategy.js';
import type { AgentId, AgentSnapshot, QueueConfig, QueueId } from './types.js';
import { MAX_SKILL_LEVEL } from './types.js';

interface QueueSlot {
  config: QueueConfig;
  /** Available members in strategy order (indexed mode only). */
  available: SortedList<RankEntry>;
  /** The key each available member was filed under, to find it again. */
  entries: Map<AgentId, RankEntry>;
  /** round-robin: the turn counter and each member's last turn. */
  turn: number;
  turns: Map<AgentId, number>;
}

/**
 * Who can take calls. Every agent change goes through `put`, which files the agent in:
 * the member set of each of its queues (all states), and while available, the queue's
 * strategy-ordered list and one skill-level bucket per skill. A decision then reads only
 * available members, in order, or the bucket of the rarest required skill.
 * With `indexed: false` (the linear-scan baseline) only agents and members are kept.
 */
export class AgentIndex {
  readonly agents = new Map<AgentId, AgentSnapshot>();
  private readonly members = new Map<QueueId, Set<AgentId>>();
  private readonly slots = new Map<QueueId, QueueSlot>();
  /** skill → level → available agents having exactly that level. */
  private readonly buckets = new Map<string, Set<AgentId>[]>();

  constructor(readonly indexed: boolean) {}

  get(id: AgentId): AgentSnapshot | undefined {
    return this.agents.get(id);
  }

  queue(id: QueueId): QueueConfig | undefined {
    return this.slots.get(id)?.config;
  }

  queues(): QueueConfig[] {
    return [...this.slots.values()].map((s) => s.config);
  }

  /** Adds a queue or replaces its configuration, re-filing its available members under the new strategy. */
  setQueue(config: QueueConfig): void {
    const old = this.slots.get(config.id);
    const slot: QueueSlot = {
      config,
      available: new SortedList(compareRank),
      entries: new Map(),
      turn: old?.turn ?? 0,
      turns: old?.turns ?? new Map(),
    };
    this.slots.set(config.id, slot);
    if (!this.indexed) return;
    for (const id of this.members.get(config.id) ?? []) {
      const agent = this.agents.get(id);
      if (agent?.state === 'available') this.file(slot, agent);
    }
  }

  /** Stores the agent's new snapshot and moves it between indexes as its state, skills or queues changed. */
  put(next: AgentSnapshot): void {
    const old = this.agents.get(next.id);
    if (old !== undefined) {
      if (old.state === 'available') this.unfile(old);
      for (const q of old.queues) this.members.get(q)?.delete(old.id);
    }
    this.agents.set(next.id, next);
    for (const q of next.queues) {
      let set = this.members.get(q);
      if (set === undefined) {
        set = new Set();
        this.members.set(q, set);
      }
      set.add(next.id);
    }
    if (next.state === 'available' && this.indexed) {
      for (const q of next.queues) {
        const slot = this.slots.get(q);
        if (slot !== undefined) this.file(slot, next);
      }
      for (const [skill, level] of Object.entries(next.skills)) this.bucket(skill)[level]?.add(next.id);
    }
  }

  membersOf(queueId: QueueId): ReadonlySet<AgentId> {
    return this.members.get(queueId) ?? new Set();
  }

  /** Available members of the queue, best first by its strategy. */
  availableIn(queueId: QueueId): readonly RankEntry[] {
    return this.slots.get(queueId)?.available.values() ?? [];
  }

  /** The key of an available member; undefined for anyone else. */
  entryOf(queueId: QueueId, agentId: AgentId): RankEntry | undefined {
    return this.slots.get(queueId)?.entries.get(agentId);
  }

  /** The key as it would be filed now (the linear scan computes it for every agent). */
  rankOf(queue: QueueConfig, agent: AgentSnapshot): RankEntry {
    return rankEntry(queue, agent, this.slots.get(queue.id)?.turns.get(agent.id) ?? 0);
  }

  /** Available agents with at least `level` in `skill`. */
  countAtLeast(skill: string, level: number): number {
    const b = this.buckets.get(skill);
    if (b === undefined) return 0;
    let n = 0;
    for (let l = Math.max(1, level); l <= MAX_SKILL_LEVEL; l++) n += b[l]?.size ?? 0;
    return n;
  }

  *agentsAtLeast(skill: string, level: number): Generator<AgentId> {
    const b = this.buckets.get(skill);
    if (b === undefined) return;
    for (let l = MAX_SKILL_LEVEL; l >= Math.max(1, level); l--) yield* b[l] ?? [];
  }

  /** round-robin: the agent just took a turn in this queue. Call while the agent is not available. */
  takeTurn(queueId: QueueId, agentId: AgentId): void {
    const slot = this.slots.get(queueId);
    if (slot === undefined || slot.config.strategy !== 'round-robin') return;
    slot.turn += 1;
    slot.turns.set(agentId, slot.turn);
  }

  /** Re-files every available agent (after counters they rank by were reset). */
  refileAll(): void {
    for (const slot of this.slots.values()) this.setQueue(slot.config);
  }

  private file(slot: QueueSlot, agent: AgentSnapshot): void {
    const entry = rankEntry(slot.config, agent, slot.turns.get(agent.id) ?? 0);
    slot.entries.set(agent.id, entry);
    slot.available.insert(entry);
  }

  private unfile(agent: AgentSnapshot): void {
    if (!this.indexed) return;
    for (const q of agent.queues) {
      const slot = this.slots.get(q);
      const entry = slot?.entries.get(agent.id);
      if (slot === undefined || entry === undefined) continue;
      slot.available.delete(entry);
      slot.entries.delete(agent.id);
    }
    for (const [skill, level] of Object.entries(agent.skills))
      this.buckets.get(skill)?.[level]?.delete(agent.id);
  }

  private bucket(skill: string): Set<AgentId>[] {
    let b = this.buckets.get(skill);
    if (b === undefined) {
      b = Array.from({ length: MAX_SKILL_LEVEL + 1 }, () => new Set<AgentId>());
      this.buckets.set(skill, b);
    }
    return b;
  }
}
