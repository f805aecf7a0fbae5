import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import { HoldingBridge } from '../../calls/holding-bridge.js';
import type { Logger } from '../../infra/logger.js';
import { Router } from '../engine/router.js';
import type { Offer, QueueConfig, SkillRequirement } from '../engine/types.js';
import type { AcdContext } from './acd-context.js';
import { AcdEvents } from './acd-events.js';
import { AcdRecovery } from './acd-recovery.js';
import type { AcdStore } from './acd-store.js';
import type { AgentLegListener, AgentLegs, LegFailure } from './agent-legs.js';
import type { CallBridges } from './call-bridges.js';
import { CallEndings } from './call-endings.js';
import type { CallerRedirects } from './caller-redirects.js';
import { QueueAnnouncer, waitingInfoFrom } from './queue-announcements.js';
import { QueueOverflow } from './queue-overflow.js';
import { BlindTransfer, type TransferTarget } from './transfer.js';
import { type CallerNumbers, WaitingCalls } from './waiting-calls.js';

export interface AcdRuntimeDeps {
  rest: AcdContext['rest'];
  /** Dialplan routes (switchboard-route-<name>) a blind transfer may leave through. */
  transferRoutes: readonly string[];
  /** Where overflow sends callers that leave the ACD (another queue is handled here). */
  redirects: CallerRedirects;
  store: AcdStore;
  legs: (listener: AgentLegListener) => AgentLegs;
  bridges: CallBridges;
  /** A device that rings instead of the agent's stored one (a live browser softphone), or undefined. */
  devices?: (agentId: string) => string | undefined;
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
  private readonly waiting = new WaitingCalls();
  private readonly legs: AgentLegs;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  private readonly announcer: QueueAnnouncer;
  private readonly overflow: QueueOverflow;
  private readonly endings: CallEndings;
  private readonly transfers: BlindTransfer;
  private readonly recovery: AcdRecovery;

  constructor(private readonly deps: AcdRuntimeDeps) {
    this.legs = deps.legs(this);
    this.announcer = new QueueAnnouncer(deps.rest, waitingInfoFrom(this.router, this.waiting, deps.clock));
    this.log = deps.logger.child({ component: 'acd' });
    const acd: AcdContext = {
      rest: deps.rest,
      router: this.router,
      store: deps.store,
      waiting: this.waiting,
      events: this.events,
      clock: deps.clock,
      log: this.log,
      holding: (queueId) => this.holding.get(queueId),
    };
    const admit = this.admit.bind(this);
    const turn = () => this.turn();
    const stopAnnouncements = (callId: string) => this.announcer.stop(callId);
    this.overflow = new QueueOverflow({ acd, redirects: deps.redirects, admit, stopAnnouncements });
    this.endings = new CallEndings({
      acd,
      bridges: deps.bridges,
      cancelLeg: (offerId) => this.legs.cancel(offerId),
      stopAnnouncements,
      turn,
    });
    this.transfers = new BlindTransfer({ acd, transferRoutes: deps.transferRoutes, admit, turn });
    this.recovery = new AcdRecovery({
      acd,
      bridges: deps.bridges,
      applyQueue: (config, mohClass) => this.applyQueue(config, mohClass),
      adoptAnswered: (agentChannelId) => this.legs.adoptAnswered(agentChannelId),
      startAnnouncements: (session) => this.announcer.start(session),
      callerGone: (callId) => this.endings.callerGone(callId),
      persistTransitions: () => this.persistTransitions(),
      turn,
    });
  }

  get agentLegEvents() {
    return this.legs.handle;
  }

  /** Queues and agents from the database into the router (at start; changes arrive through the API). */
  load(): Promise<void> {
    return this.recovery.load();
  }

  applyQueue(config: QueueConfig, mohClass?: string): void {
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
    caller: CallerNumbers,
  ): Promise<void> {
    if (!this.holding.has(req.queue)) throw new Error(`queue "${req.queue}" does not exist`);
    const callId = String(session.callId);
    session.onEnd(() => this.endings.callerGone(callId));
    const skills = req.skills.map((skill) => ({ skill, minLevel: 1 }));
    await this.admit(session, req.queue, { priority: req.priority, skills }, caller);
  }

