import { eq } from 'drizzle-orm';
import type { Router } from '../acd/engine/router.js';
import type { AgentSnapshot } from '../acd/engine/types.js';
import { agents } from '../acd/schema.js';
import type { Db } from '../infra/db/client.js';
import type { AgentView } from './messages.js';

/**
 * Agents as the sockets show them. The router holds the live state; until the ACD has loaded
 * (it does on the first ARI connection) the stored state stands in, so a socket opened during
 * start-up still says hello with something true.
 */
export class AgentDirectory {
  constructor(
    private readonly db: Db,
    private readonly router: Pick<Router, 'getAgent'>,
  ) {}

  view(agentId: string): AgentView | null {
    const live = this.router.getAgent(agentId);
    if (live) return fromSnapshot(live);
    const row = this.db.select().from(agents).where(eq(agents.id, agentId)).get();
    return row ? fromRow(row) : null;
  }

  all(): AgentView[] {
    return this.rows().map((row) => {
      const live = this.router.getAgent(row.id);
      return live ? fromSnapshot(live) : fromRow(row);
    });
  }

  name(agentId: string): string | null {
    return this.router.getAgent(agentId)?.name ?? null;
  }

  queuesOf(agentId: string): readonly string[] {
    return this.router.getAgent(agentId)?.queues ?? [];
  }

  private rows() {
    return this.db.select().from(agents).orderBy(agents.id).all();
  }
}

function fromSnapshot(agent: AgentSnapshot): AgentView {
  return {
    id: agent.id,
    name: agent.name ?? null,
    state: agent.state,
    since: new Date(agent.stateSince).toISOString(),
    ...(agent.state === 'paused' && agent.pauseReason ? { reason: agent.pauseReason } : {}),
    queues: [...agent.queues],
  };
}

function fromRow(row: typeof agents.$inferSelect): AgentView {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    since: row.stateSince.toISOString(),
    ...(row.state === 'paused' && row.stateReason ? { reason: row.stateReason } : {}),
    queues: row.queues,
  };
}
