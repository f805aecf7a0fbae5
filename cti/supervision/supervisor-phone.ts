import { eq } from 'drizzle-orm';
import { agents } from '../acd/schema.js';
import type { AriRest } from '../infra/ari/types.js';
import type { Db } from '../infra/db/client.js';
import { parseSupervisorDevice } from './device.js';
import { MonitorRefused } from './errors.js';
import { describeSupervisor, type Supervisor } from './monitor.js';

export interface SupervisorPhoneDeps {
  db: Db;
  rest: () => AriRest;
  /** supervision.localContexts: the only contexts a Local device may name. */
  localContexts: readonly string[];
  /** An agent's live browser softphone, which the ACD also rings instead of the stored device. */
  liveDevice: (agentId: string) => string | undefined;
}

/**
 * The dial string of the phone that rings for the supervisor: the device they sent (checked, see
 * device.ts, and a PJSIP endpoint must exist), else the phone of their own agent record.
 */
export async function supervisorPhone(
  deps: SupervisorPhoneDeps,
  requested: string | undefined,
  who: Supervisor,
): Promise<string> {
  if (requested !== undefined) {
    const parsed = parseSupervisorDevice(requested, deps.localContexts);
    if (!parsed.ok) throw new MonitorRefused('bad_request', parsed.reason);
    const { device } = parsed;
    if (device.kind === 'pjsip') {
      const ref = { configClass: 'res_pjsip', objectType: 'endpoint', id: device.endpoint };
      if (!(await deps.rest().getConfigObject(ref)))
        throw new MonitorRefused(
          'bad_request',
          `device "${requested}": Asterisk has no PJSIP endpoint "${device.endpoint}"`,
        );
    }
    return device.dial;
  }
  // The agent record's device was set by an admin (PUT /api/agents/:id checks its shape).
  const agent =
    who.kind === 'user' ? deps.db.select().from(agents).where(eq(agents.userId, who.id)).get() : undefined;
  const own = agent ? (deps.liveDevice(agent.id) ?? agent.device) : null;
  if (own) return own;
  throw new MonitorRefused(
    'bad_request',
    `send "device" (PJSIP/<endpoint> or Local/<extension>@<context>): ${describeSupervisor(who)} has no agent record with a phone to ring`,
  );
}
