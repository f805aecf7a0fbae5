// The call generator: real calls through Local channels, originated over ARI. The ;1 half sits in
// [switchboard-bench-caller] until the call ends; the ;2 half runs the system's caller route (it emits
// BenchCallArrived and hands itself to app_queue, our ACD or a direct Dial). Every loop here is
// bounded in calls and in time.
import type { AriClient } from './ari.js';
import { sleep, wallClockUs } from './clock.js';
import type { ChannelGone, Mark, Observer } from './measure.js';
import type { CallerRoute } from './systems/types.js';

export interface CallRecord {
  seq: number;
  /** Unique caller number of this call: what every mark names it by. */
  number: string;
  callerChannelId: string;
  /** The ;2 half: the caller the distributor sees. */
  inboundChannelId: string;
  /** Harness clock when the originate was sent. */
  placedUs: number;
  originateError?: string;
  arrivedUs?: number;
  /** First BenchAgentRing naming this caller. */
  ringUs?: number;
  rings: number;
  agent?: string;
  /** The agent finished talking to this caller. */
  freeUs?: number;
  endedStatus?: string;
  /** The ;2 half is destroyed: the call is over for the bench. */
  goneUs?: number;
  goneCause?: string;
}

let lastSeq = 0;

/** Caller numbers are 8 followed by eight digits, unique within one run of the benchmark. */
export function nextCallerNumber(): { seq: number; number: string } {
  lastSeq += 1;
  return { seq: lastSeq, number: `8${String(lastSeq).padStart(8, '0')}` };
}

export interface LoadOptions {
  /** Short tag for channel ids, unique per run. */
  runTag: string;
  /** Longest a caller waits for an agent (Queue() timeout), seconds. */
  patienceSeconds: number;
  /** Hard cap on calls this load may place, whatever the phase asks. */
  maxCalls: number;
}

export interface RateOutcome {
  offered: number;
  /** Calls actually sent per second over the step. */
  achievedCps: number;
  /** Sends that left more than 100 ms after their slot, or were not sent for lack of room. */
  lateSends: number;
}

/** One phase's calls and the marks that name them. */
export class CallLoad {
  readonly calls: CallRecord[] = [];
  /** Every bench mark seen while this load ran, in arrival order (agents' too). */
  readonly marks: Mark[] = [];
  /** Agent marks whose caller number is not one of this load's calls. */
  unattributedAgentMarks = 0;
  private readonly byNumber = new Map<string, CallRecord>();
  private readonly byInbound = new Map<string, CallRecord>();
  private readonly goneWaiters = new Map<string, () => void>();
  private readonly detach: Array<() => void> = [];
  private inFlight = 0;

  constructor(
    private readonly ari: AriClient,
    observer: Observer,
    private readonly route: (callerNumber: string) => CallerRoute,
    private readonly options: LoadOptions,
  ) {
    this.detach.push(observer.onMark((mark) => this.onMark(mark)));
    this.detach.push(observer.onChannelGone((gone) => this.onGone(gone)));
  }

  close(): void {
    for (const stop of this.detach.splice(0)) stop();
  }

  /** Calls placed, not refused, and not yet over. */
  inSystem(): number {
    let count = 0;
    for (const call of this.calls)
      if (call.originateError === undefined && call.goneUs === undefined) count++;
    return count;
  }

  /** Originates one caller; resolves once ARI accepted (or refused) it. */
  async place(): Promise<CallRecord> {
    if (this.calls.length >= this.options.maxCalls) {
      throw new Error(`call generator: cap of ${this.options.maxCalls} calls for one phase reached`);
    }
    const { seq, number } = nextCallerNumber();
    const callerChannelId = `bench-${this.options.runTag}-${seq}`;
    const call: CallRecord = {
      seq,
      number,
      callerChannelId,
      inboundChannelId: `${callerChannelId}-in`,
      placedUs: wallClockUs(),
      rings: 0,
    };
    this.calls.push(call);
    this.byNumber.set(number, call);
    this.byInbound.set(call.inboundChannelId, call);
    const route = this.route(number);
    this.inFlight += 1;
    try {
      await this.ari.request('POST', '/channels', {
        body: {
          endpoint: route.endpoint,
          context: 'switchboard-bench-caller',
          extension: 's',
          priority: 1,
          channelId: call.callerChannelId,
          otherChannelId: call.inboundChannelId,
          callerId: number,
          // Only until the ;2 half answers, which the caller contexts do at once.
          timeout: 30,
          variables: {
            ...route.variables,
            BENCH_CALLER: number,
            BENCH_PATIENCE: String(this.options.patienceSeconds),
          },
        },
      });
    } catch (error) {
      call.originateError = error instanceof Error ? error.message : String(error);
      this.wakeGone(call);
    } finally {
      this.inFlight -= 1;
    }
    return call;
  }

