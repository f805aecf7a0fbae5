import type { AcdContext } from './acd-context.js';
import type { CallBridges } from './call-bridges.js';

export interface CallEndingsDeps {
  acd: AcdContext;
  bridges: CallBridges;
  cancelLeg: (offerId: string) => Promise<void>;
  stopAnnouncements: (callId: string) => Promise<void>;
  /** An agent or a place in the queue was freed: the router may match again. */
  turn: () => void;
}

/** How an ACD call ends: the caller hangs up while waiting (abandoned), or either side ends a connected call. */
export class CallEndings {
  constructor(private readonly deps: CallEndingsDeps) {}

  /** The caller's channel is gone, whether they still waited or were talking to an agent. */
  callerGone(callId: string): void {
    const { router, store, waiting, events, clock } = this.deps.acd;
    const call = waiting.get(callId);
    if (!call) return;
    if (call.agentChannelId) {
      this.finishConnected(callId);
      return;
    }
    const now = clock();
    const result = router.dequeue(callId, now, 'abandoned');
    if (result.ok && result.cancelledOffer) {
      void this.deps.cancelLeg(result.cancelledOffer.offerId);
      store.offerOutcome(result.cancelledOffer.offerId, 'cancelled', now);
    }
    store.leave(call.session.callId, 'abandoned', now);
    waiting.forget(callId);
    void this.deps.stopAnnouncements(callId);
    events.emit('queueChanged', { queueId: call.queueId });
    this.deps.turn();
  }

  /** A connected call is over (either side hung up): both legs go, the agent to wrap-up. */
  finishConnected(callId: string): void {
    const { router, waiting, events, clock } = this.deps.acd;
    const call = waiting.get(callId);
    if (!call?.agentChannelId) return;
    waiting.release(callId, call);
    void this.deps.bridges.tearDown({
      callId: call.session.callId,
      callerChannelId: call.session.channelId,
      agentChannelId: call.agentChannelId,
    });
    const ended = router.callEnded(callId, clock());
    // A call adopted after a restart is unknown to this router: the agent is simply free again.
    if (!ended.ok && call.agentId) router.agentState(call.agentId, 'available', clock(), 'call ended');
    if (call.agentId) events.emit('ended', { agentId: call.agentId, callId: call.session.callId });
    this.deps.turn();
  }
}
