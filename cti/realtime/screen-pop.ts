import { eq } from 'drizzle-orm';
import type { AcdEventMap } from '../acd/call/acd-events.js';
import type { Router } from '../acd/engine/router.js';
import type { CallLog } from '../calls/call-log.js';
import type { Db } from '../infra/db/client.js';
import { IvrPathStore } from '../ivr/call/path-store.js';
import { flows, flowVersions } from '../ivr/schema.js';
import { Tickets } from '../tickets/ticket-service.js';
import { message, type PreviousCallView, type ScreenPopMessage } from './messages.js';

export const PREVIOUS_CALLS_SHOWN = 5;
export const OPEN_TICKETS_SHOWN = 10;

/** A caller's ticket that still needs work, as the screen-pop lists it. */
export interface OpenTicketView {
  id: number;
  subject: string;
  status: string;
  priority: string;
  updatedAt: string;
}

/** The screen-pop with the caller's open tickets (new, open, pending) of their contact, newest change first. */
export type ScreenPopWithTickets = ScreenPopMessage & { openTickets: OpenTicketView[] };

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
  private readonly tickets: Tickets;

  constructor(private readonly deps: ScreenPopDeps) {
    this.paths = new IvrPathStore(deps.db, deps.clock);
    this.tickets = new Tickets(deps.db, deps.clock);
  }

  build(event: OfferEvent): ScreenPopWithTickets {
    const { offer, callId, callerNumber, dialedNumber } = event;
    return message<ScreenPopWithTickets>('screen-pop', this.deps.clock(), {
      offerId: offer.offerId,
      callId,
      callerNumber,
      dialedNumber,
      queue: { id: offer.queueId, name: this.deps.router.getQueue(offer.queueId)?.name ?? offer.queueId },
      waitedMs: offer.waitedMs,
      ivr: this.ivrOf(callId),
      previousCalls: this.previousCalls(callerNumber, callId),
      openTickets: this.openTickets(callerNumber),
    });
  }

  /** Matched by number like the contact search, so "+4930123" finds a contact saved as "0049 30 123". */
  private openTickets(callerNumber: string): OpenTicketView[] {
    return this.tickets.openTicketsOfCaller(callerNumber, OPEN_TICKETS_SHOWN).map((row) => ({
      id: row.id,
      subject: row.subject,
      status: row.status,
      priority: row.priority,
      updatedAt: row.updatedAt.toISOString(),
    }));
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