  /** Resolves true once the call is over, false after timeoutMs. */
  async whenOver(call: CallRecord, timeoutMs: number): Promise<boolean> {
    if (call.goneUs !== undefined || call.originateError !== undefined) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.goneWaiters.delete(call.inboundChannelId);
        resolve(false);
      }, timeoutMs);
      this.goneWaiters.set(call.inboundChannelId, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** One call at a time: place it, wait until it is over, pause, next. For idle-agent latency. */
  async sequential(
    count: number,
    gapMs: number,
    perCallTimeoutMs: number,
    deadlineUs: number,
  ): Promise<void> {
    for (let i = 0; i < count && wallClockUs() < deadlineUs; i++) {
      const call = await this.place();
      if (!(await this.whenOver(call, perCallTimeoutMs))) {
        await this.hangupCall(call);
        await this.whenOver(call, 5000);
      }
      await sleep(gapMs);
    }
  }

  /**
   * Keeps `target` callers in the system for `durationMs`: a new caller as soon as one leaves. With
   * target above the number of agents, callers are always waiting when an agent frees up.
   */
  async backlog(target: number, durationMs: number): Promise<void> {
    const endUs = wallClockUs() + durationMs * 1000;
    while (wallClockUs() < endUs) {
      const missing = target - this.inSystem() - this.inFlight;
      const placing: Promise<CallRecord>[] = [];
      for (let i = 0; i < missing && this.calls.length < this.options.maxCalls; i++)
        placing.push(this.place());
      await Promise.all(placing);
      await sleep(10);
    }
  }

  /**
   * Open loop at a fixed rate: call k is due at start + k / cps, whatever happened to the earlier
   * ones. A send is late when it leaves more than 100 ms after its slot or when `maxInFlight`
   * originates are still unanswered (the harness, not the system, would then set the pace).
   */
  async rate(cps: number, durationMs: number, maxInFlight: number): Promise<RateOutcome> {
    const total = Math.max(1, Math.round((cps * durationMs) / 1000));
    const startUs = wallClockUs();
    let lateSends = 0;
    let offered = 0;
    let lastSendUs = startUs;
    const sends: Promise<CallRecord>[] = [];
    for (let k = 0; k < total; k++) {
      const dueUs = startUs + (k * 1_000_000) / cps;
      const waitMs = (dueUs - wallClockUs()) / 1000;
      if (waitMs > 0) await sleep(waitMs);
      if (this.inFlight >= maxInFlight || this.calls.length >= this.options.maxCalls) {
        lateSends += 1;
        continue;
      }
      lastSendUs = wallClockUs();
      if (lastSendUs - dueUs > 100_000) lateSends += 1;
      sends.push(this.place());
      offered += 1;
    }
    await Promise.all(sends);
    const spanS = Math.max((lastSendUs - startUs) / 1e6, 1e-3);
    // k calls span k-1 intervals: rate over the span is (offered-1)/span.
    const achievedCps = offered > 1 ? (offered - 1) / spanS : offered;
    return { offered, achievedCps, lateSends };
  }

  /** Waits until every call is over; hangs up what is left after timeoutMs. Returns how many were cut. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.inSystem() > 0 && Date.now() < deadline) await sleep(50);
    const left = this.calls.filter((call) => call.originateError === undefined && call.goneUs === undefined);
    for (const call of left) await this.hangupCall(call);
    const cutDeadline = Date.now() + 5000;
    while (this.inSystem() > 0 && Date.now() < cutDeadline) await sleep(50);
    return left.length;
  }

  private async hangupCall(call: CallRecord): Promise<void> {
    await this.ari.hangup(call.callerChannelId).catch(() => {});
    await this.ari.hangup(call.inboundChannelId).catch(() => {});
  }

  private onMark(mark: Mark): void {
    const call = this.byNumber.get(mark.caller);
    if (!call) {
      if (mark.kind === 'ring' || mark.kind === 'free') this.unattributedAgentMarks += 1;
      return;
    }
    this.marks.push(mark);
    switch (mark.kind) {
      case 'arrived':
        call.arrivedUs ??= mark.atUs;
        break;
      case 'ring':
        call.rings += 1;
        if (call.ringUs === undefined) {
          call.ringUs = mark.atUs;
          if (mark.agent !== undefined) call.agent = mark.agent;
        }
        break;
      case 'free':
        call.freeUs ??= mark.atUs;
        break;
      case 'ended':
        if (mark.status !== undefined) call.endedStatus = mark.status;
        break;
    }
  }

  private onGone(gone: ChannelGone): void {
    const call = this.byInbound.get(gone.channelId);
    if (!call) return;
    call.goneUs = gone.atUs || wallClockUs();
    call.goneCause = gone.causeText || String(gone.cause);
    this.wakeGone(call);
  }

  private wakeGone(call: CallRecord): void {
    const wake = this.goneWaiters.get(call.inboundChannelId);
    if (wake) {
      this.goneWaiters.delete(call.inboundChannelId);
      wake();
    }
  }
}
