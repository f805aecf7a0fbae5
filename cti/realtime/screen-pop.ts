import { eq } from 'drizzle-orm';
import type { AcdEventMap } from '../acd/call/acd-events.js';
import type { Router } from '../acd/engine/router.js';
import type { CallLog } from '../calls/call-log.js';
import type { Db } from '../infra/db/client.js';
import { IvrPathStore } from '../ivr/call/path-store.js';
import { flows, flowVersions } from '../ivr/schema.js';
import { message, type PreviousCallView, type ScreenPopMessage } from './messages.js';

export const PREVIOUS_CALLS_SHOWN = 5;

type OfferEvent = AcdEventMap['offer'][0];

export interface ScreenPopDeps {
  db: Db;
  clock: () => Date;
  callLog: Pick<CallLog, 'previousCallsOf'>;
  router: Pick<Router, 'getQueue'>;
}

/**
 * What the agent sees the moment a call is offered: who calls, what they dialled, the way they
 * took through the IVR and what they keyed in, the queue and wait, and their last calls. Built
 * from the database synchronously, inside the offer event, so it is on the wire before the
 * agent's phone is even asked to ring.
 */
export class ScreenPops {
  private readonly paths: IvrPathStore;

  constructor(private readonly deps: ScreenPopDeps) {
    this.paths = new IvrPathStore(deps.db, deps.clock);
  }

  build(event: OfferEvent): ScreenPopMessage {
    const { offer, callId, callerNumber, dialedNumber } = event;
    return message<ScreenPopMessage>('screen-pop', this.deps.clock(), {
      offerId: offer.offerId,
      callId,
      callerNumber,
      dialedNumber,
      queue: { id: offer.queueId, name: this.deps.router.getQueue(offer.queueId)?.name ?? offer.queueId },
      waitedMs: offer.waitedMs,
      ivr: this.ivrOf(callId),
      previousCalls: this.previousCalls(callerNumber, callId),
    });
  }

  private ivrOf(callId: number): ScreenPopMessage['ivr'] {
    const path = this.paths.get(callId);
    if (!path) return null;
    const flow = this.deps.db
      .select({ name: flows.name, version: flowVersions.version })
      .from(flowVersions)
      .leftJoin(flows, eq(flows.id, flowVersions.flowId))
      .where(eq(flowVersions.id, path.flowVersionId))
      .get();
    return {
      flowId: path.flowId,
      flowName: flow?.name ?? null,
      flowVersion: flow?.version ?? null,
      steps: path.steps.map((step) => ({
        node: step.node,
        outcome: step.outcome,
        ...(step.digits !== undefined ? { digits: step.digits } : {}),
      })),
      variables: path.variables,
    };
  }

  private previousCalls(callerNumber: string, callId: number): PreviousCallView[] {
    // A withheld number would match every other withheld caller: not "this caller's" history.
    if (!/[0-9]/.test(callerNumber)) return [];
    return this.deps.callLog.previousCallsOf(callerNumber, callId, PREVIOUS_CALLS_SHOWN).map((row) => ({
      id: row.id,
      startedAt: row.startedAt.toISOString(),
      answeredAt: row.answeredAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      endedBy: row.endedBy ?? null,
    }));
  }
}
