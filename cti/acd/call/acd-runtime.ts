import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import { HoldingBridge } from '../../calls/holding-bridge.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Logger } from '../../infra/logger.js';
import { checkDialTarget } from '../../ivr/flow/dial-safety.js';
import { Router } from '../engine/router.js';
import type { Offer, OverdueCall, OverflowTarget } from '../engine/types.js';
import { AcdEvents } from './acd-events.js';
import { agentsInCallBridges, hangUpStrayAgentLegs } from './acd-recovery.js';
import type { AcdStore } from './acd-store.js';
import { AGENT_LEG_PREFIX, type AgentLegListener, type AgentLegs, type LegFailure } from './agent-legs.js';
import { CALL_BRIDGE_PREFIX, CallBridges } from './call-bridges.js';
import type { CallerRedirects } from './caller-redirects.js';
import { QueueAnnouncer } from './queue-announcements.js';
import { TransferRefused, type TransferTarget } from './transfer.js';

interface QueuedCall {
  session: CallSession;
  queueId: string;
  callerNumber: string;
  dialedNumber: string | null;
  offerId?: string;
  agentChannelId?: string;
  agentId?: string;
}

export interface AcdRuntimeDeps {
  rest: () => AriRest;
  /** Dialplan routes (switchboard-route-<name>) a blind transfer may leave through. */
  transferRoutes: readonly string[];
  /** Where overflow sends callers that leave the ACD (another queue is handled here). */
  redirects: CallerRedirects;
  store: AcdStore;
  legs: (listener: AgentLegListener) => AgentLegs;
  bridges: CallBridges;
  clock: () => Date;
  logger: Logger;
}

/**
 * The ACD on live calls: callers wait in their queue's holding bridge; every event that can make
 * a match runs the router; offers ring the agent's device; an answer bridges and records the call.
 * Timed rules (ring timeout, wrap-up, relaxation, aging, max wait) wake ONE timer at the router's
 * next wake-up instead of polling.
 */
export class AcdRuntime implements AgentLegListener {
  /** Offer ids carry this process's start time: ids (and agent leg channel ids) never repeat across restarts. */
  readonly events = new AcdEvents();
  readonly router = new Router({ offerIdPrefix: `o${Date.now().toString(36)}-` });
  private readonly holding = new Map<string, HoldingBridge>();
  private readonly calls = new Map<string, QueuedCall>();
  private readonly offers = new Map<string, string>();
  private readonly legs: AgentLegs;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  private readonly announcer: QueueAnnouncer;

  constructor(private readonly deps: AcdRuntimeDeps) {
    this.legs = deps.legs(this);
    this.announcer = new QueueAnnouncer(deps.rest, (callId) => this.waitingInfo(callId));
    this.log = deps.logger.child({ component: 'acd' });
  }

  get agentLegEvents() {
    return this.legs.handle;
  }

  /** Queues and agents from the database into the router (at start; changes arrive through the API). */
  async load(): Promise<void> {
    const now = this.deps.clock();
    for (const row of this.deps.store.queues())
      this.applyQueue({ id: row.id, ...row.config }, row.mohClass ?? undefined);
    const talking = await agentsInCallBridges(this.deps.rest(), this.deps.store);
    for (const row of this.deps.store.agents()) {
      this.router.upsertAgent({ id: row.id, name: row.name, skills: row.skills, queues: row.queues }, now);
      if (talking.has(row.id)) {
        this.router.agentState(row.id, 'available', now, 'logged in before a daemon restart');
        this.router.agentState(row.id, 'on-call', now, 'on a call that outlived a daemon restart');
      } else if (row.state !== 'logged-out') {
        this.router.agentState(
          row.id,
          row.state === 'paused' ? 'paused' : 'available',
          now,
          row.stateReason ?? undefined,
        );
      }
    }
    this.persistTransitions();
    this.turn();
  }

  applyQueue(config: Parameters<Router['addQueue']>[0], mohClass?: string): void {
    const result = this.router.getQueue(config.id)
      ? this.router.updateQueue(config, this.deps.clock())
      : this.router.addQueue(config);
    if (!result.ok) throw result.error;
    if (!this.holding.has(config.id)) {
      this.holding.set(
        config.id,
        new HoldingBridge(this.deps.rest, `switchboard-queue-${config.id}`, `queue:${config.id}`, mohClass),
      );
    }
  }

  hasQueue(queueId: string): boolean {
    return this.router.getQueue(queueId) !== undefined;
  }

