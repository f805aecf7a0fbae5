// Names and pause reasons are typed by people: one starting with = + - @ must not run as a formula
// when a download is opened in a spreadsheet. CSV cells get a leading quote; workbook cells are
// plain text (never a formula).
import ExcelJS from 'exceljs';
import t from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { asObjects, parseCsv } from './export-parse.js';
import { reportApp } from './report-app.js';
import { at, QUEUE_BASE, ZONE } from './scripted-day.js';

t.test('formula-like names and reasons come out inert', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  app.admin.putQueue(
    'q1',
    { name: '=HYPERLINK("http://x","y")', serviceLevelSeconds: 20, ...QUEUE_BASE },
    null,
  );
  app.admin.putQueue('q2', { name: '@SUM(A1:A9)', serviceLevelSeconds: 20, ...QUEUE_BASE }, null);
  app.admin.putAgent('a1', { name: '+Anna', skills: {}, queues: ['q1'] });
  app.admin.putAgent('a2', { name: '-Ben', skills: {}, queues: ['q2'] });
  const reasons: Record<string, string[]> = { a1: ['=lunch', '+coffee'], a2: ['-training', '@meeting'] };
  const store = new AcdStore(app.database.db);
  for (const [agentId, [first, second]] of Object.entries(reasons))
    store.transitions([
      { agentId, from: 'logged-out', to: 'paused', reason: first, at: at('09:00:00').getTime() },
      { agentId, from: 'paused', to: 'paused', reason: second, at: at('09:10:00').getTime() },
      { agentId, from: 'paused', to: 'logged-out', at: at('09:20:00').getTime() },
    ]);
  const query = 'from=2025-06-10&to=2025-06-10&interval=day';
  const download = (path: string) =>
    app.app.inject({ method: 'GET', url: `/api/reports/${path}?${query}`, headers: app.asAdmin });

  const expected = {
    queues: { key: 'queueName', values: ['=HYPERLINK("http://x","y")', '@SUM(A1:A9)'] },
    agents: { key: 'agentName', values: ['+Anna', '-Ben'] },
    pauses: { key: 'reason', values: ['+coffee', '=lunch', '-training', '@meeting'] },
  } as const;
  for (const [report, { key, values }] of Object.entries(expected)) {
    const csv = await download(`${report}.csv`);
    t.equal(csv.statusCode, 200);
    t.strictSame(
      asObjects(parseCsv(csv.body)).map((r) => r[key]),
      values.map((v) => `'${v}`),
      `${report}.csv: ${key} starts with a quote`,
    );
    const xlsx = await download(`${report}.xlsx`);
    t.equal(xlsx.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf(key);
    const cells = values.map((_, i) => sheet.getRow(i + 2).getCell(column));
    t.strictSame(
      cells.map((c) => [c.type, c.value]),
      values.map((v) => [ExcelJS.ValueType.String, v]),
      `${report}.xlsx: ${key} is plain text, as typed`,
    );
  }
});
