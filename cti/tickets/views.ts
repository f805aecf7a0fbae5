import { and, eq, inArray } from 'drizzle-orm';
import { acdOffers, agents, callRecordings } from '../acd/schema.js';
import { users } from '../auth/schema.js';
import { calls } from '../calls/schema.js';
import { type DispositionJson, Dispositions } from '../desktop/dispositions.js';
import type { Db } from '../infra/db/client.js';
import { type SlaJson, slaJsonOf } from '../sla/sla-service.js';
import { transcripts } from '../transcription/schema.js';
import type { ContactJson, Contacts } from './contacts.js';
import type { AttachmentRow, TicketRow, TicketStatus, WorklogRow } from './schema.js';
import { ALLOWED_TRANSITIONS } from './transitions.js';

export interface TicketJson {
  id: number;
  subject: string;
  description: string;
  status: TicketStatus;
  /** Where the status may go from here (empty once closed). */
  allowedStatuses: readonly TicketStatus[];
  priority: string;
  category: string | null;
  assignee: { id: number; username: string; displayName: string } | null;
  contact: ContactJson | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  statusChangedAt: string;
  /** Deadlines and breaches; null for tickets made before SLAs existed. */
  sla: SlaJson | null;
}

/** Tickets as the API shows them, with assignee and contact looked up in one query each. */
export function ticketsJson(db: Db, contacts: Contacts, rows: readonly TicketRow[]): TicketJson[] {
  const userIds = [...new Set(rows.flatMap((r) => (r.assigneeUserId === null ? [] : [r.assigneeUserId])))];
  const contactIds = [...new Set(rows.flatMap((r) => (r.contactId === null ? [] : [r.contactId])))];
  const people = new Map(
    (userIds.length
      ? db
          .select({ id: users.id, username: users.username, displayName: users.displayName })
          .from(users)
          .where(inArray(users.id, userIds))
          .all()
      : []
    ).map((u) => [u.id, u]),
  );
  const phones = contacts.phonesOf(contactIds);
  const contactById = new Map(
    contactIds.flatMap((id) => {
      const row = contacts.byId(id);
      return row ? [[id, contacts.toJson(row, phones.get(id) ?? [])] as const] : [];
    }),
  );
  const slas = slaJsonOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    description: row.description,
    status: row.status,
    allowedStatuses: ALLOWED_TRANSITIONS[row.status],
    priority: row.priority,
    category: row.category,
    assignee: row.assigneeUserId === null ? null : (people.get(row.assigneeUserId) ?? null),
    contact: row.contactId === null ? null : (contactById.get(row.contactId) ?? null),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    statusChangedAt: row.statusChangedAt.toISOString(),
    sla: slas.get(row.id) ?? null,
  }));
}

/** A linked call as its worklog entry shows it, read from the call tables at the time of asking. */
export interface CallEntryJson {
  id: number;
  callerNumber: string | null;
  startedAt: string;
  endedAt: string | null;
  /** From the call's start to its end; null while it is live. */
  durationSeconds: number | null;
  /** Agents who answered, with the time each did. */
  answeredBy: Array<{ agentId: string; name: string | null; at: string | null }>;
  /** From the (latest) agent's answer to the end. */
  talkSeconds: number | null;
  disposition: DispositionJson | null;
  recordings: string[];
  /** The call's first finished transcript, if any. */
  transcriptId: string | null;
  /** Every transcript of the call's recordings (redacted over recording pauses), as transcription left it. */
  transcripts: Array<{ id: number; state: string; text: string | null }>;
}

export interface WorklogEntryJson {
  id: number;
  at: string;
  kind: WorklogRow['kind'];
  author: string;
  body?: string;
  fromStatus?: TicketStatus;
  toStatus?: TicketStatus;
  details?: Record<string, unknown>;
  call?: CallEntryJson;
  attachment?: { id: number; fileName: string; contentType: string; sizeBytes: number };
}

export function worklogJson(
  db: Db,
  rows: readonly WorklogRow[],
  attachments: readonly AttachmentRow[],
): WorklogEntryJson[] {
  const callIds = [
    ...new Set(rows.flatMap((r) => (r.kind === 'call' && r.callId !== null ? [r.callId] : []))),
  ];
  const callInfo = callEntries(db, callIds);
  const files = new Map(attachments.map((a) => [a.id, a]));
  return rows.map((row) => {
    const entry: WorklogEntryJson = {
      id: row.id,
      at: row.at.toISOString(),
      kind: row.kind,
      author: row.author,
    };
    if (row.body !== null) entry.body = row.body;
    if (row.fromStatus !== null) entry.fromStatus = row.fromStatus;
    if (row.toStatus !== null) entry.toStatus = row.toStatus;
    if (row.details !== null) entry.details = row.details;
    const call = row.callId === null ? undefined : callInfo.get(row.callId);
    if (call) {
      const done = call.transcripts.find((x) => x.state === 'done');
      entry.call = { ...call, transcriptId: row.transcriptId ?? (done ? String(done.id) : null) };
    }
    const file = row.attachmentId === null ? undefined : files.get(row.attachmentId);
    if (file)
      entry.attachment = {
        id: file.id,
        fileName: file.fileName,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
      };
    return entry;
  });
}

function callEntries(db: Db, callIds: number[]): Map<number, Omit<CallEntryJson, 'transcriptId'>> {
  const out = new Map<number, Omit<CallEntryJson, 'transcriptId'>>();
  if (callIds.length === 0) return out;
  const answers = db
    .select({
      callId: acdOffers.callId,
      agentId: acdOffers.agentId,
      at: acdOffers.outcomeAt,
      name: agents.name,
    })
    .from(acdOffers)
    .leftJoin(agents, eq(agents.id, acdOffers.agentId))
    .where(and(inArray(acdOffers.callId, callIds), eq(acdOffers.outcome, 'answered')))
    .orderBy(acdOffers.outcomeAt)
    .all();
  const recordings = db
    .select({ callId: callRecordings.callId, name: callRecordings.name })
    .from(callRecordings)
    .where(inArray(callRecordings.callId, callIds))
    .orderBy(callRecordings.id)
    .all();
  const dispositions = new Dispositions(db).latestOf(callIds);
  const texts = db
    .select({
      id: transcripts.id,
      callId: transcripts.callId,
      state: transcripts.state,
      text: transcripts.text,
    })
    .from(transcripts)
    .where(inArray(transcripts.callId, callIds))
    .orderBy(transcripts.id)
    .all();
  for (const call of db.select().from(calls).where(inArray(calls.id, callIds)).all()) {
    const answeredBy = answers
      .filter((a) => a.callId === call.id)
      .map((a) => ({ agentId: a.agentId, name: a.name, at: a.at?.toISOString() ?? null }));
    const lastAnswer = answers.filter((a) => a.callId === call.id && a.at !== null).at(-1)?.at ?? null;
    const seconds = (from: Date | null) =>
      from && call.endedAt ? Math.max(0, Math.round((call.endedAt.getTime() - from.getTime()) / 1000)) : null;
    out.set(call.id, {
      id: call.id,
      callerNumber: call.callerNumber,
      startedAt: call.startedAt.toISOString(),
      endedAt: call.endedAt?.toISOString() ?? null,
      durationSeconds: seconds(call.startedAt),
      answeredBy,
      talkSeconds: seconds(lastAnswer),
      disposition: dispositions.get(call.id) ?? null,
      recordings: recordings.filter((r) => r.callId === call.id).map((r) => r.name),
      transcripts: texts
        .filter((x) => x.callId === call.id)
        .map(({ id, state, text }) => ({ id, state, text })),
    });
  }
  return out;
}
