import { and, count, desc, eq, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { users } from '../auth/schema.js';
import { seesCall } from '../auth/scope.js';
import { calls } from '../calls/schema.js';
import { Dispositions } from '../desktop/dispositions.js';
import type { Db } from '../infra/db/client.js';
import { type ContactInput, Contacts, escapeLike } from './contacts.js';
import { type FieldChanges, type TicketEventMap, TicketEvents } from './events.js';
import { normalisePhone, phoneKey } from './phones.js';
import {
  contactPhones,
  type TicketPriority,
  type TicketRow,
  type TicketStatus,
  ticketCalls,
  tickets,
  ticketWorklog,
  type WorklogRow,
} from './schema.js';
import { TicketRuleError, ticketNotFound } from './ticket-error.js';
import { OPEN_STATUSES, transitionRefusal } from './transitions.js';
import { type Viewer, visibleTickets } from './viewer.js';

export interface NewTicket {
  subject: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string | null;
  assigneeId?: number | null;
  contactId?: number | null;
  contact?: ContactInput;
}

export interface TicketPatch {
  subject?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string | null;
  assigneeId?: number | null;
  contactId?: number | null;
}

export interface TicketFilter {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  category?: string;
  /** A user id, "none" (unassigned) or "me". */
  assignee?: number | 'none' | 'me';
  contactPhone?: string;
  /** Text in subject or description; matched literally (% and _ are not wildcards). */
  q?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
  offset: number;
}

type EventName = keyof TicketEventMap;
type Pending = { [K in EventName]: { name: K; args: TicketEventMap[K] } }[EventName];

/**
 * Tickets, their worklog and the calls linked to them; knows nothing of HTTP. Every check runs
 * before the first write and each change is one transaction, so a refusal leaves nothing behind.
 * Events go out after the commit.
 */
export class Tickets {
  readonly contacts: Contacts;
  private readonly dispositions: Dispositions;
  private pending: Pending[] | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    readonly events: TicketEvents = new TicketEvents(),
  ) {
    this.contacts = new Contacts(db, clock);
    this.dispositions = new Dispositions(db);
  }

  /** Runs `work` in one transaction (joining one already open); events are sent once it commits. */
  transaction<T>(work: () => T): T {
    if (this.pending !== null) return work();
    this.pending = [];
    let sent: Pending[] = [];
    try {
      const result = this.db.transaction(() => work());
      sent = this.pending;
      return result;
    } finally {
      this.pending = null;
      for (const event of sent)
        (this.events.emit as (n: string, ...a: unknown[]) => boolean)(event.name, ...event.args);
    }
  }

  create(viewer: Viewer, input: NewTicket): TicketRow {
    const assigneeId =
      input.assigneeId !== undefined ? input.assigneeId : viewer.kind === 'agent' ? viewer.userId : null;
    if (assigneeId !== null) this.checkAssignee(assigneeId);
    if (input.contactId != null) this.checkContact(input.contactId);
    if (input.contact?.phones) this.contacts.normalisePhones(input.contact.phones);
    const status = input.status ?? 'new';
    if (status === 'closed' || status === 'resolved')
      throw new TicketRuleError('bad_request', `a new ticket starts as new, open or pending, not ${status}`);
    return this.transaction(() => {
      const now = this.clock();
      const contactId =
        input.contactId ?? (input.contact ? this.contacts.findOrCreate(input.contact).id : null);
      const row = this.db
        .insert(tickets)
        .values({
          subject: input.subject.trim(),
          description: input.description ?? '',
          status,
          priority: input.priority ?? 'normal',
          category: input.category ?? null,
          assigneeUserId: assigneeId,
          contactId,
          createdBy: viewer.actor,
          createdAt: now,
          updatedAt: now,
          statusChangedAt: now,
        })
        .returning()
        .get();
      this.addEntry({ ticketId: row.id, at: now, kind: 'created', author: viewer.actor, toStatus: status });
      this.emit('ticket.created', { ticketId: row.id, by: viewer.actor, at: now });
      return row;
    });
  }

  /** The ticket if the viewer may see it. Not found and not yours look the same, so ids leak nothing. */
  get(viewer: Viewer, ticketId: number): TicketRow {
    const row = this.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), visibleTickets(viewer)))
      .get();
    if (!row) throw ticketNotFound(ticketId);
    return row;
  }

  list(viewer: Viewer, filter: TicketFilter): { total: number; items: TicketRow[] } {
    const where = and(visibleTickets(viewer), ...this.conditions(viewer, filter));
    const total = this.db.select({ n: count() }).from(tickets).where(where).get()?.n ?? 0;
    const items = this.db
      .select()
      .from(tickets)
      .where(where)
      .orderBy(desc(tickets.updatedAt), desc(tickets.id))
      .limit(filter.limit)
      .offset(filter.offset)
      .all();
    return { total, items };
  }

  update(viewer: Viewer, ticketId: number, patch: TicketPatch): { ticket: TicketRow; changes: FieldChanges } {
    const before = this.get(viewer, ticketId);
    if (before.status === 'closed')
      throw new TicketRuleError(
        'closed',
        `ticket ${ticketId} is closed; closed tickets do not change (open a new one)`,
      );
    const changes: FieldChanges = {};
    const set: Partial<TicketRow> = {};
    const consider = <K extends keyof TicketPatch & keyof TicketRow>(
      field: K,
      column: keyof TicketRow,
      value: TicketRow[typeof column] | undefined,
    ) => {
      if (value === undefined || value === before[column]) return;
      changes[field] = { from: before[column], to: value };
      (set as Record<string, unknown>)[column] = value;
    };
    consider('subject', 'subject', patch.subject?.trim());
    consider('description', 'description', patch.description);
    consider('priority', 'priority', patch.priority);
    consider('category', 'category', patch.category);
    consider('status', 'status', patch.status);
    if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeUserId) {
      if (patch.assigneeId !== null) this.checkAssignee(patch.assigneeId);
      changes.assigneeId = { from: before.assigneeUserId, to: patch.assigneeId };
      set.assigneeUserId = patch.assigneeId;
    }
    if (patch.contactId !== undefined && patch.contactId !== before.contactId) {
      if (patch.contactId !== null) this.checkContact(patch.contactId);
      changes.contactId = { from: before.contactId, to: patch.contactId };
      set.contactId = patch.contactId;
    }
    const to = set.status;
    if (to !== undefined) {
      const refusal = transitionRefusal(ticketId, before.status, to);
      if (refusal) throw new TicketRuleError('invalid_transition', refusal);
    }
    if (Object.keys(changes).length === 0) return { ticket: before, changes };
    return this.transaction(() => {
      const now = this.clock();
      if (to !== undefined) set.statusChangedAt = now;
      const ticket = this.db
        .update(tickets)
        .set({ ...set, updatedAt: now })
        .where(eq(tickets.id, ticketId))
        .returning()
        .get()!;
      const { status: _status, ...fieldChanges } = changes;
      if (to !== undefined) {
        this.addEntry({
          ticketId,
          at: now,
          kind: 'status',
          author: viewer.actor,
          fromStatus: before.status,
          toStatus: to,
        });
        this.emit('ticket.status-changed', { ticketId, by: viewer.actor, at: now, from: before.status, to });
      }
      if (Object.keys(fieldChanges).length > 0)
        this.addEntry({
          ticketId,
          at: now,
          kind: 'change',
          author: viewer.actor,
          details: summarise(fieldChanges),
        });
      this.emit('ticket.updated', { ticketId, by: viewer.actor, at: now, changes });
      return { ticket, changes };
    });
  }

  addNote(viewer: Viewer, ticketId: number, note: string): WorklogRow {
    this.writable(viewer, ticketId);
    return this.transaction(() => {
      const now = this.clock();
      const entry = this.addEntry({ ticketId, at: now, kind: 'note', author: viewer.actor, body: note });
      this.touch(ticketId, now);
      this.emit('ticket.updated', {
        ticketId,
        by: viewer.actor,
        at: now,
        changes: {},
        worklogEntryId: entry.id,
      });
      return entry;
    });
  }

  /**
   * May this viewer link the call? Admins any; supervisors a call that waited in one of their
   * queues; an agent only a call they answered.
   */
  checkMayLinkCall(viewer: Viewer, callId: number): void {
    if (!this.db.select({ id: calls.id }).from(calls).where(eq(calls.id, callId)).get())
      throw new TicketRuleError('not_found', `call ${callId} not found`);
    if (viewer.kind === 'all') return;
    if (viewer.kind === 'queues') {
      const scope = { kind: 'queues', queueIds: new Set(viewer.queueIds) } as const;
      if (!seesCall(this.db, scope, callId))
        throw new TicketRuleError(
          'out_of_scope',
          `${viewer.actor} (supervisor) may not see or act on call ${callId}: it waited in none of their queues`,
        );
      return;
    }
    if (viewer.agentId === null || !this.dispositions.answeringAgents(callId).includes(viewer.agentId))
      throw new TicketRuleError('forbidden', `call ${callId} was not answered by you`);
  }

  /**
   * Links a call to a not closed ticket and adds its worklog entry. Linking the same call again
   * changes nothing and returns false. The ticket must be one the viewer sees, or one of the
   * caller's own (their contact matched by number): the agent on the phone with a customer works
   * that customer's tickets, which the screen-pop has just shown them, and sees them from then on.
   */
  linkCall(viewer: Viewer, ticketId: number, callId: number): boolean {
    this.checkMayLinkCall(viewer, callId);
    const ticket = this.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
    if (!ticket || !(this.isVisible(viewer, ticketId) || this.isCallersTicket(ticket, callId)))
      throw ticketNotFound(ticketId);
    if (ticket.status === 'closed')
      throw new TicketRuleError(
        'closed',
        `ticket ${ticketId} is closed; closed tickets do not change (open a new one)`,
      );
    return this.transaction(() => {
      const now = this.clock();
      const linked = this.db
        .insert(ticketCalls)
        .values({ ticketId, callId, linkedAt: now, linkedBy: viewer.actor })
        .onConflictDoNothing()
        .run();
      if (linked.changes === 0) return false;
      const call = this.db
        .select({ startedAt: calls.startedAt })
        .from(calls)
        .where(eq(calls.id, callId))
        .get();
      // The entry sits where the call happened, so the worklog reads as the customer lived it.
      this.addEntry({ ticketId, at: call?.startedAt ?? now, kind: 'call', author: viewer.actor, callId });
      this.touch(ticketId, now);
      this.emit('ticket.call-linked', { ticketId, by: viewer.actor, at: now, callId });
      return true;
    });
  }

  /** A ticket for the caller of `callId` (their contact, found by number or made), linked to the call. */
  createForCall(viewer: Viewer, callId: number, input: NewTicket): TicketRow {
    this.checkMayLinkCall(viewer, callId);
    return this.transaction(() => {
      const call = this.db.select().from(calls).where(eq(calls.id, callId)).get()!;
      const number = call.callerNumber ? normalisePhone(call.callerNumber) : null;
      const contact =
        input.contactId != null || input.contact
          ? {}
          : number
            ? { contact: { name: call.callerName?.trim() || number, phones: [number] } }
            : {};
      const ticket = this.create(viewer, { ...input, ...contact });
      this.linkCall(viewer, ticket.id, callId);
      return this.get(viewer, ticket.id);
    });
  }

  private isVisible(viewer: Viewer, ticketId: number): boolean {
    return (
      this.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.id, ticketId), visibleTickets(viewer)))
        .get() !== undefined
    );
  }

  private isCallersTicket(ticket: TicketRow, callId: number): boolean {
    if (ticket.contactId === null) return false;
    const call = this.db
      .select({ callerNumber: calls.callerNumber })
      .from(calls)
      .where(eq(calls.id, callId))
      .get();
    return this.contacts.byCallerNumber(call?.callerNumber ?? null).some((c) => c.id === ticket.contactId);
  }

  /** Open tickets (new, open, pending) of the caller's contacts, most recently changed first. */
  openTicketsOfCaller(callerNumber: string | null, limit: number): TicketRow[] {
    const contactIds = this.contacts.byCallerNumber(callerNumber).map((c) => c.id);
    if (contactIds.length === 0) return [];
    return this.db
      .select()
      .from(tickets)
      .where(and(inArray(tickets.contactId, contactIds), inArray(tickets.status, [...OPEN_STATUSES])))
      .orderBy(desc(tickets.updatedAt), desc(tickets.id))
      .limit(limit)
      .all();
  }

  /** Tickets linked to a call that the viewer may see. */
  ofCall(viewer: Viewer, callId: number): TicketRow[] {
    return this.db
      .select()
      .from(tickets)
      .where(
        and(
          visibleTickets(viewer),
          inArray(
            tickets.id,
            this.db
              .select({ id: ticketCalls.ticketId })
              .from(ticketCalls)
              .where(eq(ticketCalls.callId, callId)),
          ),
        ),
      )
      .orderBy(desc(tickets.updatedAt), desc(tickets.id))
      .all();
  }

  worklog(viewer: Viewer, ticketId: number): WorklogRow[] {
    this.get(viewer, ticketId);
    return this.db
      .select()
      .from(ticketWorklog)
      .where(eq(ticketWorklog.ticketId, ticketId))
      .orderBy(ticketWorklog.at, ticketWorklog.id)
      .all();
  }

  /** Transcription fills this in on every worklog entry of the call once its transcript exists. */
  setTranscript(callId: number, transcriptId: string): number {
    return this.db
      .update(ticketWorklog)
      .set({ transcriptId })
      .where(and(eq(ticketWorklog.callId, callId), eq(ticketWorklog.kind, 'call')))
      .run().changes;
  }

  /** A visible ticket that still takes changes (not closed). */
  writable(viewer: Viewer, ticketId: number): TicketRow {
    const ticket = this.get(viewer, ticketId);
    if (ticket.status === 'closed')
      throw new TicketRuleError(
        'closed',
        `ticket ${ticketId} is closed; closed tickets do not change (open a new one)`,
      );
    return ticket;
  }

  addEntry(
    entry: Omit<
      WorklogRow,
      'id' | 'body' | 'fromStatus' | 'toStatus' | 'callId' | 'attachmentId' | 'transcriptId' | 'details'
    > &
      Partial<WorklogRow>,
  ): WorklogRow {
    return this.db.insert(ticketWorklog).values(entry).returning().get();
  }

  touch(ticketId: number, at: Date): void {
    this.db.update(tickets).set({ updatedAt: at }).where(eq(tickets.id, ticketId)).run();
  }

  emit<K extends EventName>(name: K, ...args: TicketEventMap[K]): void {
    const event = { name, args } as Pending;
    if (this.pending !== null) this.pending.push(event);
    else (this.events.emit as (n: string, ...a: unknown[]) => boolean)(name, ...args);
  }

  private conditions(viewer: Viewer, filter: TicketFilter): SQL[] {
    const out: SQL[] = [];
    if (filter.statuses?.length) out.push(inArray(tickets.status, filter.statuses));
    if (filter.priorities?.length) out.push(inArray(tickets.priority, filter.priorities));
    if (filter.category !== undefined) out.push(eq(tickets.category, filter.category));
    if (filter.assignee === 'none') out.push(isNull(tickets.assigneeUserId));
    else if (filter.assignee === 'me')
      out.push(viewer.userId === null ? sql`0` : eq(tickets.assigneeUserId, viewer.userId));
    else if (filter.assignee !== undefined) out.push(eq(tickets.assigneeUserId, filter.assignee));
    if (filter.contactPhone !== undefined) {
      const normalised = normalisePhone(filter.contactPhone);
      if (normalised === null)
        throw new TicketRuleError(
          'bad_request',
          `contactPhone "${filter.contactPhone}" is not a phone number`,
        );
      out.push(
        inArray(
          tickets.contactId,
          this.db
            .select({ id: contactPhones.contactId })
            .from(contactPhones)
            .where(eq(contactPhones.phoneKey, phoneKey(normalised))),
        ),
      );
    }
    if (filter.q !== undefined && filter.q !== '') {
      const pattern = `%${escapeLike(filter.q)}%`;
      out.push(
        sql`(${tickets.subject} LIKE ${pattern} ESCAPE '\\' OR ${tickets.description} LIKE ${pattern} ESCAPE '\\')`,
      );
    }
    if (filter.createdFrom) out.push(gte(tickets.createdAt, filter.createdFrom));
    if (filter.createdTo) out.push(lt(tickets.createdAt, filter.createdTo));
    return out;
  }

  private checkAssignee(userId: number): void {
    const user = this.db.select().from(users).where(eq(users.id, userId)).get();
    if (!user) throw new TicketRuleError('bad_request', `assignee: user ${userId} does not exist`);
    if (user.disabled)
      throw new TicketRuleError('bad_request', `assignee: user ${userId} (${user.username}) is disabled`);
  }

  private checkContact(contactId: number): void {
    if (!this.contacts.byId(contactId))
      throw new TicketRuleError('bad_request', `contactId: contact ${contactId} does not exist`);
  }
}

/** Long text changes are noted by length only: the worklog is no second copy of the description. */
function summarise(changes: FieldChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(changes))
    out[field] =
      field === 'description'
        ? { fromLength: String(change.from ?? '').length, toLength: String(change.to ?? '').length }
        : change;
  return out;
}