  private async admit(
    session: CallSession,
    queueId: string,
    want: { priority: number; skills: SkillRequirement[] },
    caller: CallerNumbers,
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
      // Offered to this queue and turned away: overflowed, or removed when there is nowhere to go.
      const outcome = result.overflow.target ? 'overflow' : 'removed';
      this.deps.store.turnedAway(session.callId, queueId, want.priority, want.skills, outcome, now);
      this.events.emit('queueChanged', { queueId });
      this.overflow.queueFull(session, queueId, result.overflow.target, want.priority, caller);
      return;
    }
    const inHoldingBridge = bridge.admit(session.channelId);
    this.waiting.add(callId, {
      session,
      queueId,
      callerNumber: caller.number,
      dialedNumber: caller.dialed,
      inHoldingBridge: inHoldingBridge.catch(() => undefined),
    });
    this.deps.store.enter(session.callId, queueId, want.priority, want.skills, now);
    this.events.emit('queueChanged', { queueId });
    await inHoldingBridge;
    this.announcer.start(session);
    this.turn();
  }

  /** After a daemon restart, a caller whose flow had reached `queue` (see AcdRecovery.resume). */
  resume(call: LiveCall, queue: string): Promise<void> {
    return this.recovery.resume(call, queue);
  }

  /** On every (re)connect: agent legs outside any call bridge belong to no call now. */
  hangUpStrayAgentLegs(): Promise<void> {
    return this.recovery.hangUpStrayAgentLegs();
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
    for (const overdue of this.router.overdue(now)) void this.overflow.overdue(overdue, now);
    for (const offer of this.router.match(now)) void this.ring(offer);
    this.persistTransitions();
    this.arm();
  }

  private async ring(offer: Offer): Promise<void> {
    const call = this.waiting.get(offer.callId);
    const device = this.deps.devices?.(offer.agentId) ?? this.deps.store.agent(offer.agentId)?.device;
    if (!call) return;
    call.offerId = offer.offerId;
    call.agentId = offer.agentId;
    this.waiting.offered(offer.offerId, offer.callId);
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
    const callId = this.waiting.callOf(offerId);
    const call = callId ? this.waiting.get(callId) : undefined;
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
    const holdingBridgeId = this.holding.get(call.queueId)?.id ?? null;
    Promise.resolve(call.inHoldingBridge)
      .then(() => this.deps.bridges.connect(connection, holdingBridgeId))
      .catch((err) => {
        this.log.error({ err, callId }, 'bridging caller and agent failed');
        void this.deps.bridges.tearDown(connection);
      });
  }

  failed(offerId: string, reason: LegFailure): void {
    this.offerFailed(offerId, reason, this.deps.clock());
    this.turn();
  }

  private offerFailed(offerId: string, reason: LegFailure, now: Date): void {
    const callId = this.waiting.callOf(offerId);
    this.waiting.dropOffer(offerId);
    this.deps.store.offerOutcome(offerId, reason, now);
    if (callId && this.waiting.get(callId)?.offerId === offerId) {
      const call = this.waiting.get(callId);
      if (call) call.offerId = undefined;
      this.router.offerFailed(offerId, now, reason);
    }
  }

  /** The agent hung up after answering: the caller is hung up too, the agent goes to wrap-up. */
  ended(offerId: string): void {
    const callId = this.waiting.callOf(offerId);
    if (callId) this.endings.finishConnected(callId);
  }

  /** The user account linked to an agent (agents act on their own calls only). */
  agentUserId(agentId: string): number | null {
    return this.deps.store.agent(agentId)?.userId ?? null;
  }

  /** The agent who answered a call still connected, or undefined: who may transfer it. */
  connectedAgentOf(callId: number): string | undefined {
    return this.transfers.connectedAgentOf(callId);
  }

  /** Blind transfer of a connected call to a queue or a number (see BlindTransfer.transfer). */
  transfer(callId: number, to: TransferTarget): Promise<void> {
    return this.transfers.transfer(callId, to);
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
