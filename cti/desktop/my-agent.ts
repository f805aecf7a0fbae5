import { eq } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
import type { Principal } from '../auth/access.js';
import { ClientError } from '../http/errors.js';
import type { Db } from '../infra/db/client.js';

export type AgentRow = typeof agents.$inferSelect;

/**
 * The agent record of the user making the request, or a 403 saying why there is none. API keys
 * are never anyone's agent login (the same rule as the /ws/agent socket).
 */
export function myAgent(db: Db, principal: Principal | null): AgentRow {
  if (!principal) throw new ClientError(401, 'unauthorized', 'log in first');
  if (principal.kind !== 'user')
    throw new ClientError(
      403,
      'forbidden',
      `API key "${principal.name}" is not anyone's agent login; log in as the agent's user`,
    );
  const row = db.select().from(agents).where(eq(agents.userId, principal.id)).get();
  if (!row)
    throw new ClientError(
      403,
      'forbidden',
      `user "${principal.name}" is not linked to an agent record; an admin links it with PUT /api/agents/:id (userId)`,
    );
  return row;
}