  /**
   * A flow's queue node: the caller waits with music until an agent answers or they hang up. A
   * full queue sends them to its overflow target; without one the flow's error path apologises.
   */
  async enqueue(
    session: CallSession,
    req: { queue: string; skills: string[]; priority: number },
    caller: { number: string; dialed: string | null },
  ): Promise<void> {
    if (!this.holding.has(req.queue)) throw new Error(`queue "${req.queue}" does not exist`);
    const callId = String(session.callId);
    session.onEnd(() => this.callerGone(callId));
    const skills = req.skills.map((skill) => ({ skill, minLevel: 1 }));
    await this.admit(session, req.queue, { priority: req.priority, skills }, caller);
  }

  private async admit(
    session: CallSession,
    queueId: string,
    want: { priority: number; skills: Array<{ skill: string; minLevel: number }> },
    caller: { number: string; dialed: string | null },
  ): Promise<void> {
    const bridge = this.holding.get(queueId);
    if (!bridge) throw new Error(`queue "${queueId}" does not exist`);
    const now = this.deps.clock();
    const callId = String(session.callId);
    const result = this.router.enqueue(
      { callId, queueId, priority: want.priority, skills: want.skills },
      now,
    );
    if (!result.ok) {
      if (!('overflow' in result)) throw new Error(result.error.message);
      const target = result.overflow.target;
      if (!target) throw new Error(`queue "${queueId}" is full and has no overflow target`);
      // After the flow that queued the caller has finished and stored its path, not inside it.
      void session.enqueue(() =>
        this.redirect(session, queueId, target, 'queue full', want.priority, caller),
      );
      return;
    }
    this.calls.set(callId, { session, queueId, callerNumber: caller.number, dialedNumber: caller.dialed });
    this.deps.store.enter(session.callId, queueId, want.priority, want.skills, now);
    this.events.emit('queueChanged', { queueId });
    await bridge.admit(session.channelId);
    this.announcer.start(session);
    this.turn();
  }

  /** For announcements: the caller's place among those waiting in their queue, and its usual wait. */
  private waitingInfo(callId: string) {
    const call = this.calls.get(callId);
    if (!call || call.agentChannelId) return undefined;
    const now = this.deps.clock();
    const queue = this.router.getQueue(call.queueId);
    const waiting = this.router.waitingCalls(now, call.queueId);
    const index = waiting.findIndex((w) => w.call.callId === callId);
    const stats = this.router.stats(call.queueId, now);
    return {
      position: index < 0 ? 1 : index + 1,
      holdTimeMs: stats && stats.answered > 0 ? stats.answerWaitTotalMs / stats.answered : null,
      ...(queue?.announcements ? { config: queue.announcements } : {}),
    };
  }

  /** Sends a caller who left a queue unanswered (full, or waited too long) to the queue's overflow target. */
  private async redirect(
    session: CallSession,
    fromQueue: string,
    target: OverflowTarget,
    why: string,
    priority: number,
    caller: { number: string; dialed: string | null },
  ): Promise<void> {
    this.log.info({ callId: session.callId, fromQueue, target, why }, 'overflow');
    if (session.ended) return;
    if (target.kind === 'queue') {
      if (!this.holding.has(target.target))
        throw new Error(`overflow queue "${target.target}" of queue "${fromQueue}" does not exist`);
      await this.admit(session, target.target, { priority, skills: [] }, caller);
      return;
    }
    const reason = `${why} in queue ${fromQueue}`;
    if (target.kind === 'flow') await this.deps.redirects.toFlow(session, target.target, caller, reason);
    else await this.deps.redirects.toVoicemail(session, target.target, reason);
  }

  /** Max wait passed: the caller leaves the queue for its overflow target (none: they keep waiting). */
  private async overflowOverdue(overdue: OverdueCall, now: Date): Promise<void> {
    const callId = overdue.call.callId;
    const call = this.calls.get(callId);
    const target = overdue.overflow;
    if (!call || !target) return;
    const left = this.router.dequeue(callId, now, 'overflow');
    if (!left.ok) return;
    this.calls.delete(callId);
    this.deps.store.leave(call.session.callId, 'overflow', now);
    this.events.emit('queueChanged', { queueId: call.queueId });
    const holding = this.holding.get(call.queueId);
    await this.announcer.stop(callId);
    void call.session.enqueue(async () => {
      try {
        if (holding)
          await ignoreNotFound(this.deps.rest().removeChannelFromBridge(holding.id, call.session.channelId));
        await this.redirect(
          call.session,
          call.queueId,
          target,
          `waited ${Math.round(overdue.waitedMs / 1000)} s (max ${overdue.maxWaitSeconds} s)`,
          overdue.call.priority,
          { number: call.callerNumber, dialed: call.dialedNumber },
        );
      } catch (err) {
        this.log.error({ err, callId }, 'overflow failed; hanging up the caller');
        call.session.hungUpByDaemon = true;
        await ignoreNotFound(this.deps.rest().hangup(call.session.channelId));
      }
    });
  }

