import type { AuditRow } from './schema.js';

export const CSV_HEADER = 'id,at,actor_type,actor_id,actor_name,action,target,outcome,details,ip\r\n';

/** One audit row as a CSV line (RFC 4180, CRLF). */
export function auditCsvLine(row: AuditRow): string {
  const fields = [
    row.id,
    row.at.toISOString(),
    row.actorType,
    row.actorId,
    row.actorName,
    row.action,
    row.target,
    row.outcome,
    row.details === null ? null : JSON.stringify(row.details),
    row.ip,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // Usernames and key names are typed by people: a leading = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
