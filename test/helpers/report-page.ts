import type { Page } from 'playwright-core';
import {
  columnKind,
  formatNumber,
  formatPercent,
  formatSeconds,
} from '../../web-softphone/src/ui/reports/report-format.js';

/**
 * Driving and reading the reports and admin pages in a browser test. The test code has no DOM
 * types, so what runs in the page is given as text.
 */

export type ReportRow = Record<string, string | number | null>;

/** Goes to a page of the app by its hash (no reload: the session stays). */
export async function openHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

/** Whether the page is no wider than the window (nothing to scroll sideways). */
export function fitsScreen(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1') as Promise<boolean>;
}

/**
 * Waits until the text of the element with `testId` contains `text`. Locators, not
 * waitForFunction: the app's CSP forbids the eval a polled string predicate needs.
 */
export async function textShown(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).waitFor();
}

/**
 * Runs a report in the page for a range and interval, and waits until its answer is shown: the
 * result is marked busy from the click until the answer to this very query is drawn.
 */
export async function runReport(
  page: Page,
  kind: string,
  interval: string,
  from: string,
  to: string,
): Promise<void> {
  await page.getByTestId(`report-kind-${kind}`).check();
  await page.getByTestId('report-from').fill(from);
  await page.getByTestId('report-to').fill(to);
  await page.getByTestId('report-interval').selectOption(interval);
  await runShown(page, `/api/reports/${kind}?from=${from}&to=${to}&interval=${interval}`);
}

/** Clicks "Run" and waits for the answer to a request whose path starts with `pathStart` to be drawn. */
export async function runShown(page: Page, pathStart: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes(pathStart));
  await page.getByTestId('report-run').click();
  await answered;
  await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
}

export interface ShownRow {
  id: string | null;
  start: string | null;
  cells: Record<string, { value: unknown; text: string | null }>;
}

/** The rows of the report table as shown: each cell's raw value (data-value) and its text. */
export function shownRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid="report-row"]')].map((tr) => ({
    id: tr.getAttribute('data-id'),
    start: tr.getAttribute('data-start'),
    cells: Object.fromEntries([...tr.querySelectorAll('td[data-col]')].map((td) => [
      td.getAttribute('data-col'),
      { value: JSON.parse(td.getAttribute('data-value') ?? 'null'), text: td.textContent },
    ])),
  }))`) as Promise<ShownRow[]>;
}

/** The raw figures (data-value) of the shown row of queue or agent `id` (and interval `start`). */
export function figuresShown(
  shown: readonly ShownRow[],
  id: string,
  start?: string,
): Record<string, unknown> | undefined {
  const row = shown.find((r) => r.id === id && (start === undefined || r.start === start));
  return row && Object.fromEntries(Object.entries(row.cells).map(([name, cell]) => [name, cell.value]));
}

const FOLDED = new Set(['queueId', 'queueName', 'agentId', 'agentName', 'start', 'end']);

/**
 * Where the table differs from the API's rows: order, each figure's value, and (for numbers,
 * durations and percentages) the text people read. Empty when every cell agrees.
 */
export function tableDifferences(rows: readonly ReportRow[], shown: readonly ShownRow[]): string[] {
  const out: string[] = [];
  if (rows.length !== shown.length) out.push(`${shown.length} rows shown, the API has ${rows.length}`);
  rows.forEach((row, i) => {
    const got = shown[i];
    const id = String(row.queueId ?? row.agentId);
    if (got?.id !== id || got.start !== row.start)
      out.push(`row ${i}: shows ${got?.id} ${got?.start}, the API has ${id} ${row.start}`);
    for (const [name, value] of Object.entries(row)) {
      if (FOLDED.has(name)) continue;
      const cell = got?.cells[name];
      const kind = columnKind(name, value);
      const text =
        kind === 'duration'
          ? formatSeconds(value as number | null)
          : kind === 'percent'
            ? formatPercent(value as number | null, 'en-GB')
            : kind === 'number'
              ? formatNumber(value as number | null, 'en-GB')
              : null;
      if (JSON.stringify(cell?.value) !== JSON.stringify(value))
        out.push(
          `row ${i} ${name}: value ${JSON.stringify(cell?.value)}, the API has ${JSON.stringify(value)}`,
        );
      else if (text !== null && cell?.text !== text)
        out.push(`row ${i} ${name}: reads "${cell?.text}", expected "${text}"`);
    }
  });
  return out;
}
