// The reports and admin pages in Debian's Chromium against a real daemon (and the sandbox
// Asterisk it needs). A morning of calls and agent states is stored (test/helpers/report-seed.ts);
// an admin opens #reports, filters by queue, agent, skill and interval, and the table shows the
// figures worked out by hand below (and, cell for cell, what the API answers); the CSV and Excel
// downloads hold the same figures. A supervisor is offered and shown only their queue, an agent
// only their own row. The audit log is filtered, exported as CSV, and shows the API's refusal of a
// bad filter; a supervisor's queues are assigned on #admin/supervisors and the API agrees (a
// refused save shows the API's sentence). Pages fit a 390×844 phone. Screenshots land in test-artifacts/screenshots/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { closeBrowser, launchChromium, SCREENSHOT_DIR, screenshot } from '../helpers/browser.js';
import { type DaemonProcess, freePort, spawnDaemon, TEST_ADMIN } from '../helpers/daemon.js';
import { adminApi } from '../helpers/ivr-api.js';
import {
  figuresShown,
  fitsScreen,
  openHash,
  type ReportRow,
  runReport,
  runShown,
  shownRows,
  tableDifferences,
  textShown,
} from '../helpers/report-page.js';
import { seedReportDay } from '../helpers/report-seed.js';

const dir = t.testdir();
const ZONE = 'Asia/Shanghai';
/** The seeded day: five days ago in the report zone (a fixed +08:00, no clock changes). */
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now() - 5 * 86_400_000);
const PASSWORD = (user: string) => `${user} password for tests`;
let daemon: DaemonProcess;
let browser: Browser;
let samId: number;
/** Uncaught errors of every page the test opens: none may happen, whatever a report answers. */
const pageErrors: string[] = [];

/*
 * The seeded day worked out by hand (short abandons under 5 s, the default; service level 20 s as
 * the queues below are set up; repeat window 24 h). Support: waits 12, 40 and 8 s answered, 30 s
 * abandoned, 3 s a short abandon; handled 180+30, 360+30 and 300+30 s (talk + wrap-up); 5551001
 * called again within the window, so their second call is a follow-up, not a first contact, and
 * their first was not resolved: 1 of 2 first contacts resolved. Sales: 5 s answered (120+30),
 * one overflow.
 */
const SUPPORT_DAY = {
  offered: 5,
  answered: 3,
  abandoned: 1,
  shortAbandoned: 1,
  overflowed: 0,
  removed: 0,
  stillWaiting: 0,
  serviceLevelSeconds: 20,
  answeredWithinServiceLevel: 2,
  serviceLevelPercent: 50,
  abandonRatePercent: 25,
  averageSpeedOfAnswerSeconds: 20,
  longestAnswerWaitSeconds: 40,
  averageAbandonWaitSeconds: 30,
  handledCalls: 3,
  averageHandleSeconds: 310,
  averageTalkSeconds: 280,
  averageWrapUpSeconds: 30,
  fcrCalls: 2,
  fcrResolved: 1,
  firstContactResolutionPercent: 50,
  answerWaitSeconds: 60,
  handledTalkSeconds: 840,
  handledWrapUpSeconds: 90,
};
const SALES_DAY = {
  offered: 2,
  answered: 1,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 1,
  serviceLevelSeconds: 20,
  answeredWithinServiceLevel: 1,
  serviceLevelPercent: 50,
  abandonRatePercent: 0,
  averageSpeedOfAnswerSeconds: 5,
  longestAnswerWaitSeconds: 5,
  averageAbandonWaitSeconds: null,
  handledCalls: 1,
  averageHandleSeconds: 150,
  fcrCalls: 1,
  fcrResolved: 1,
  firstContactResolutionPercent: 100,
};
/** Per hour (local): who entered the queues when. Every other hour of the day offers nothing. */
const QUEUE_HOURS: Record<string, Record<string, number>> = {
  'support 09': { offered: 3, answered: 2, abandoned: 1, shortAbandoned: 0 },
  'support 10': { offered: 2, answered: 1, abandoned: 0, shortAbandoned: 1 },
  'sales 09': { offered: 1, answered: 1, overflowed: 0 },
  'sales 11': { offered: 1, answered: 0, overflowed: 1 },
};
/*
 * Agents over the day. Dana: logged in 08:55-12:00 (11 100 s): available 305+2778+1202+5062,
 * ringing 7+6, on calls 180+300, wrap-up 30+30, a 20 min break; occupancy 540/(540+9347).
 * Erin: 09:00-12:00 (10 800 s): available 602+485+5570+900, ringing 3, on calls 120+360, wrap-up
 * 30+30, a 45 min lunch, one offer let ring out; occupancy 540/(540+7557).
 */
