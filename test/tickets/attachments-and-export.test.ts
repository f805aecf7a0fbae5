import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import t from 'tap';
import { sniffType } from '../../cti/tickets/attachments.js';
import { parseCsv } from '../reports/export-parse.js';
import { ticketFixture } from './fixture.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n', 'latin1');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);
const ELF = Buffer.from('7f454c46020101000000', 'hex');
const b64 = (b: Buffer) => b.toString('base64');

t.test('content sniffing decides the type, never the name or the claim', async (t) => {
  t.equal(sniffType(PNG, 'x.pdf'), 'image/png');
  t.equal(sniffType(PDF, 'x'), 'application/pdf');
  t.equal(sniffType(JPEG, 'x.jpg'), 'image/jpeg');
  t.equal(sniffType(WAV, 'x.wav'), 'audio/wav');
  t.equal(sniffType(Buffer.from('a,b\r\n1,2\r\n'), 'list.csv'), 'text/csv');
  t.equal(sniffType(Buffer.from('hello\tworld\n'), 'note.txt'), 'text/plain');
  t.equal(sniffType(ELF, 'harmless.txt'), null, 'a binary named .txt is refused');
  t.equal(sniffType(Buffer.from('MZ\x90\x00', 'latin1'), 'x.txt'), null);
  t.equal(sniffType(Buffer.from([0xc3, 0x28]), 'x.txt'), null, 'invalid UTF-8 is not text');
});

