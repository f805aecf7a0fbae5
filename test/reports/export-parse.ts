// Reading report downloads back (CSV and the workbook's first sheet), so tests assert their rows.
import ExcelJS from 'exceljs';

/** RFC 4180 lines and fields (quoted fields may hold commas and quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** The first sheet's cells, row by row (header first), as ExcelJS reads them. */
export async function xlsxCells(payload: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const cells: unknown[][] = [];
  sheet.eachRow((row) => {
    const values: unknown[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) values.push(row.getCell(i).value ?? null);
    cells.push(values);
  });
  return cells;
}

/** A header row and data rows as objects keyed by the header. */
export function asObjects(cells: readonly unknown[][]): Array<Record<string, unknown>> {
  const [header = [], ...rows] = cells;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), row[i]])));
}