  /**
   * After a daemon restart, for a caller whose flow had reached `queue`: one found in a call bridge
   * stays connected to its agent; anyone else waits in the queue again with their original arrival.
   */
  async resume(call: LiveCall, queue: string): Promise<void> {
    const { session } = call;
    const callId = String(session.callId);
    const dialed = call.args[1] ?? null;
    if (call.bridgeId?.startsWith(CALL_BRIDGE_PREFIX)) {
      await this.resumeConnected(call, queue, dialed);
      return;
    }
    const now = this.deps.clock();
    const entry = this.deps.store.openEntry(session.callId);
    const skills = entry?.skills ?? [];
    const priority = entry?.priority ?? 0;
    const enqueuedAt = entry?.enqueuedAt ?? now;
    const result = this.router.enqueue({ callId, queueId: queue, priority, skills, enqueuedAt }, now);
    if (!result.ok) throw new Error('overflow' in result ? `queue "${queue}" is full` : result.error.message);
    if (!entry) this.deps.store.enter(session.callId, queue, priority, skills, now);
    this.calls.set(callId, {
      session,
      queueId: queue,
      callerNumber: call.channel.caller.number,
      dialedNumber: dialed,
    });
    session.onEnd(() => this.callerGone(callId));
    const bridge = this.holding.get(queue);
    if (bridge && call.bridgeId !== bridge.id) await bridge.admit(session.channelId);
    this.announcer.start(session);
    this.log.info(
      { callId, queue, waitedMs: now.getTime() - enqueuedAt.getTime() },
      'caller re-queued after a restart',
    );
    this.turn();
  }

  private async resumeConnected(call: LiveCall, queue: string, dialed: string | null): Promise<void> {
    const { session } = call;
    const callId = String(session.callId);
    const bridge = (await this.deps.rest().listBridges()).find((b) => b.id === call.bridgeId);
    const agentChannelId = bridge?.channels.find(
      (id) => id.startsWith(AGENT_LEG_PREFIX) && !id.includes(';'),
    );
    const offerId = agentChannelId?.slice(AGENT_LEG_PREFIX.length);
    const agentId = offerId ? this.deps.store.offerAgent(offerId) : undefined;
    if (!agentChannelId || !offerId || !agentId) {
      // The agent left while nobody watched: the conversation is over.
      this.log.info({ callId }, 'agent gone from a bridged call found after a restart; ending it');
      await this.deps.bridges.tearDown({
        callId: session.callId,
        callerChannelId: session.channelId,
        agentChannelId: agentChannelId ?? '',
      });
      return;
    }
    this.calls.set(callId, {
      session,
      queueId: queue,
      callerNumber: call.channel.caller.number,
      dialedNumber: dialed,
      offerId,
      agentId,
      agentChannelId,
    });
    this.offers.set(offerId, callId);
    this.legs.adoptAnswered(agentChannelId);
    if (this.router.getAgent(agentId)?.state !== 'on-call') {
      const onCall = this.router.agentState(
        agentId,
        'on-call',
        this.deps.clock(),
        'call continued after a daemon restart',
      );
      if (!onCall.ok)
        this.log.warn({ agentId, err: onCall.error.message }, 'could not mark the agent on-call');
    }
    session.onEnd(() => this.callerGone(callId));
    this.log.info({ callId, agentId }, 'bridged call adopted after a restart');
    this.persistTransitions();
  }

  /** On every (re)connect: agent legs outside any call bridge belong to no call now. */
  hangUpStrayAgentLegs(): Promise<void> {
    return hangUpStrayAgentLegs(
      this.deps.rest(),
      this.deps.store,
      (offerId) => this.offers.has(offerId),
      this.deps.clock,
    );
  }