t.test(
  'attachments: stored under the data dir by sha256, listed, downloaded; bad ones refused with nothing stored',
  async (t) => {
    const dir = t.testdir();
    const f = await ticketFixture(t, { deps: { ticketAttachments: { dir, maxBytes: 1000 } } as never });
    const ticket = await f.ticket({ subject: 'With files' });
    const up = (payload: Record<string, unknown>) =>
      f.post(`/api/tickets/${ticket.id}/attachments`, f.asAdmin, payload);
    const ok = await up({ fileName: 'screenshot.png', contentType: 'image/png', dataBase64: b64(PNG) });
    t.equal(ok.status, 201, JSON.stringify(ok.body));
    const sha = createHash('sha256').update(PNG).digest('hex');
    t.match(ok.body, {
      fileName: 'screenshot.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha,
    });
    t.ok(existsSync(join(dir, sha.slice(0, 2), sha)), 'the file is named by its sha256');
    t.same(readFileSync(join(dir, sha.slice(0, 2), sha)), PNG);
    const csv = await up({ fileName: 'export.csv', dataBase64: b64(Buffer.from('a,b\n')) });
    t.match(csv.body, { contentType: 'text/csv' });

    const down = await f.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/attachments/${ok.body.id}`,
      headers: f.asAdmin,
    });
    t.equal(down.statusCode, 200);
    t.equal(down.headers['content-type'], 'image/png');
    t.equal(down.headers['x-content-type-options'], 'nosniff');
    t.same(down.rawPayload, PNG);
    t.match((await f.get(`/api/tickets/${ticket.id}`, f.asAdmin)).body, {
      attachments: [{ fileName: 'screenshot.png' }, { fileName: 'export.csv' }],
    });
    const log = await f.get(`/api/tickets/${ticket.id}/worklog`, f.asAdmin);
    t.match(log.body.items.at(-1), {
      kind: 'attachment',
      attachment: { fileName: 'export.csv', contentType: 'text/csv' },
    });
    t.match(f.deps.audit.list({ action: 'ticket.attachment', limit: 5, offset: 0 }), [
      { details: { fileName: 'export.csv' } },
      { details: { sha256: sha } },
    ]);

    const before = f.snapshot();
    const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
      [
        'too large',
        { fileName: 'big.txt', dataBase64: b64(Buffer.alloc(1001, 'a')) },
        413,
        /"big.txt" is 1001 bytes; the limit is 1000/,
      ],
      [
        'an executable',
        { fileName: 'run.pdf', dataBase64: b64(ELF) },
        415,
        /"run.pdf" is not one of the allowed types \(application\/pdf, image\/png/,
      ],
      [
        'claims to be a PDF, is a PNG',
        { fileName: 'x.pdf', contentType: 'application/pdf', dataBase64: b64(PNG) },
        415,
        /says it is application\/pdf but its content is image\/png/,
      ],
      ['not base64', { fileName: 'x.txt', dataBase64: '!!!' }, 400, /not base64/],
      ['empty', { fileName: 'x.txt', dataBase64: '' }, 400, /is empty/],
      [
        'a path as name',
        { fileName: '../../etc/passwd', dataBase64: b64(Buffer.from('x')) },
        400,
        /fileName/,
      ],
    ];
    for (const [what, payload, status, message] of cases) {
      const res = await up(payload);
      t.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
      t.match(res.body, { message }, what);
    }
    const far = await up({ fileName: 'huge.txt', dataBase64: b64(Buffer.alloc(200_000, 'a')) });
    t.equal(far.status, 413, 'far over the limit is stopped at the body limit');
    t.same(f.snapshot(), before, 'nothing stored');
    t.equal((await f.get(`/api/tickets/${ticket.id}/attachments/999`, f.asAdmin)).status, 404);
  },
);

t.test('CSV and Excel exports of a filtered list, parsed back; formulas never run', async (t) => {
  const f = await ticketFixture(t);
  const evil = '=HYPERLINK("http://evil.example","click")';
  await f.ticket({
    subject: evil,
    category: 'billing',
    contact: { name: '@SUM(A1:A2)', phones: ['+4930123'], email: 'x@example.com' },
  });
  await f.ticket({
    subject: '+cmd|calc',
    description: 'line one\nline "two", with comma',
    category: 'billing',
  });
  await f.ticket({ subject: '-1', category: 'billing' });
  await f.ticket({ subject: 'Not billing', category: 'other' });

  const csv = await f.app.inject({
    method: 'GET',
    url: '/api/tickets.csv?category=billing',
    headers: f.asAdmin,
  });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.match(csv.headers['content-disposition'], /attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"/);
  const rows = parseCsv(csv.body);
  t.same(rows[0], [
    'id',
    'subject',
    'status',
    'priority',
    'category',
    'assignee',
    'contact',
    'phones',
    'email',
    'created_at',
    'updated_at',
    'created_by',
    'description',
  ]);
  t.equal(rows.length, 4, 'header and the three billing tickets');
  const bySubject = new Map(rows.slice(1).map((r) => [r[1], r]));
  t.ok(bySubject.has(`'${evil}`), 'a leading = is quoted');
  t.equal(bySubject.get(`'${evil}`)?.[6], "'@SUM(A1:A2)", 'a leading @ is quoted');
  t.ok(bySubject.has("'+cmd|calc"), 'a leading + is quoted');
  t.ok(bySubject.has("'-1"), 'a leading - is quoted');
  t.equal(
    bySubject.get("'+cmd|calc")?.[12],
    'line one\nline "two", with comma',
    'newlines, quotes and commas survive',
  );
  t.match(f.deps.audit.list({ action: 'ticket.export', limit: 1, offset: 0 }), [
    { details: { format: 'csv', rows: 3 } },
  ]);

  const xlsx = await f.app.inject({
    method: 'GET',
    url: '/api/tickets.xlsx?category=billing',
    headers: f.asAdmin,
  });
  t.equal(xlsx.statusCode, 200);
  t.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet('Tickets')!;
  t.equal(sheet.rowCount, 4);
  t.same((sheet.getRow(1).values as unknown[]).slice(1, 4), ['id', 'subject', 'status']);
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) cells.push(row.getCell(2));
  });
  const subjects = cells.map((c) => c.value);
  t.same(subjects.sort(), [evil, '+cmd|calc', '-1'].sort(), 'subjects are kept as typed');
  for (const cell of cells)
    t.equal(cell.type, ExcelJS.ValueType.String, `${String(cell.value)} is a string cell, not a formula`);

  const bad = await f.get('/api/tickets.xlsx?status=bogus', f.asAdmin);
  t.equal(bad.status, 400);
});
