import type { CallRecord } from './call-book.js';
import { effectivePriority, maxWaitAt } from './call-rules.js';
import type { RouterCore } from './router-core.js';
import { type QueueStats, queueStats } from './stats.js';
import type { AgentSnapshot, Offer, OverdueCall, QueueConfig, QueueId, WaitingCall } from './types.js';

/** Read-only questions about the router's state; none of them changes anything. */

/** Agents in wrap-up whose wrap-up has ended by `now`, soonest first. */
export function wrapUpDue(core: RouterCore, now: number): AgentSnapshot[] {
  const due: AgentSnapshot[] = [];
  for (const id of core.wrapUps) {
    const a = core.index.get(id);
    if (a?.wrapUpEndsAt !== undefined && a.wrapUpEndsAt <= now) due.push(a);
  }
  return due.sort((a, b) => (a.wrapUpEndsAt ?? 0) - (b.wrapUpEndsAt ?? 0) || (a.id < b.id ? -1 : 1));
}

/** Waiting callers past their queue's maximum wait, longest waiting first. Offered callers are left to ring. */
export function overdue(core: RouterCore, now: number): OverdueCall[] {
  const out: OverdueCall[] = [];
  for (const queue of core.index.queues()) {
    if (queue.maxWaitSeconds === undefined) continue;
    for (const callId of core.calls.waitingIn(queue.id)) {
      const rec = core.calls.get(callId);
      const deadline = rec && maxWaitAt(queue, rec.call);
      if (rec === undefined || deadline === undefined || deadline > now) continue;
      out.push({
        call: rec.call,
        waitedMs: now - rec.call.enqueuedAt,
        maxWaitSeconds: queue.maxWaitSeconds,
        ...(queue.overflow ? { overflow: queue.overflow } : {}),
      });
    }
  }
  return out.sort(
    (a, b) => a.call.enqueuedAt - b.call.enqueuedAt || (a.call.callId < b.call.callId ? -1 : 1),
  );
}

/** Live offers past their ring deadline: report each with offerFailed(…, 'no-answer') unless the ARI side already did. */
export function expiredOffers(core: RouterCore, now: number): Offer[] {
  return [...core.offers.values()].filter((o) => o.ringDeadline <= now);
}

export interface WaitingView {
  call: WaitingCall;
  waitedMs: number;
  effectivePriority: number;
}

/** The callers waiting in a queue (or all queues) in the order they will be served. */
export function waitingCalls(core: RouterCore, now: number, queueId?: QueueId): WaitingView[] {
  const recs: CallRecord[] = [];
  for (const rec of core.calls.all()) {
    if (rec.status === 'waiting' && (queueId === undefined || rec.call.queueId === queueId)) recs.push(rec);
  }
  return recs
    .map((rec) => ({ rec, prio: effectivePriority(core.queueOf(rec), rec.call, now).effective }))
    .sort((a, b) => b.prio - a.prio || a.rec.call.enqueuedAt - b.rec.call.enqueuedAt || a.rec.seq - b.rec.seq)
    .map(({ rec, prio }) => ({
      call: rec.call,
      waitedMs: now - rec.call.enqueuedAt,
      effectivePriority: prio,
    }));
}

export function statsOf(core: RouterCore, queue: QueueConfig, now: number): QueueStats {
  const calls = [...core.calls.queuedIn(queue.id)]
    .map((id) => core.calls.get(id))
    .filter((r): r is CallRecord => r !== undefined)
    .map((r) => ({ enqueuedAt: r.call.enqueuedAt, status: r.status }));
  const members = [...core.index.membersOf(queue.id)]
    .map((id) => core.index.get(id))
    .filter((a): a is AgentSnapshot => a !== undefined);
  return queueStats(queue, core.counter(queue.id), core.statsSince, now, calls, members);
}