  /**
   * One turn, after every event and when the timer fires (the Router's contract): due wrap-ups end,
   * rung-out offers fail, overdue callers overflow, then every match the router can make now rings,
   * and the one timer is re-armed. Timed rules must run on every turn, not only on the timer: the
   * router drops due timers when asked for the next wake-up, so a turn that skipped them would
   * leave, say, an agent in wrap-up for good.
   */
  private turn(): void {
    const now = this.deps.clock();
    for (const agent of this.router.wrapUpDue(now))
      this.router.agentState(agent.id, 'available', now, 'wrap-up over');
    for (const offer of this.router.expiredOffers(now)) {
      void this.legs.cancel(offer.offerId);
      this.offerFailed(offer.offerId, 'no-answer', now);
    }
    for (const overdue of this.router.overdue(now)) void this.overflowOverdue(overdue, now);
    for (const offer of this.router.match(now)) void this.ring(offer);
    this.persistTransitions();
    this.arm();
  }

  private async ring(offer: Offer): Promise<void> {
    const call = this.calls.get(offer.callId);
    const device = this.deps.store.agent(offer.agentId)?.device;
    if (!call) return;
    call.offerId = offer.offerId;
    call.agentId = offer.agentId;
    this.offers.set(offer.offerId, offer.callId);
    this.deps.store.offered(offer, call.session.callId);
    this.events.emit('offer', {
      offer,
      callId: call.session.callId,
      callerNumber: call.callerNumber,
      dialedNumber: call.dialedNumber,
    });
    this.events.emit('queueChanged', { queueId: offer.queueId });
    this.log.info(
      { callId: offer.callId, agentId: offer.agentId, queue: offer.queueId, waitedMs: offer.waitedMs },
      'offering call',
    );
    try {
      if (!device) throw new Error(`agent ${offer.agentId} has no device to ring`);
      await this.legs.ring({
        offerId: offer.offerId,
        device,
        callerNumber: call.callerNumber,
        ringTimeoutSeconds: this.router.getQueue(offer.queueId)?.ringTimeoutSeconds ?? 15,
      });
      this.router.offerRinging(offer.offerId, this.deps.clock());
      this.persistTransitions();
    } catch (err) {
      this.log.warn({ err, offerId: offer.offerId }, 'ringing the agent failed');
      this.failed(offer.offerId, 'failed');
    }
  }

  answered(offerId: string, agentChannelId: string): void {
    const callId = this.offers.get(offerId);
    const call = callId ? this.calls.get(callId) : undefined;
    if (!callId || !call || call.session.ended) {
      void this.legs.cancel(offerId);
      return;
    }
    const now = this.deps.clock();
    const result = this.router.offerAnswered(offerId, now);
    if (!result.ok) {
      this.log.warn({ offerId, err: result.error.message }, 'answer for an offer the router no longer has');
      void this.legs.cancel(offerId);
      return;
    }
    call.agentChannelId = agentChannelId;
    void this.announcer.stop(callId);
    this.events.emit('answered', { offerId, agentId: result.agent.id, callId: call.session.callId });
    this.events.emit('queueChanged', { queueId: call.queueId });
    this.deps.store.offerOutcome(offerId, 'answered', now);
    this.deps.store.leave(call.session.callId, 'answered', now, result.agent.id);
    this.persistTransitions();
    const connection = {
      callId: call.session.callId,
      callerChannelId: call.session.channelId,
      agentChannelId,
    };
    this.deps.bridges.connect(connection, this.holding.get(call.queueId)?.id ?? null).catch((err) => {
      this.log.error({ err, callId }, 'bridging caller and agent failed');
      void this.deps.bridges.tearDown(connection);
    });
  }

  failed(offerId: string, reason: LegFailure): void {
    this.offerFailed(offerId, reason, this.deps.clock());
    this.turn();
  }

  private offerFailed(offerId: string, reason: LegFailure, now: Date): void {
    const callId = this.offers.get(offerId);
    this.offers.delete(offerId);
    this.deps.store.offerOutcome(offerId, reason, now);
    if (callId && this.calls.get(callId)?.offerId === offerId) {
      const call = this.calls.get(callId);
      if (call) call.offerId = undefined;
      this.router.offerFailed(offerId, now, reason);
    }
  }

  /** The agent hung up after answering: the caller is hung up too, the agent goes to wrap-up. */
  ended(offerId: string): void {
    const callId = this.offers.get(offerId);
    if (callId) this.finishConnected(callId);
  }

  private callerGone(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (call.agentChannelId) {
      this.finishConnected(callId);
      return;
    }
    const now = this.deps.clock();
    const result = this.router.dequeue(callId, now, 'abandoned');
    if (result.ok && result.cancelledOffer) {
      void this.legs.cancel(result.cancelledOffer.offerId);
      this.deps.store.offerOutcome(result.cancelledOffer.offerId, 'cancelled', now);
    }
    this.deps.store.leave(call.session.callId, 'abandoned', now);
    this.calls.delete(callId);
    void this.announcer.stop(callId);
    this.events.emit('queueChanged', { queueId: call.queueId });
    this.turn();
  }

