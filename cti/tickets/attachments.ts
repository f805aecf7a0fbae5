import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { type AttachmentRow, ticketAttachments } from './schema.js';
import { TicketRuleError } from './ticket-error.js';
import type { Tickets } from './ticket-service.js';
import type { Viewer } from './viewer.js';

export const ALLOWED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'audio/wav',
] as const;
export type AttachmentType = (typeof ALLOWED_TYPES)[number];

/**
 * The type of a file by its first bytes, never by what the client claims: PDF, PNG, JPEG and WAV
 * by their magic numbers; text (plain, or CSV by a .csv name) when it is UTF-8 without control
 * characters. Anything else is refused.
 */
export function sniffType(bytes: Buffer, fileName: string): AttachmentType | null {
  const starts = (magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x41, 0x56, 0x45], 8)) return 'audio/wav';
  if (bytes.length > 0 && isPlainText(bytes))
    return extname(fileName).toLowerCase() === '.csv' ? 'text/csv' : 'text/plain';
  return null;
}

function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // Tabs and line ends are text; other control characters (NUL, escapes) mean a binary file.
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return false;
  }
  return true;
}

export interface AttachmentSettings {
  /** Where the bytes go, one file per distinct content, named by its sha256. */
  dir: string;
  maxBytes: number;
}

export interface NewAttachment {
  fileName: string;
  /** What the client says it is; must agree with the content when given. */
  contentType?: string;
  data: Buffer;
}

/** Files on tickets: checked by size and content, stored once per content under the data dir. */
export class TicketAttachments {
  constructor(
    private readonly db: Db,
    private readonly tickets: Tickets,
    private readonly clock: () => Date,
    readonly settings: AttachmentSettings,
  ) {}

  add(viewer: Viewer, ticketId: number, input: NewAttachment): AttachmentRow {
    this.tickets.writable(viewer, ticketId);
    const { data, fileName } = input;
    if (data.length > this.settings.maxBytes)
      throw new TicketRuleError(
        'too_large',
        `attachment "${fileName}" is ${data.length} bytes; the limit is ${this.settings.maxBytes} (SWITCHBOARD_TICKET_ATTACHMENT_MAX_BYTES)`,
      );
    if (data.length === 0) throw new TicketRuleError('bad_request', `attachment "${fileName}" is empty`);
    const sniffed = sniffType(data, fileName);
    if (sniffed === null)
      throw new TicketRuleError(
        'unsupported_type',
        `attachment "${fileName}" is not one of the allowed types (${ALLOWED_TYPES.join(', ')}) by its content`,
      );
    const claimed = input.contentType?.split(';')[0]?.trim().toLowerCase();
    if (claimed && claimed !== sniffed && !(claimed === 'text/plain' && sniffed === 'text/csv'))
      throw new TicketRuleError(
        'unsupported_type',
        `attachment "${fileName}" says it is ${claimed} but its content is ${sniffed}`,
      );
    const sha256 = createHash('sha256').update(data).digest('hex');
    this.store(sha256, data);
    return this.tickets.transaction(() => {
      const now = this.clock();
      const row = this.db
        .insert(ticketAttachments)
        .values({
          ticketId,
          fileName,
          contentType: sniffed,
          sizeBytes: data.length,
          sha256,
          uploadedBy: viewer.actor,
          at: now,
        })
        .returning()
        .get();
      const entry = this.tickets.addEntry({
        ticketId,
        at: now,
        kind: 'attachment',
        author: viewer.actor,
        attachmentId: row.id,
      });
      this.tickets.touch(ticketId, now);
      this.tickets.emit('ticket.updated', {
        ticketId,
        by: viewer.actor,
        at: now,
        changes: {},
        worklogEntryId: entry.id,
      });
      return row;
    });
  }

  list(ticketId: number): AttachmentRow[] {
    return this.db
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, ticketId))
      .orderBy(ticketAttachments.id)
      .all();
  }

  /** The attachment and its bytes, if the viewer may see its ticket. */
  read(viewer: Viewer, ticketId: number, attachmentId: number): { row: AttachmentRow; data: Buffer } {
    this.tickets.get(viewer, ticketId);
    const row = this.db.select().from(ticketAttachments).where(eq(ticketAttachments.id, attachmentId)).get();
    if (!row || row.ticketId !== ticketId)
      throw new TicketRuleError('not_found', `attachment ${attachmentId} of ticket ${ticketId} not found`);
    return { row, data: readFileSync(this.pathOf(row.sha256)) };
  }

  pathOf(sha256: string): string {
    return join(this.settings.dir, sha256.slice(0, 2), sha256);
  }

  private store(sha256: string, data: Buffer): void {
    const path = this.pathOf(sha256);
    mkdirSync(join(this.settings.dir, sha256.slice(0, 2)), { recursive: true });
    // Written aside and renamed, so a crash never leaves a half file under the content's name.
    const partial = `${path}.${process.pid}.part`;
    writeFileSync(partial, data);
    renameSync(partial, path);
  }
}