const DANA_DAY = {
  answered: 2,
  missedOffers: 0,
  handledCalls: 2,
  averageHandleSeconds: 270,
  averageTalkSeconds: 240,
  averageWrapUpSeconds: 30,
  // Both of 5551001's calls: the first was followed by a repeat, the second is that repeat.
  fcrCalls: 1,
  fcrResolved: 0,
  firstContactResolutionPercent: 0,
  loggedInSeconds: 11_100,
  availableSeconds: 9347,
  offeringSeconds: 13,
  onCallSeconds: 480,
  wrapUpSeconds: 60,
  pausedSeconds: 1200,
  occupancyPercent: 5.46,
};
const ERIN_DAY = {
  answered: 2,
  missedOffers: 1,
  handledCalls: 2,
  averageHandleSeconds: 270,
  fcrCalls: 2,
  fcrResolved: 2,
  firstContactResolutionPercent: 100,
  loggedInSeconds: 10_800,
  availableSeconds: 7557,
  offeringSeconds: 3,
  onCallSeconds: 480,
  wrapUpSeconds: 60,
  pausedSeconds: 2700,
  occupancyPercent: 6.67,
};

async function putQueue(id: string, name: string): Promise<void> {
  await adminApi(daemon, 'PUT', `/api/acd/queues/${id}`, {
    name,
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 30,
    ringTimeoutSeconds: 20,
  });
}

t.before(async () => {
  const dbPath = join(dir, 'reports.db');
  daemon = spawnDaemon({ dbPath, port: await freePort(), env: { SWITCHBOARD_REPORT_TIMEZONE: ZONE } });
  await daemon.waitReady();
  await putQueue('support', 'Support');
  await putQueue('sales', 'Sales');
  const sam = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
    username: 'sam',
    displayName: 'Sam Supervisor',
    role: 'supervisor',
    password: PASSWORD('sam'),
  });
  samId = sam.id;
  for (const [id, queues] of [
    ['dana', ['support']],
    ['erin', ['support', 'sales']],
  ] as const) {
    const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
      username: id,
      role: 'agent',
      password: PASSWORD(id),
    });
    await adminApi(daemon, 'PUT', `/api/agents/${id}`, {
      name: id.charAt(0).toUpperCase() + id.slice(1),
      skills: {},
      queues,
      device: `Local/${id}@switchboard-test-agent-noanswer/n`,
      userId: user.id,
    });
  }
  seedReportDay(dbPath, DAY, '+08:00');
  browser = await launchChromium({ microphone: 'prompt' });
});
t.teardown(async () => {
  await closeBrowser(browser);
  await daemon?.kill('SIGTERM');
});

/** A fresh browser context signed in; admins and supervisors (no agent record) land on the team view. */
async function signedIn(
  username = TEST_ADMIN.username,
  password = TEST_ADMIN.password,
  viewport = { width: 1280, height: 860 },
  timezoneId = ZONE,
): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, timezoneId });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
  await page.goto(daemon.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('agent-name').waitFor({ timeout: 15_000 });
  return page;
}
const signedInAdmin = () => signedIn();