  private finishConnected(callId: string): void {
    const call = this.calls.get(callId);
    if (!call?.agentChannelId) return;
    this.calls.delete(callId);
    if (call.offerId) this.offers.delete(call.offerId);
    void this.deps.bridges.tearDown({
      callId: call.session.callId,
      callerChannelId: call.session.channelId,
      agentChannelId: call.agentChannelId,
    });
    const ended = this.router.callEnded(callId, this.deps.clock());
    // A call adopted after a restart is unknown to this router: the agent is simply free again.
    if (!ended.ok && call.agentId)
      this.router.agentState(call.agentId, 'available', this.deps.clock(), 'call ended');
    if (call.agentId) this.events.emit('ended', { agentId: call.agentId, callId: call.session.callId });
    this.turn();
  }

  /** The user account linked to an agent (agents act on their own calls only). */
  agentUserId(agentId: string): number | null {
    return this.deps.store.agent(agentId)?.userId ?? null;
  }

  /** The agent who answered a call still connected, or undefined: who may transfer it. */
  connectedAgentOf(callId: number): string | undefined {
    const call = this.calls.get(String(callId));
    return call?.agentChannelId ? call.agentId : undefined;
  }

  /**
   * Blind transfer of a connected call: the caller leaves the conversation for a queue (waiting
   * there anew, at the priority given) or for a number through a dialplan route; the agent's leg is
   * hung up and the agent goes to wrap-up. Throws a sentence naming what is wrong, changing nothing.
   */
  async transfer(callId: number, to: TransferTarget): Promise<void> {
    const key = String(callId);
    const call = this.calls.get(key);
    if (!call?.agentChannelId)
      throw new TransferRefused('conflict', `call ${callId} is not connected to an agent`);
    if ('queue' in to && !this.holding.has(to.queue))
      throw new TransferRefused('bad_request', `queue "${to.queue}" does not exist`);
    if ('number' in to && !this.deps.transferRoutes.includes(to.route))
      throw new TransferRefused('bad_request', `transfer route "${to.route}" is not configured`);
    const number = 'number' in to ? checkDialTarget(to.number) : undefined;
    if (number && !number.ok) throw new TransferRefused('bad_request', `number ${number.reason}`);
    // From here the call is no longer the ACD's conversation: the agent leg's hangup ends nothing else.
    this.calls.delete(key);
    if (call.offerId) this.offers.delete(call.offerId);
    const ended = this.router.callEnded(key, this.deps.clock());
    if (!ended.ok && call.agentId)
      this.router.agentState(call.agentId, 'available', this.deps.clock(), 'call transferred');
    if (call.agentId) this.events.emit('ended', { agentId: call.agentId, callId });
    this.log.info({ callId, agentId: call.agentId, to }, 'blind transfer');
    const rest = this.deps.rest();
    const bridgeId = CallBridges.bridgeIdOf(call.session.channelId);
    await ignoreNotFound(rest.removeChannelFromBridge(bridgeId, call.session.channelId));
    await ignoreNotFound(rest.hangup(call.agentChannelId));
    await ignoreNotFound(rest.destroyBridge(bridgeId));
    this.turn();
    const caller = { number: call.callerNumber, dialed: call.dialedNumber };
    if ('queue' in to) {
      await this.admit(call.session, to.queue, { priority: to.priority ?? 0, skills: [] }, caller);
      return;
    }
    const target = number?.ok ? number.target : '';
    call.session.leftAppTo = `switchboard-route-${to.route},${target}`;
    await rest.continueInDialplan(call.session.channelId, `switchboard-route-${to.route}`, target, 1);
  }

  /** A state change asked for through the API; an agent becoming available may take a waiting call at once. */
  setAgentState(agentId: string, to: Parameters<Router['agentState']>[1], reason?: string) {
    const result = this.router.agentState(agentId, to, this.deps.clock(), reason);
    if (result.ok) this.turn();
    return result;
  }

  private arm(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const next = this.router.nextWakeUp(this.deps.clock());
    if (!next) return;
    this.wakeTimer = setTimeout(() => this.turn(), Math.max(0, next.at - this.deps.clock().getTime()));
    this.wakeTimer.unref();
  }

  private persistTransitions(): void {
    const transitions = this.router.takeTransitions();
    this.deps.store.transitions(transitions);
    for (const t of transitions) this.events.emit('agentState', t);
  }

  stop(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
  }
}
