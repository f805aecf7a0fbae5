import { MinHeap } from './sorted-list.js';
import type { AgentId, CallId, CallStatus, OfferId, QueueId, WaitingCall } from './types.js';

/** A caller known to the ACD, from enqueue until it leaves or its answered call ends. */
export interface CallRecord {
  readonly call: WaitingCall;
  status: CallStatus;
  /** Arrival order, the last tie-break between callers. */
  readonly seq: number;
  offerId?: OfferId;
  agentId?: AgentId;
  /** Offers made so far. */
  attempts: number;
  /**
   * Agents who failed an offer of this call → until when they are passed over for it. They belong
   * to the caller, not to this stay in a queue: a caller who leaves and is queued again (overflow
   * to another queue, moved) before they run out gets them back.
   */
  readonly failures: Map<AgentId, number>;
}

/** The callers, with per-queue sets of those waiting and of those in the queue at all (waiting or being offered). */
export class CallBook {
  private readonly records = new Map<CallId, CallRecord>();
  private readonly waiting = new Map<QueueId, Set<CallId>>();
  private readonly queued = new Map<QueueId, Set<CallId>>();
  /** Pass-overs still running of callers who left, until they run out or the caller is back. */
  private readonly departed = new Map<CallId, Map<AgentId, number>>();
  /** When each departed caller's last pass-over runs out, to forget it then. */
  private readonly expiries = new MinHeap<{ at: number; callId: CallId }>();
  private seq = 0;

  get(callId: CallId): CallRecord | undefined {
    return this.records.get(callId);
  }

  all(): IterableIterator<CallRecord> {
    return this.records.values();
  }

  /** A new stay in a queue; pass-overs from the caller's last stay that still run at `now` carry over. */
  add(call: WaitingCall, now: number): CallRecord {
    this.forgetExpired(now);
    const failures = new Map<AgentId, number>();
    for (const [agentId, until] of this.departed.get(call.callId) ?? []) {
      if (until > now) failures.set(agentId, until);
    }
    this.departed.delete(call.callId);
    this.seq += 1;
    const rec: CallRecord = { call, status: 'waiting', seq: this.seq, attempts: 0, failures };
    this.records.set(call.callId, rec);
    this.setOf(this.waiting, call.queueId).add(call.callId);
    this.setOf(this.queued, call.queueId).add(call.callId);
    return rec;
  }

  /** Moves a caller between waiting, offered and connected, keeping the per-queue sets right. */
  setStatus(rec: CallRecord, status: CallStatus): void {
    rec.status = status;
    const { callId, queueId } = rec.call;
    if (status === 'waiting') this.setOf(this.waiting, queueId).add(callId);
    else this.waiting.get(queueId)?.delete(callId);
    if (status === 'connected') this.queued.get(queueId)?.delete(callId);
    else this.setOf(this.queued, queueId).add(callId);
  }

  /** The caller leaves; its pass-overs still running at `now` are kept until they run out. */
  remove(rec: CallRecord, now: number): void {
    const { callId, queueId } = rec.call;
    this.records.delete(callId);
    this.waiting.get(queueId)?.delete(callId);
    this.queued.get(queueId)?.delete(callId);
    this.forgetExpired(now);
    let last = now;
    const running = new Map<AgentId, number>();
    for (const [agentId, until] of rec.failures) {
      if (until <= now) continue;
      running.set(agentId, until);
      last = Math.max(last, until);
    }
    if (running.size === 0) return;
    this.departed.set(callId, running);
    this.expiries.push({ at: last, callId });
  }

  waitingIn(queueId: QueueId): ReadonlySet<CallId> {
    return this.waiting.get(queueId) ?? new Set();
  }

  /** Waiting or being offered: what max size counts. */
  queuedIn(queueId: QueueId): ReadonlySet<CallId> {
    return this.queued.get(queueId) ?? new Set();
  }

  /** Is the agent passed over for this call at `now` (it failed an offer of it recently)? */
  excludedUntil(rec: CallRecord, agentId: AgentId, now: number): number | undefined {
    const until = rec.failures.get(agentId);
    return until !== undefined && until > now ? until : undefined;
  }

  private forgetExpired(now: number): void {
    for (let top = this.expiries.peek(); top !== undefined && top.at <= now; top = this.expiries.peek()) {
      this.expiries.pop();
      const kept = this.departed.get(top.callId);
      // a later departure of the same caller may have filed pass-overs that run longer
      if (kept !== undefined && [...kept.values()].every((until) => until <= now))
        this.departed.delete(top.callId);
    }
  }

  private setOf(map: Map<QueueId, Set<CallId>>, queueId: QueueId): Set<CallId> {
    let set = map.get(queueId);
    if (set === undefined) {
      set = new Set();
      map.set(queueId, set);
    }
    return set;
  }
}
