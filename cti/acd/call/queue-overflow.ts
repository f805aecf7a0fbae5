import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { OverdueCall, OverflowTarget } from '../engine/types.js';
import type { AcdContext } from './acd-context.js';
import type { CallerRedirects } from './caller-redirects.js';
import type { Admit, CallerNumbers } from './waiting-calls.js';

export interface QueueOverflowDeps {
  acd: AcdContext;
  /** Where overflow sends callers that leave the ACD (another queue is handled here). */
  redirects: CallerRedirects;
  admit: Admit;
  stopAnnouncements: (callId: string) => Promise<void>;
}

/** Callers leaving a queue unanswered, because it is full or they waited too long, for its overflow target. */
export class QueueOverflow {
  constructor(private readonly deps: QueueOverflowDeps) {}

  /** The router refused the caller (queue at its max size); without a target the flow's error path apologises. */
  queueFull(
    session: CallSession,
    queueId: string,
    target: OverflowTarget | undefined,
    priority: number,
    caller: CallerNumbers,
  ): void {
    if (!target) throw new Error(`queue "${queueId}" is full and has no overflow target`);
    // After the flow that queued the caller has finished and stored its path, not inside it.
    void session.enqueue(() => this.redirect(session, queueId, target, 'queue full', priority, caller));
  }

  /** Max wait passed: the caller leaves the queue for its overflow target (none: they keep waiting). */
  async overdue(overdue: OverdueCall, now: Date): Promise<void> {
    const { router, store, waiting, events, log } = this.deps.acd;
    const callId = overdue.call.callId;
    const call = waiting.get(callId);
    const target = overdue.overflow;
    if (!call || !target) return;
    const left = router.dequeue(callId, now, 'overflow');
    if (!left.ok) return;
    waiting.forget(callId);
    store.leave(call.session.callId, 'overflow', now);
    events.emit('queueChanged', { queueId: call.queueId });
    const holding = this.deps.acd.holding(call.queueId);
    await this.deps.stopAnnouncements(callId);
    void call.session.enqueue(async () => {
      try {
        if (holding)
          await ignoreNotFound(
            this.deps.acd.rest().removeChannelFromBridge(holding.id, call.session.channelId),
          );
        await this.redirect(
          call.session,
          call.queueId,
          target,
          `waited ${Math.round(overdue.waitedMs / 1000)} s (max ${overdue.maxWaitSeconds} s)`,
          overdue.call.priority,
          { number: call.callerNumber, dialed: call.dialedNumber },
        );
      } catch (err) {
        log.error({ err, callId }, 'overflow failed; hanging up the caller');
        call.session.hungUpByDaemon = true;
        await ignoreNotFound(this.deps.acd.rest().hangup(call.session.channelId));
      }
    });
  }

  /** Sends a caller who left a queue unanswered (full, or waited too long) to the queue's overflow target. */
  private async redirect(
    session: CallSession,
    fromQueue: string,
    target: OverflowTarget,
    why: string,
    priority: number,
    caller: CallerNumbers,
  ): Promise<void> {
    this.deps.acd.log.info({ callId: session.callId, fromQueue, target, why }, 'overflow');
    if (session.ended) return;
    if (target.kind === 'queue') {
      if (!this.deps.acd.holding(target.target))
        throw new Error(`overflow queue "${target.target}" of queue "${fromQueue}" does not exist`);
      await this.deps.admit(session, target.target, { priority, skills: [] }, caller);
      return;
    }
    const reason = `${why} in queue ${fromQueue}`;
    if (target.kind === 'flow') await this.deps.redirects.toFlow(session, target.target, caller, reason);
    else await this.deps.redirects.toVoicemail(session, target.target, reason);
  }
}