async function tokenOf(username: string, password: string): Promise<string> {
  const res = await fetch(`${daemon.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Clicks a button that saves a file and returns the file's name and text. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

t.test('the audit log shows the admin’s own login, filters, exports it as CSV', async (t) => {
  const page = await signedInAdmin();
  await page.getByTestId('supervisor-view').waitFor();
  await page.getByTestId('nav-admin-audit').click();
  await page.getByTestId('audit-page').waitFor();
  t.equal(new URL(page.url()).hash, '#admin/audit', 'the top bar link sets the hash');
  const login = page.locator('[data-testid="audit-row"][data-action="auth.login"]').first();
  await login.waitFor();
  t.match(await login.textContent(), TEST_ADMIN.username, 'the login entry names the admin');
  t.equal(await login.getAttribute('data-outcome'), 'ok');
  t.ok(
    (await page.locator('[data-testid="audit-row"]:not([data-action="auth.login"])').count()) > 0,
    'before filtering, other actions are listed too (the users and queues set up)',
  );
  await screenshot(page, 'reports-1-audit-log');

  // Filtered to logins only: every row is one.
  await auditApply(page, 'auth.login');
  await page
    .locator('[data-testid="audit-row"]:not([data-action="auth.login"])')
    .first()
    .waitFor({ state: 'detached' });
  t.ok((await page.getByTestId('audit-row').count()) >= 1, 'the filter keeps the logins');

  const csv = await download(page, 'audit-export');
  t.match(csv.name, /^switchboard-audit-\d{4}-\d{2}-\d{2}\.csv$/, 'the file has the name the API gives');
  const lines = csv.text.trim().split(/\r\n/);
  t.equal(lines[0], 'id,at,actor_type,actor_id,actor_name,action,target,outcome,details,ip');
  t.ok(lines.length >= 2, 'at least one entry');
  t.ok(
    lines.slice(1).every((l) => l.split(',')[5] === 'auth.login'),
    'the export has the filter of the page',
  );
  t.ok(
    lines.some((l) => l.includes(`,${TEST_ADMIN.username},auth.login,`)),
    'the login is in the file',
  );

  // An action nobody did: an empty list that says so, and an export of the header alone.
  await auditApply(page, 'no.such.action');
  await page.getByTestId('audit-empty').waitFor();
  t.equal(await page.getByTestId('audit-row').count(), 0, 'no rows');
  const none = await download(page, 'audit-export');
  t.equal(none.text.trim(), lines[0], 'the empty export is the header alone');

  // A filter the API refuses (an action name over 64 characters): its sentence, naming the filter.
  const long = 'x'.repeat(65);
  const refused = await daemon.get<{ message: string }>(
    `/api/audit?action=${long}`,
    await daemon.adminToken(),
  );
  t.equal(refused.status, 400);
  t.match(refused.body.message, /action/, 'the API names the filter');
  await auditApply(page, long);
  await page.getByTestId('audit-error').waitFor();
  t.match(await page.getByTestId('audit-error').textContent(), refused.body.message, 'the page shows it');
  t.equal(await page.getByTestId('audit-empty').count(), 0, 'and does not claim that nothing matched');
  await screenshot(page, 'reports-1b-audit-refused');
  await page.context().close();
});

/** Types an action into the audit filter and applies it, waiting for the API's answer. */
async function auditApply(page: Page, action: string): Promise<void> {
  await page.getByTestId('audit-action').fill(action);
  const answered = page.waitForResponse((r) => r.url().includes(`/api/audit?action=${action}&`));
  await page.getByTestId('audit-apply').click();
  await answered;
}

t.test('an admin gives a supervisor a queue on #admin/supervisors', async (t) => {
  const vic = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
    username: 'vic',
    role: 'supervisor',
    password: PASSWORD('vic'),
  });
  for (const [name, role, queues] of [
    ['lobby wallboard', 'supervisor', ['support', 'sales']],
    ['crm', 'agent', undefined],
  ] as const)
    await adminApi(daemon, 'POST', '/api/api-keys', { name, role, ...(queues ? { queues } : {}) });
  const page = await signedInAdmin();
  await openHash(page, '#admin/supervisors');
  const card = page.locator('[data-testid="supervisor-card"][data-username="sam"]');
  await card.waitFor();
  t.same(
    await page.getByTestId('supq-key').evaluateAll((els) => els.map((el) => el.getAttribute('data-name'))),
    ['lobby wallboard'],
    'supervisor API keys are listed, keys of other roles are not',
  );
  t.equal(
    await page.getByTestId('supq-key-queues').textContent(),
    'Sales, Support',
    'with their queues, by name',
  );
  t.equal(await page.getByTestId('supq-sam-sales').isChecked(), false, 'no queue before');
  t.ok(await page.getByTestId('supq-save-sam').isDisabled(), 'nothing to save yet');
  await page.getByTestId('supq-sam-sales').check();
  await page.getByTestId('supq-save-sam').click();
  await page.getByTestId('supq-status-sam').waitFor();
  t.match(await page.getByTestId('supq-status-sam').textContent(), /Sales/);
  const stored = await daemon.get<{ queues: string[] }>(
    `/api/users/${samId}/queues`,
    await daemon.adminToken(),
  );
  t.same(stored.body.queues, ['sales'], 'the API has the queue the page saved');
  await openHash(page, '#admin/audit');
  await page.getByTestId('audit-row').first().waitFor();
  await openHash(page, '#admin/supervisors');
  await card.waitFor();
  t.ok(await page.getByTestId('supq-sam-sales').isChecked(), 'opened again, the stored queue is ticked');
  t.equal(await page.getByTestId('supq-sam-support').isChecked(), false);
  await screenshot(page, 'reports-2-supervisors');

  // Unticking and saving takes the queue away again; then it is given back for the reports test.
  await page.getByTestId('supq-sam-sales').uncheck();
  await page.getByTestId('supq-save-sam').click();
  await textShown(page, 'supq-status-sam', 'none');
  const after = await daemon.get<{ queues: string[] }>(
    `/api/users/${samId}/queues`,
    await daemon.adminToken(),
  );
  t.same(after.body.queues, [], 'unticked and saved: no queue');
  await page.getByTestId('supq-sam-sales').check();
  await page.getByTestId('supq-save-sam').click();
  await textShown(page, 'supq-status-sam', 'Sales');

  // Vic is made an agent while the page still lists him: saving shows the API's refusal, naming
  // his role, and stores nothing.
  await adminApi(daemon, 'PATCH', `/api/users/${vic.id}`, { role: 'agent' });
  await page.getByTestId('supq-vic-support').check();
  await page.getByTestId('supq-save-vic').click();
  await page.locator('[data-testid="supq-status-vic"][role="alert"]').waitFor();
  const refused = await adminApi<{ message: string }>(
    daemon,
    'PUT',
    `/api/users/${vic.id}/queues`,
    { queues: ['support'] },
    [400],
  );
  t.match(refused.message, /is an agent/, 'the API answers 400 naming the role');
  t.match(await page.getByTestId('supq-status-vic').textContent(), refused.message, 'the page shows it');
  const kept = await daemon.get<{ queues: string[] }>(
    `/api/users/${samId}/queues`,
    await daemon.adminToken(),
  );
  t.same(kept.body.queues, ['sales'], 'sam’s queues are untouched');
  await screenshot(page, 'reports-2b-supervisors-refused');
  await page.context().close();
});

interface Answer {
  rows: ReportRow[];
  message?: string;
}

/** A report as the API gives it for a query, asked with the given token (default: the admin's). */
async function apiReport(path: string, token?: string): Promise<{ status: number; body: Answer }> {
  return daemon.get<Answer>(path, token ?? (await daemon.adminToken()));
}

/** The page's table against the API's answer for the same query. */
async function tableMatches(t: Test, page: Page, kind: string, answer: Answer): Promise<void> {
  await page.locator(`[data-testid="report-table"][data-report="${kind}"]`).waitFor();
  const differences = tableDifferences(answer.rows, await shownRows(page));
  t.same(differences, [], `${kind}: ${answer.rows.length} rows, every cell shows the API's figure`);
}

/** A CSV download's rows as objects keyed by its header. */
function csvRecords(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\r\n');
  const names = (head ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

/** The hand figures as a CSV holds them (null an empty cell). */
const asCsv = (figures: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v === null ? '' : String(v)]));

t.test('the queue report shows the seeded figures and downloads them as CSV and Excel', async (t) => {
  const page = await signedInAdmin();
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports-page').waitFor();

  // By hour: the seeded calls in their hours, every cell as the API has it.
  await runReport(page, 'queues', 'hour', DAY, DAY);
  const query = `from=${DAY}&to=${DAY}&interval=hour`;
  const answer = (await apiReport(`/api/reports/queues?${query}`)).body;
  await tableMatches(t, page, 'queues', answer);
  const hours = await shownRows(page);
  t.equal(hours.length, 48, 'two queues, 24 hours each');
  for (const row of hours) {
    const key = `${row.id} ${row.start?.slice(11, 13)}`;
    const figures = figuresShown([row], row.id ?? '') ?? {};
    if (QUEUE_HOURS[key]) t.match(figures, QUEUE_HOURS[key], `${key}:00 as seeded`);
    else if (figures.offered !== 0) t.fail(`${key}:00 offers ${figures.offered}, nothing was seeded`);
  }
  const box = await page.locator('[data-testid="report-chart"] canvas').first().boundingBox();
  t.ok(box && box.width > 200 && box.height > 100, 'the chart is drawn');
  await screenshot(page, 'reports-3-queue-report');

  // By day, filtered to support: one row, the figures worked out by hand.
  await page.getByTestId('report-queue-support').check();
  await runReport(page, 'queues', 'day', DAY, DAY);
  const day = await shownRows(page);
  t.same(
    day.map((r) => r.id),
    ['support'],
    'the queue filter keeps support only',
  );
  t.strictSame(
    figuresShown(day, 'support'),
    SUPPORT_DAY,
    'support’s day: every figure as worked out by hand',
  );
  const cell = (col: string) =>
    page.locator(`[data-testid="report-row"] td[data-col="${col}"]`).textContent();
  t.equal(await cell('averageSpeedOfAnswerSeconds'), '0:20', 'ASA reads as a duration');
  t.equal(await cell('averageHandleSeconds'), '5:10', 'handle time reads as a duration');
  t.equal(await cell('serviceLevelPercent'), '50%', 'service level reads as a percentage');
  t.equal(await cell('firstContactResolutionPercent'), '50%', 'FCR as a percentage');
  await screenshot(page, 'reports-3b-support-day');

  const dayQuery = `from=${DAY}&to=${DAY}&interval=day&queue=support`;
  const csv = await download(page, 'report-csv');
  t.equal(csv.name, `report-queues-${DAY}-day.csv`);
  const direct = await fetch(`${daemon.url}/api/reports/queues.csv?${dayQuery}`, {
    headers: { authorization: `Bearer ${await daemon.adminToken()}` },
  });
  t.equal(csv.text, await direct.text(), 'the CSV is the API’s CSV for the query shown');
  const records = csvRecords(csv.text);
  t.equal(records.length, 1, 'one row in the CSV');
  t.match(records[0], { queueId: 'support', queueName: 'Support', ...asCsv(SUPPORT_DAY) }, 'the CSV figures');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  t.equal(xlsx.suggestedFilename(), `report-queues-${DAY}-day.xlsx`);
  const xlsxPath = join(dir, 'report.xlsx');
  await xlsx.saveAs(xlsxPath);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsxPath);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const values = (sheet.getRow(2).values as unknown[]).slice(1);
  t.equal(sheet.rowCount, 2, 'a header and one row');
  const row = Object.fromEntries(header.map((name, i) => [String(name), values[i] ?? null]));
  t.strictSame(
    Object.fromEntries(Object.keys(SUPPORT_DAY).map((k) => [k, row[k]])),
    SUPPORT_DAY,
    'the workbook holds the figures as numbers',
  );
  const about = new Map<string, unknown>();
  book.getWorksheet('Report')?.eachRow((r) => {
    about.set(String(r.getCell(1).value), r.getCell(2).value);
  });
  t.equal(about.get('timeZone'), ZONE, 'the workbook says which zone');
  t.equal(about.get('queue'), 'support', 'and which filter');
  await page.getByTestId('report-queue-support').uncheck();

  // The agent report over the whole day: both agents, as worked out by hand.
  await runReport(page, 'agents', 'total', DAY, DAY);
  const agents = (await apiReport(`/api/reports/agents?from=${DAY}&to=${DAY}&interval=total`)).body;
  await tableMatches(t, page, 'agents', agents);
  const both = await shownRows(page);
  t.same(
    both.map((r) => r.id),
    ['dana', 'erin'],
  );
  t.match(figuresShown(both, 'dana'), DANA_DAY, 'dana’s day as worked out by hand');
  t.match(figuresShown(both, 'erin'), ERIN_DAY, 'erin’s day as worked out by hand');

  // Filtered to one agent; then a skill nobody knows, which the API refuses by name.
  await page.getByTestId('report-agent-erin').check();
  await runShown(page, `/api/reports/agents?from=${DAY}&to=${DAY}&interval=total&agent=erin`);
  const erin = await shownRows(page);
  t.same(
    erin.map((r) => r.id),
    ['erin'],
    'the agent filter keeps erin only',
  );
  await page.getByTestId('report-agent-erin').uncheck();
  await page.getByTestId('report-skill').fill('klingon');
  await runShown(page, `/api/reports/agents?from=${DAY}&to=${DAY}&interval=total&skill=klingon`);
  await page.getByTestId('report-error').waitFor();
  t.match(
    await page.getByTestId('report-error').textContent(),
    /unknown skill "klingon"/,
    'the refusal names it',
  );
  await page.getByTestId('report-skill').fill('');

  // A day before the seeded one took no pauses: an empty report, said so, and not an error.
  const quiet = new Date(Date.parse(`${DAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await runReport(page, 'pauses', 'total', quiet, quiet);
  await page.getByTestId('report-empty').waitFor();
  t.equal(await page.getByTestId('report-row').count(), 0, 'no rows on a quiet day');
  t.equal(await page.getByTestId('report-error').count(), 0, 'empty is not an error');
  await screenshot(page, 'reports-4a-empty');

  // Pause time by reason: dana's 20 min break, erin's 45 min lunch.
  await runReport(page, 'pauses', 'total', DAY, DAY);
  const pauses = await shownRows(page);
  t.same(
    pauses.map((r) => [r.id, r.cells.reason?.value, r.cells.pauses?.value, r.cells.pausedSeconds?.value]),
    [
      ['dana', 'break', 1, 1200],
      ['erin', 'lunch', 1, 2700],
    ],
    'pauses by reason as seeded',
  );
  await runReport(page, 'agents', 'total', DAY, DAY);

  await page.getByTestId('lang-zh').click();
  t.equal(
    await page.locator('th[data-col="handledCalls"]').textContent(),
    '处理量',
    'labels follow the language',
  );
  await screenshot(page, 'reports-4-agent-report-zh');
  await page.getByTestId('lang-en').click();

  // A range the API refuses: its own sentence, naming the filter, is shown.
  const before = new Date(Date.parse(`${DAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('report-from').fill(DAY);
  await page.getByTestId('report-to').fill(before);
  await runShown(page, `/api/reports/agents?from=${DAY}&to=${before}`);
  const refused = await apiReport(`/api/reports/agents?from=${DAY}&to=${before}&interval=total`);
  t.equal(refused.status, 400);
  t.match(refused.body.message, /from|to/, 'the API names the filter');
  await page.getByTestId('report-error').waitFor();
  t.match(await page.getByTestId('report-error').textContent(), refused.body.message ?? '?');
  await page.getByTestId('report-stale').waitFor();
  t.pass('the earlier report still shown says it is the earlier one');
  await screenshot(page, 'reports-4b-refused');
  await page.context().close();
});

t.test('a supervisor sees their queue only; an agent sees their own report', async (t) => {
  const sam = await signedIn('sam', PASSWORD('sam'));
  await openHash(sam, '#reports');
  t.equal(await sam.getByTestId('nav-admin-audit').count(), 0, 'no admin pages for supervisors');
  await sam.getByTestId('report-queue-sales').waitFor();
  t.equal(await sam.getByTestId('report-queue-support').count(), 0, 'only the supervised queue to pick');
  await runReport(sam, 'queues', 'day', DAY, DAY);
  const samToken = await tokenOf('sam', PASSWORD('sam'));
  const scoped = (await apiReport(`/api/reports/queues?from=${DAY}&to=${DAY}&interval=day`, samToken)).body;
  t.same([...new Set(scoped.rows.map((r) => r.queueId))], ['sales'], 'the API scopes to sales');
  await tableMatches(t, sam, 'queues', scoped);
  const samRows = await shownRows(sam);
  t.same(
    samRows.map((r) => r.id),
    ['sales'],
    'the page shows sales only',
  );
  t.match(figuresShown(samRows, 'sales'), SALES_DAY, 'sales’ day as worked out by hand');
  await screenshot(sam, 'reports-5a-supervisor');

  // The agents of sales only (erin; dana is in support alone), with erin's calls from sales only
  // and her whole logged-in time.
  await runReport(sam, 'agents', 'total', DAY, DAY);
  const samAgents = await shownRows(sam);
  t.same(
    samAgents.map((r) => r.id),
    ['erin'],
    'only the agent of the supervised queue',
  );
  t.match(
    figuresShown(samAgents, 'erin'),
    { answered: 1, handledCalls: 1, averageHandleSeconds: 150, loggedInSeconds: 10_800 },
    'erin’s sales call and her whole day',
  );
  await sam.getByTestId('report-agent-erin').waitFor();
  t.equal(await sam.getByTestId('report-agent-dana').count(), 0, 'dana is not offered to pick');
  await sam.getByTestId('report-kind-queues').check();

  // The admin takes the queue away while sam's page still offers it: the API's 403 is shown.
  await sam.getByTestId('report-queue-sales').check();
  await adminApi(daemon, 'PUT', `/api/users/${samId}/queues`, { queues: [] });
  await sam.getByTestId('report-run').click();
  await sam.getByTestId('report-error').waitFor();
  const refused = await apiReport(`/api/reports/queues?from=${DAY}&to=${DAY}&queue=sales`, samToken);
  t.equal(refused.status, 403);
  t.match(
    await sam.getByTestId('report-error').textContent(),
    refused.body.message ?? '?',
    'its own sentence',
  );
  await adminApi(daemon, 'PUT', `/api/users/${samId}/queues`, { queues: ['sales'] });
  await sam.context().close();

  const dana = await signedIn('dana', PASSWORD('dana'));
  await dana.getByTestId('nav-reports').click();
  await dana.getByTestId('reports-page').waitFor();
  t.equal(await dana.getByTestId('report-kind-queues').count(), 0, 'no queue report for agents');
  await runReport(dana, 'agents', 'total', DAY, DAY);
  const own = (
    await apiReport(
      `/api/reports/agents?from=${DAY}&to=${DAY}&interval=total`,
      await tokenOf('dana', PASSWORD('dana')),
    )
  ).body;
  t.same(
    own.rows.map((r) => r.agentId),
    ['dana'],
    'the API gives dana her own row',
  );
  await tableMatches(t, dana, 'agents', own);
  // Her calls from every queue and her whole time: the same figures as in the admin's report.
  t.match(figuresShown(await shownRows(dana), 'dana'), DANA_DAY, 'dana’s day as worked out by hand');
  t.equal(await dana.getByTestId('report-agent-erin').count(), 0, 'no other agent to pick');
  await screenshot(dana, 'reports-5-agent-own-report');
  await dana.context().close();
});

t.test('on a phone screen the pages fit in one column', async (t) => {
  const page = await signedIn(TEST_ADMIN.username, TEST_ADMIN.password, { width: 390, height: 844 });
  await openHash(page, '#reports');
  await page.getByTestId('reports-page').waitFor();
  await runReport(page, 'queues', 'total', DAY, DAY);
  t.ok(await fitsScreen(page), 'no sideways scrolling on the reports page');
  for (const id of ['nav-desk', 'nav-reports', 'nav-admin-audit', 'nav-admin-supervisors', 'nav-wallboard']) {
    const box = await page.getByTestId(id).boundingBox();
    t.ok(box && box.x >= 0 && box.x + box.width <= 390, `${id}: the link is in sight`);
  }
  for (const id of ['report-run', 'report-csv', 'report-xlsx']) {
    const box = await page.getByTestId(id).boundingBox();
    t.ok(
      box && box.x >= 0 && box.x + box.width <= 390 && box.height >= 32,
      `${id}: on screen, big enough to tap`,
    );
  }
  await screenshot(page, 'reports-6-phone-report');
  await openHash(page, '#admin/audit');
  await page.getByTestId('audit-row').first().waitFor();
  t.ok(await fitsScreen(page), 'no sideways scrolling on the audit log');
  await screenshot(page, 'reports-7-phone-audit');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'reports-7b-phone-audit-first-screen.png') });
  await openHash(page, '#admin/supervisors');
  await page.locator('[data-testid="supervisor-card"][data-username="sam"]').waitFor();
  t.ok(await fitsScreen(page), 'no sideways scrolling on the supervisors page');
  await screenshot(page, 'reports-8-phone-supervisors');
  await page.context().close();
});

