// CSV and Excel downloads of each report carry exactly the figures of its JSON answer.
import ExcelJS from 'exceljs';
import t from 'tap';
import { REPORT_COLUMNS } from '../../cti/reports/report-columns.js';
import { parseCsv } from './export-parse.js';
import { reportApp } from './report-app.js';
import { setUpQueuesAndAgents, writeScriptedDay, ZONE } from './scripted-day.js';

const asText = (v: unknown) => (v === null ? '' : String(v));

t.test('exports carry the JSON figures', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  writeScriptedDay(app.database.db);

  for (const report of ['queues', 'agents', 'pauses'] as const) {
    const query = `from=2025-06-10&to=2025-06-10&interval=hour`;
    const json = await app.get(`/api/reports/${report}?${query}`);
    t.equal(json.status, 200);
    const columns = REPORT_COLUMNS[report].map(([name]) => name);
    t.strictSame(
      Object.keys(json.body.rows[0] ?? {}),
      columns,
      `${report}: JSON rows have the columns in order`,
    );

    const csv = await app.app.inject({
      method: 'GET',
      url: `/api/reports/${report}.csv?${query}`,
      headers: app.asAdmin,
    });
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /^text\/csv/);
    t.match(
      csv.headers['content-disposition'],
      `attachment; filename="report-${report}-2025-06-10-hour.csv"`,
    );
    const lines = parseCsv(csv.body);
    t.strictSame(lines[0], columns, `${report}.csv: header`);
    t.strictSame(
      lines.slice(1),
      json.body.rows.map((row) => columns.map((c) => asText(row[c]))),
      `${report}.csv: every row and figure as in JSON (null as an empty cell)`,
    );

    const xlsx = await app.app.inject({
      method: 'GET',
      url: `/api/reports/${report}.xlsx?${query}`,
      headers: app.asAdmin,
    });
    t.equal(xlsx.statusCode, 200);
    t.match(xlsx.headers['content-type'], /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    t.equal(sheet.name, report[0]!.toUpperCase() + report.slice(1));
    const cells: unknown[][] = [];
    sheet.eachRow((row) => {
      cells.push(columns.map((_, i) => row.getCell(i + 1).value ?? null));
    });
    t.strictSame(cells[0], columns, `${report}.xlsx: header`);
    t.strictSame(
      cells.slice(1),
      json.body.rows.map((row) => columns.map((c) => row[c])),
      `${report}.xlsx: numbers as numbers, the same as JSON`,
    );
    const about = new Map<string, unknown>();
    book.getWorksheet('Report')!.eachRow((row) => {
      about.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    t.match(Object.fromEntries(about), {
      report,
      timeZone: 'Europe/Berlin',
      from: '2025-06-10T00:00:00+02:00',
      to: '2025-06-11T00:00:00+02:00',
      interval: 'hour',
      shortAbandonSeconds: 5,
    });
  }

  const audit = await app.get<{ items: Array<{ target: string; details: { format: string } }> }>(
    '/api/audit?action=report.export',
  );
  t.strictSame(
    audit.body.items.map((e) => `${e.target}.${e.details.format}`).sort(),
    [
      'report:agents.csv',
      'report:agents.xlsx',
      'report:pauses.csv',
      'report:pauses.xlsx',
      'report:queues.csv',
      'report:queues.xlsx',
    ],
    'each download is audited',
  );
});
