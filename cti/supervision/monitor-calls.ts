import { and, desc, eq } from 'drizzle-orm';
import type { AcdRuntime } from '../acd/call/acd-runtime.js';
import { AgentLegs } from '../acd/call/agent-legs.js';
import { acdOffers } from '../acd/schema.js';
import type { CallLog } from '../calls/call-log.js';
import type { Db } from '../infra/db/client.js';
import { MonitorRefused } from './errors.js';
import type { MonitoredCall } from './monitor.js';

export interface ConnectedCallsDeps {
  db: Db;
  callLog: Pick<CallLog, 'byId'>;
  acd: Pick<AcdRuntime, 'connectedAgentOf'>;
}

/**
 * A call a supervisor may monitor: connected to its agent right now (the ACD's word). The answered
 * offer names the queue it was answered from, and its id is the agent leg's channel id.
 * Unknown: not_found; ended, still waiting or never queued: not_connected, naming the call.
 */
export function connectedCall(deps: ConnectedCallsDeps, callId: number): MonitoredCall {
  const row = deps.callLog.byId(callId);
  if (!row) throw new MonitorRefused('not_found', `call ${callId} not found`);
  if (row.endedAt) throw new MonitorRefused('not_connected', `call ${callId} has ended`);
  const agentId = deps.acd.connectedAgentOf(callId);
  const offer =
    agentId === undefined
      ? undefined
      : deps.db
          .select({ id: acdOffers.id, queueId: acdOffers.queueId })
          .from(acdOffers)
          .where(
            and(
              eq(acdOffers.callId, callId),
              eq(acdOffers.agentId, agentId),
              eq(acdOffers.outcome, 'answered'),
            ),
          )
          .orderBy(desc(acdOffers.offeredAt))
          .get();
  if (agentId === undefined || !offer)
    throw new MonitorRefused(
      'not_connected',
      `call ${callId} is not connected to an agent (still waiting in a queue, or not an ACD call)`,
    );
  return {
    callId,
    queueId: offer.queueId,
    agentId,
    agentChannelId: AgentLegs.channelIdOf(offer.id),
    callerNumber: row.callerNumber,
  };
}