t.test(
  'a browser in another zone: the first report and the presets are days of the report zone',
  async (t) => {
    // Pago Pago (-11:00) is on another day than Shanghai (+08:00) for 19 hours of every 24.
    const page = await signedIn(TEST_ADMIN.username, TEST_ADMIN.password, undefined, 'Pacific/Pago_Pago');
    const first = page.waitForResponse((r) => r.url().includes('/api/reports/queues?'));
    await openHash(page, '#reports');
    const answer = (await (await first).json()) as { timeZone: string; from: string };
    t.equal(answer.timeZone, ZONE, 'the first report answers in the report zone');
    const day = (msAgo: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now() - msAgo);
    const today = day(0);
    t.equal(answer.from.slice(0, 10), today, "the first report is the report zone's today");
    await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
    t.equal(await page.getByTestId('report-from').inputValue(), today, 'and its day fills the form');
    const yesterday = page.waitForResponse((r) => r.url().includes('/api/reports/queues?'));
    await page.getByTestId('report-preset-yesterday').click();
    const asked = new URL((await yesterday).url()).searchParams;
    t.equal(asked.get('from'), day(86_400_000), "'yesterday' is the day before in the report zone");
    t.equal(await page.getByTestId('report-to').inputValue(), asked.get('to'));
    await page.context().close();
  },
);

t.test('no page threw', async (t) => {
  t.same(pageErrors, [], 'no uncaught error in any page the tests opened');
});
