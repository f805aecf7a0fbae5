import { EventEmitter } from 'node:events';
import { and, eq, inArray } from 'drizzle-orm';
import type { SlaSettings } from '../config/settings.js';
import type { Db } from '../infra/db/client.js';
import type { TicketEventMap, TicketEvents } from '../tickets/events.js';
import { type TicketPriority, tickets, ticketWorklog } from '../tickets/schema.js';
import { writeOutboxJob } from '../webhooks/job-outbox.js';
import { type SlaKind, type SlaStage, slaEvents, ticketSla } from './schema.js';

export const SLA_QUEUE = 'sla';

export interface SlaEventPayload {
  ticketId: number;
  kind: SlaKind;
  due: Date;
  at: Date;
}

export interface SlaEventMap {
  'sla.warning': [SlaEventPayload];
  'sla.breached': [SlaEventPayload];
}

export class SlaEvents extends EventEmitter<SlaEventMap> {}

export interface SlaJobData {
  ticketId: number;
  kind: SlaKind;
  stage: SlaStage;
  dueMs: number;
}

/** BullMQ custom ids may not hold ':'; one id per ticket, kind, stage and deadline. */
export function slaJobId(job: SlaJobData): string {
  return `sla-${job.ticketId}-${job.kind}-${job.stage}-${job.dueMs}`;
}

export interface SlaJson {
  firstResponseDue: string;
  resolutionDue: string;
  firstRespondedAt: string | null;
  breached: Array<{ kind: SlaKind; due: string; at: string }>;
}

const DONE = ['resolved', 'closed'] as const;

/**
 * Deadlines of tickets, kept in step with the ticket events:
 * - both deadlines run from the ticket's creation; a priority change recomputes them from there;
 * - first response: the first note, or status change away from "new", by anyone but the creator;
 *   resolving or closing the ticket also stops its first-response clock;
 * - resolution: the ticket is resolved or closed (reopening it starts the same deadline again).
 * Every warning and breach is a delayed BullMQ job (through the job outbox) that, when it fires,
 * checks the ticket's current state and does nothing when the deadline was met or moved.
 */
export class SlaService {
  readonly events = new SlaEvents();

  constructor(
    private readonly db: Db,
    private readonly settings: SlaSettings,
    private readonly clock: () => Date,
    /** Told when jobs were written, so the relay hands them over now. */
    private readonly written: () => void = () => undefined,
  ) {}

  /** Follows a ticket service's events. */
  attach(events: TicketEvents): void {
    events.on('ticket.created', (e) => this.guard(() => this.created(e.ticketId)));
    events.on('ticket.updated', (e) => this.guard(() => this.updated(e)));
    events.on('ticket.status-changed', (e) => this.guard(() => this.statusChanged(e)));
  }

  deadlinesOf(priority: TicketPriority, createdAt: Date): { firstResponseDue: Date; resolutionDue: Date } {
    const span = this.settings.byPriority[priority];
    return {
      firstResponseDue: new Date(createdAt.getTime() + span.firstResponseSeconds * 1000),
      resolutionDue: new Date(createdAt.getTime() + span.resolutionSeconds * 1000),
    };
  }

  /** Runs a fired job: records and announces the warning or breach unless met or rescheduled. */
  fire(job: SlaJobData): 'recorded' | 'met' | 'rescheduled' | 'already' {
    const now = this.clock();
    const outcome = this.db.transaction((tx) => {
      const ticket = tx.select().from(tickets).where(eq(tickets.id, job.ticketId)).get();
      const sla = tx.select().from(ticketSla).where(eq(ticketSla.ticketId, job.ticketId)).get();
      if (!ticket || !sla) return 'met' as const;
      const due = job.kind === 'first-response' ? sla.firstResponseDue : sla.resolutionDue;
      if (due.getTime() !== job.dueMs) return 'rescheduled' as const;
      const done = (DONE as readonly string[]).includes(ticket.status);
      if (done || (job.kind === 'first-response' && sla.firstRespondedAt !== null)) return 'met' as const;
      const made = tx
        .insert(slaEvents)
        .values({ ticketId: job.ticketId, kind: job.kind, stage: job.stage, due, at: now })
        .onConflictDoNothing()
        .run();
      if (made.changes === 0) return 'already' as const;
      const what = job.kind === 'first-response' ? 'first response' : 'resolution';
      tx.insert(ticketWorklog)
        .values({
          ticketId: job.ticketId,
          at: now,
          kind: 'sla',
          author: 'system',
          body:
            job.stage === 'warning'
              ? `SLA warning: ${what} due ${due.toISOString()}`
              : `SLA breached: ${what} was due ${due.toISOString()}`,
          details: { event: `sla.${job.stage}`, kind: job.kind, due: due.toISOString() },
        })
        .run();
      return 'recorded' as const;
    });
    if (outcome === 'recorded') {
      const payload = { ticketId: job.ticketId, kind: job.kind, due: new Date(job.dueMs), at: now };
      if (job.stage === 'warning') this.events.emit('sla.warning', payload);
      else this.events.emit('sla.breached', payload);
    }
    return outcome;
  }

