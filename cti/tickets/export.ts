import ExcelJS from 'exceljs';
import type { TicketJson } from './views.js';

const COLUMNS: Array<{
  header: string;
  key: string;
  width: number;
  value: (t: TicketJson) => string | number;
}> = [
  { header: 'id', key: 'id', width: 8, value: (t) => t.id },
  { header: 'subject', key: 'subject', width: 40, value: (t) => t.subject },
  { header: 'status', key: 'status', width: 10, value: (t) => t.status },
  { header: 'priority', key: 'priority', width: 10, value: (t) => t.priority },
  { header: 'category', key: 'category', width: 16, value: (t) => t.category ?? '' },
  { header: 'assignee', key: 'assignee', width: 16, value: (t) => t.assignee?.username ?? '' },
  { header: 'contact', key: 'contact', width: 24, value: (t) => t.contact?.name ?? '' },
  { header: 'phones', key: 'phones', width: 24, value: (t) => t.contact?.phones.join(' ') ?? '' },
  { header: 'email', key: 'email', width: 24, value: (t) => t.contact?.email ?? '' },
  { header: 'created_at', key: 'createdAt', width: 24, value: (t) => t.createdAt },
  { header: 'updated_at', key: 'updatedAt', width: 24, value: (t) => t.updatedAt },
  { header: 'created_by', key: 'createdBy', width: 20, value: (t) => t.createdBy },
  { header: 'description', key: 'description', width: 60, value: (t) => t.description },
];

/** A filtered ticket list as CSV (RFC 4180, CRLF), safe to open in a spreadsheet. */
export function ticketsCsv(items: readonly TicketJson[]): string {
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  for (const ticket of items) lines.push(COLUMNS.map((c) => csvField(c.value(ticket))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string | number): string {
  let text = String(value);
  // Subjects and names are typed by customers and agents: = + - @ (or a tab or CR before them)
  // would run as a formula in a spreadsheet, so such a cell starts with a quote.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same list as an Excel workbook: every cell is a plain string or number, never a formula. */
export async function ticketsXlsx(items: readonly TicketJson[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Switchboard';
  const sheet = workbook.addWorksheet('Tickets');
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const ticket of items) sheet.addRow(COLUMNS.map((c) => c.value(ticket)));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
