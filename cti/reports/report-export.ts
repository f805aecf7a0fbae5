import ExcelJS from 'exceljs';
import { csvField } from '../tickets/export.js';
import { REPORT_COLUMNS } from './report-columns.js';
import type { ReportKind, ReportMeta } from './report-service.js';

type Row = Record<string, unknown>;

function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : String(value);
}

/** A report's rows as CSV (RFC 4180, CRLF): one header line of column names, empty cells for null. */
export function reportCsv(report: ReportKind, rows: readonly Row[]): string {
  const columns = REPORT_COLUMNS[report].map(([name]) => name);
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cell(row[c]) ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const SHEET_NAMES: Record<ReportKind, string> = { queues: 'Queues', agents: 'Agents', pauses: 'Pauses' };

/**
 * The same rows as an Excel workbook (numbers as numbers, never a formula), with a second sheet
 * saying what the report covers: zone, range, interval and counting rules.
 */
export async function reportXlsx(meta: ReportMeta, filters: object, rows: readonly Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Switchboard';
  const sheet = workbook.addWorksheet(SHEET_NAMES[meta.report]);
  const columns = REPORT_COLUMNS[meta.report];
  sheet.columns = columns.map(([name, kind]) => ({
    header: name,
    key: name,
    width: kind === 'text' ? (name === 'start' || name === 'end' ? 26 : 18) : 14,
  }));
  for (const row of rows) sheet.addRow(columns.map(([name]) => cell(row[name])));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const about = workbook.addWorksheet('Report');
  about.columns = [
    { header: 'setting', key: 'setting', width: 24 },
    { header: 'value', key: 'value', width: 40 },
  ];
  for (const [key, value] of Object.entries({ ...meta, ...filters }))
    about.addRow([key, Array.isArray(value) ? value.join(', ') : cell(value)]);
  about.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
