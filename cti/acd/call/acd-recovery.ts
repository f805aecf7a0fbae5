import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { QueueConfig } from '../engine/types.js';
import type { AcdContext } from './acd-context.js';
import type { AcdStore } from './acd-store.js';
import { AGENT_LEG_PREFIX } from './agent-legs.js';
import { CALL_BRIDGE_PREFIX, type CallBridges } from './call-bridges.js';

// What a restarted daemon reads back about the ACD: queues and agents from the database, and from
// Asterisk who is still talking, which callers still wait, which agent legs belong to no call any more.

function agentLegsIn(channelIds: string[]): string[] {
  // The far half of a Local agent device is "<id>;2": only the leg the daemon originated counts.
  return channelIds.filter((id) => id.startsWith(AGENT_LEG_PREFIX) && !id.includes(';'));
}

/** Agents whose leg still sits in a call bridge: busy before anything is matched. */
async function agentsInCallBridges(rest: AriRest, store: AcdStore): Promise<Set<string>> {
  const agentIds = new Set<string>();
  for (const bridge of await rest.listBridges()) {
    if (!bridge.id.startsWith(CALL_BRIDGE_PREFIX)) continue;
    for (const channelId of agentLegsIn(bridge.channels)) {
      const agentId = store.offerAgent(channelId.slice(AGENT_LEG_PREFIX.length));
      if (agentId) agentIds.add(agentId);
    }
  }
  return agentIds;
}

/** Agent legs ringing or talking outside any call bridge, whose offer this process does not know: hung up. */
async function hangUpStrayAgentLegs(
  rest: AriRest,
  store: AcdStore,
  isLiveOffer: (offerId: string) => boolean,
  clock: () => Date,
): Promise<void> {
  const [channels, bridges] = await Promise.all([rest.listChannels(), rest.listBridges()]);
  const bridged = new Set(
    bridges.filter((b) => b.id.startsWith(CALL_BRIDGE_PREFIX)).flatMap((b) => b.channels),
  );
  for (const channelId of agentLegsIn(channels.map((c) => c.id))) {
    const offerId = channelId.slice(AGENT_LEG_PREFIX.length);
    if (bridged.has(channelId) || isLiveOffer(offerId)) continue;
    store.offerOutcome(offerId, 'cancelled', clock());
    await ignoreNotFound(rest.hangup(channelId));
  }
}

export interface AcdRecoveryDeps {
  acd: AcdContext;
  bridges: CallBridges;
  applyQueue: (config: QueueConfig, mohClass?: string) => void;
  /** The answered agent leg of a bridged call found after a restart, so its hangup reaches the ACD. */
  adoptAnswered: (agentChannelId: string) => void;
  startAnnouncements: (session: CallSession) => void;
  callerGone: (callId: string) => void;
  persistTransitions: () => void;
  turn: () => void;
}

/** Rebuilds the ACD after a daemon start or restart, from the database and what Asterisk still holds. */
export class AcdRecovery {
  constructor(private readonly deps: AcdRecoveryDeps) {}

  /** Queues and agents from the database into the router (at start; changes arrive through the API). */
  async load(): Promise<void> {
    const { router, store, clock, rest } = this.deps.acd;
    const now = clock();
    for (const row of store.queues())
      this.deps.applyQueue({ id: row.id, ...row.config }, row.mohClass ?? undefined);
    const talking = await agentsInCallBridges(rest(), store);
    for (const row of store.agents()) {
      router.upsertAgent({ id: row.id, name: row.name, skills: row.skills, queues: row.queues }, now);
      if (talking.has(row.id)) {
        router.agentState(row.id, 'available', now, 'logged in before a daemon restart');
        router.agentState(row.id, 'on-call', now, 'on a call that outlived a daemon restart');
      } else if (row.state !== 'logged-out') {
        router.agentState(
          row.id,
          row.state === 'paused' ? 'paused' : 'available',
          now,
          row.stateReason ?? undefined,
        );
      }
    }
    this.deps.persistTransitions();
    this.deps.turn();
  }

