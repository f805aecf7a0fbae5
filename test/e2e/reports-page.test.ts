// The reports and admin pages in Debian's Chromium against a real daemon (and the sandbox
// Asterisk it needs): an admin signs in, opens the audit log from the top bar and finds their own
// login there, exports it as CSV; gives a supervisor a queue on #admin/supervisors and the API
// agrees; opens #reports for a day of stored queue entries and agent states, sees in the table the
// figures the API returns for the same query, and downloads the CSV. Screenshots of each page land
// in test-artifacts/screenshots/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { closeBrowser, launchChromium, screenshot } from '../helpers/browser.js';
import { type DaemonProcess, freePort, spawnDaemon, TEST_ADMIN } from '../helpers/daemon.js';
import { adminApi } from '../helpers/ivr-api.js';
import {
  fitsScreen,
  openHash,
  type ReportRow,
  runReport,
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
): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, timezoneId: ZONE });
  const page = await context.newPage();
  page.on('pageerror', (err) => t.comment(`page error: ${err.message}`));
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

t.test('the audit log shows the admin’s own login and exports it as CSV', async (t) => {
  const page = await signedInAdmin();
  await page.getByTestId('supervisor-view').waitFor();
  await page.getByTestId('nav-admin-audit').click();
  await page.getByTestId('audit-page').waitFor();
  t.equal(new URL(page.url()).hash, '#admin/audit', 'the top bar link sets the hash');
  const login = page.locator('[data-testid="audit-row"][data-action="auth.login"]').first();
  await login.waitFor();
  t.match(await login.textContent(), TEST_ADMIN.username, 'the login entry names the admin');
  t.equal(await login.getAttribute('data-outcome'), 'ok');
  await screenshot(page, 'reports-1-audit-log');

  // Filtered to logins only: every row is one.
  await page.getByTestId('audit-action').fill('auth.login');
  await page.getByTestId('audit-apply').click();
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-testid="audit-row"]')].every((r) => r.dataset.action === 'auth.login')`,
  );
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
  await page.context().close();
});

t.test('an admin gives a supervisor a queue on #admin/supervisors', async (t) => {
  const page = await signedInAdmin();
  await openHash(page, '#admin/supervisors');
  const card = page.locator('[data-testid="supervisor-card"][data-username="sam"]');
  await card.waitFor();
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

t.test('the queue report of a day shows the API’s figures and downloads as CSV and Excel', async (t) => {
  const page = await signedInAdmin();
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports-page').waitFor();
  await runReport(page, 'queues', 'hour', DAY, DAY);
  const query = `from=${DAY}&to=${DAY}&interval=hour`;
  const answer = (await apiReport(`/api/reports/queues?${query}`)).body;
  t.ok(
    answer.rows.some((r) => (r.offered as number) > 0),
    'the seeded calls are in the report',
  );
  await tableMatches(t, page, 'queues', answer);
  const box = await page.locator('[data-testid="report-chart"] canvas').first().boundingBox();
  t.ok(box && box.width > 200 && box.height > 100, 'the chart is drawn');
  await screenshot(page, 'reports-3-queue-report');

  const csv = await download(page, 'report-csv');
  t.equal(csv.name, `report-queues-${DAY}-hour.csv`);
  const direct = await fetch(`${daemon.url}/api/reports/queues.csv?${query}`, {
    headers: { authorization: `Bearer ${await daemon.adminToken()}` },
  });
  t.equal(csv.text, await direct.text(), 'the CSV is the API’s CSV for the query shown');
  t.match(csv.text.split('\r\n')[0], /^queueId,queueName,start,end,offered,answered,/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  t.equal(xlsx.suggestedFilename(), `report-queues-${DAY}-hour.xlsx`);
  const xlsxPath = join(dir, 'report.xlsx');
  await xlsx.saveAs(xlsxPath);
  t.equal((await readFile(xlsxPath)).subarray(0, 2).toString(), 'PK', 'an Excel workbook (a zip)');

  // The agent report over the whole day, in Chinese.
  await runReport(page, 'agents', 'total', DAY, DAY);
  const agents = (await apiReport(`/api/reports/agents?from=${DAY}&to=${DAY}&interval=total`)).body;
  t.ok(agents.rows.length >= 2, 'both agents were active');
  await tableMatches(t, page, 'agents', agents);
  await page.getByTestId('lang-zh').click();
  t.equal(
    await page.locator('th[data-col="handledCalls"]').textContent(),
    '处理量',
    'labels follow the language',
  );
  await screenshot(page, 'reports-4-agent-report-zh');
  await page.getByTestId('lang-en').click();

  // A range the API refuses: its own sentence is shown.
  const before = new Date(Date.parse(`${DAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('report-from').fill(DAY);
  await page.getByTestId('report-to').fill(before);
  await page.getByTestId('report-run').click();
  const refused = await apiReport(`/api/reports/agents?from=${DAY}&to=${before}&interval=total`);
  t.equal(refused.status, 400);
  await page.getByTestId('report-error').waitFor();
  t.match(await page.getByTestId('report-error').textContent(), refused.body.message ?? '?');
  await page.context().close();
});

t.test('a supervisor sees their queue only; an agent sees their own report', async (t) => {
  const sam = await signedIn('sam', PASSWORD('sam'));
  await openHash(sam, '#reports');
  t.equal(await sam.getByTestId('nav-admin-audit').count(), 0, 'no admin pages for supervisors');
  t.equal(await sam.getByTestId('report-queue-support').count(), 0, 'only the supervised queue to pick');
  await runReport(sam, 'queues', 'day', DAY, DAY);
  const samToken = await tokenOf('sam', PASSWORD('sam'));
  const scoped = (await apiReport(`/api/reports/queues?from=${DAY}&to=${DAY}&interval=day`, samToken)).body;
  t.same([...new Set(scoped.rows.map((r) => r.queueId))], ['sales'], 'the API scopes to sales');
  await tableMatches(t, sam, 'queues', scoped);

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
  await screenshot(dana, 'reports-5-agent-own-report');
  await dana.context().close();
});

t.test('on a phone screen the pages fit in one column', async (t) => {
  const page = await signedIn(TEST_ADMIN.username, TEST_ADMIN.password, { width: 390, height: 844 });
  await openHash(page, '#reports');
  await page.getByTestId('reports-page').waitFor();
  await runReport(page, 'queues', 'total', DAY, DAY);
  t.ok(await fitsScreen(page), 'no sideways scrolling on the reports page');
  await screenshot(page, 'reports-6-phone-report');
  await openHash(page, '#admin/audit');
  await page.getByTestId('audit-row').first().waitFor();
  t.ok(await fitsScreen(page), 'no sideways scrolling on the audit log');
  await screenshot(page, 'reports-7-phone-audit');
  await page.context().close();
});