  private created(ticketId: number): void {
    const ticket = this.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket) return;
    const due = this.deadlinesOf(ticket.priority, ticket.createdAt);
    this.db.transaction((tx) => {
      tx.insert(ticketSla)
        .values({ ticketId, ...due })
        .onConflictDoNothing()
        .run();
      this.schedule(tx, ticketId, ticket.createdAt, due, ['first-response', 'resolution']);
    });
    this.written();
  }

  private updated(e: TicketEventMap['ticket.updated'][0]): void {
    const ticket = this.db.select().from(tickets).where(eq(tickets.id, e.ticketId)).get();
    const sla = this.db.select().from(ticketSla).where(eq(ticketSla.ticketId, e.ticketId)).get();
    if (!ticket || !sla) return;
    if (e.worklogEntryId !== undefined && sla.firstRespondedAt === null && e.by !== ticket.createdBy) {
      const entry = this.db.select().from(ticketWorklog).where(eq(ticketWorklog.id, e.worklogEntryId)).get();
      if (entry?.kind === 'note') this.responded(e.ticketId, e.by, e.at);
    }
    if (e.changes.priority) {
      const due = this.deadlinesOf(ticket.priority, ticket.createdAt);
      this.db.transaction((tx) => {
        tx.update(ticketSla).set(due).where(eq(ticketSla.ticketId, e.ticketId)).run();
        this.schedule(tx, e.ticketId, ticket.createdAt, due, ['first-response', 'resolution']);
      });
      this.written();
    }
  }

  private statusChanged(e: TicketEventMap['ticket.status-changed'][0]): void {
    const ticket = this.db.select().from(tickets).where(eq(tickets.id, e.ticketId)).get();
    const sla = this.db.select().from(ticketSla).where(eq(ticketSla.ticketId, e.ticketId)).get();
    if (!ticket || !sla) return;
    if (e.from === 'new' && sla.firstRespondedAt === null && e.by !== ticket.createdBy)
      this.responded(e.ticketId, e.by, e.at);
    // Reopened: the resolution deadline (and an unmet first response) count again.
    if ((DONE as readonly string[]).includes(e.from) && !(DONE as readonly string[]).includes(e.to)) {
      const due = { firstResponseDue: sla.firstResponseDue, resolutionDue: sla.resolutionDue };
      this.db.transaction((tx) =>
        this.schedule(tx, e.ticketId, ticket.createdAt, due, ['first-response', 'resolution']),
      );
      this.written();
    }
  }

  private responded(ticketId: number, by: string, at: Date): void {
    this.db
      .update(ticketSla)
      .set({ firstRespondedAt: at, firstRespondedBy: by })
      .where(and(eq(ticketSla.ticketId, ticketId)))
      .run();
  }

  private schedule(
    tx: Pick<Db, 'insert'>,
    ticketId: number,
    start: Date,
    due: { firstResponseDue: Date; resolutionDue: Date },
    kinds: SlaKind[],
  ): void {
    const now = this.clock();
    for (const kind of kinds) {
      const end = kind === 'first-response' ? due.firstResponseDue : due.resolutionDue;
      const warnAt = new Date(
        start.getTime() + ((end.getTime() - start.getTime()) * this.settings.warnPercent) / 100,
      );
      for (const [stage, runAt] of [
        ['warning', warnAt],
        ['breached', end],
      ] as const) {
        const data: SlaJobData = { ticketId, kind, stage, dueMs: end.getTime() };
        writeOutboxJob(
          tx,
          { queue: SLA_QUEUE, jobId: slaJobId(data), name: `sla.${stage}`, data: { ...data }, runAt },
          now,
        );
      }
    }
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      // A listener that throws would surface in the ticket route that emitted the event.
      this.onError(err);
    }
  }

  onError: (err: unknown) => void = () => undefined;
}

/** The `sla` part of tickets' JSON, for the rows given (tickets without a row get none). */
export function slaJsonOf(db: Db, ticketIds: readonly number[]): Map<number, SlaJson> {
  const out = new Map<number, SlaJson>();
  if (ticketIds.length === 0) return out;
  const rows = db
    .select()
    .from(ticketSla)
    .where(inArray(ticketSla.ticketId, [...ticketIds]))
    .all();
  const breaches = db
    .select()
    .from(slaEvents)
    .where(and(inArray(slaEvents.ticketId, [...ticketIds]), eq(slaEvents.stage, 'breached')))
    .orderBy(slaEvents.at, slaEvents.id)
    .all();
  for (const row of rows)
    out.set(row.ticketId, {
      firstResponseDue: row.firstResponseDue.toISOString(),
      resolutionDue: row.resolutionDue.toISOString(),
      firstRespondedAt: row.firstRespondedAt?.toISOString() ?? null,
      breached: breaches
        .filter((b) => b.ticketId === row.ticketId)
        .map((b) => ({ kind: b.kind, due: b.due.toISOString(), at: b.at.toISOString() })),
    });
  return out;
}