  /**
   * After a daemon restart, for a caller whose flow had reached `queue`: one found in a call bridge
   * stays connected to its agent; anyone else waits in the queue again with their original arrival.
   */
  async resume(call: LiveCall, queue: string): Promise<void> {
    const { router, store, waiting, clock, log } = this.deps.acd;
    const { session } = call;
    const callId = String(session.callId);
    const dialed = call.args[1] ?? null;
    if (call.bridgeId?.startsWith(CALL_BRIDGE_PREFIX)) {
      await this.resumeConnected(call, queue, dialed);
      return;
    }
    const now = clock();
    const entry = store.openEntry(session.callId);
    const skills = entry?.skills ?? [];
    const priority = entry?.priority ?? 0;
    const enqueuedAt = entry?.enqueuedAt ?? now;
    const result = router.enqueue({ callId, queueId: queue, priority, skills, enqueuedAt }, now);
    if (!result.ok) throw new Error('overflow' in result ? `queue "${queue}" is full` : result.error.message);
    if (!entry) store.enter(session.callId, queue, priority, skills, now);
    waiting.add(callId, {
      session,
      queueId: queue,
      callerNumber: call.channel.caller.number,
      dialedNumber: dialed,
    });
    session.onEnd(() => this.deps.callerGone(callId));
    const bridge = this.deps.acd.holding(queue);
    if (bridge && call.bridgeId !== bridge.id) await bridge.admit(session.channelId);
    this.deps.startAnnouncements(session);
    log.info(
      { callId, queue, waitedMs: now.getTime() - enqueuedAt.getTime() },
      'caller re-queued after a restart',
    );
    this.deps.turn();
  }

  private async resumeConnected(call: LiveCall, queue: string, dialed: string | null): Promise<void> {
    const { router, store, waiting, clock, log, rest } = this.deps.acd;
    const { session } = call;
    const callId = String(session.callId);
    const bridge = (await rest().listBridges()).find((b) => b.id === call.bridgeId);
    const agentChannelId = bridge?.channels.find(
      (id) => id.startsWith(AGENT_LEG_PREFIX) && !id.includes(';'),
    );
    const offerId = agentChannelId?.slice(AGENT_LEG_PREFIX.length);
    const agentId = offerId ? store.offerAgent(offerId) : undefined;
    if (!agentChannelId || !offerId || !agentId) {
      // The agent left while nobody watched: the conversation is over.
      log.info({ callId }, 'agent gone from a bridged call found after a restart; ending it');
      await this.deps.bridges.tearDown({
        callId: session.callId,
        callerChannelId: session.channelId,
        agentChannelId: agentChannelId ?? '',
      });
      return;
    }
    waiting.add(callId, {
      session,
      queueId: queue,
      callerNumber: call.channel.caller.number,
      dialedNumber: dialed,
      offerId,
      agentId,
      agentChannelId,
    });
    waiting.offered(offerId, callId);
    this.deps.adoptAnswered(agentChannelId);
    if (router.getAgent(agentId)?.state !== 'on-call') {
      const onCall = router.agentState(agentId, 'on-call', clock(), 'call continued after a daemon restart');
      if (!onCall.ok) log.warn({ agentId, err: onCall.error.message }, 'could not mark the agent on-call');
    }
    session.onEnd(() => this.deps.callerGone(callId));
    log.info({ callId, agentId }, 'bridged call adopted after a restart');
    this.deps.persistTransitions();
  }

  /** On every (re)connect: agent legs outside any call bridge belong to no call now. */
  hangUpStrayAgentLegs(): Promise<void> {
    const { rest, store, waiting, clock } = this.deps.acd;
    return hangUpStrayAgentLegs(rest(), store, (offerId) => waiting.hasOffer(offerId), clock);
  }
}
