// The wallboard end to end, in Debian's Chromium against the sandbox Asterisk: a supervisor of
// queue "sales" opens the wallboard; a scripted load of Local-channel calls goes through the real
// ACD (the agent's phone is a Local channel the test itself answers, callers are the CallerApp's)
// and the numbers on screen follow (how long each took is printed, never asserted; bench/
// measures it): 3 callers and 1 agent
// → 2 waiting; the agent answers → on a call; a caller hangs up after the short-abandon limit →
// abandoned 1; one hangs up at once → a short abandon; calls end → handled and average handle
// time as the stored state changes say. The queue "other", its agent and its caller never reach
// the supervisor's page. Drill-down to the call (caller, IVR path, a supervision request's error
// shown); an admin changes a threshold and the supervisor's tile turns red. Screenshots of the
// desktop and a 390×844 phone land in test-artifacts/screenshots/.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import t from 'tap';
import { agentToday, type StateRow } from '../../cti/wallboard/today-figures.js';
import { closeBrowser, launchChromium, screenshot } from '../helpers/browser.js';
import { CallerApp, type ObservedEvent } from '../helpers/caller-app.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';
import { ariRequest, listChannels } from '../helpers/sandbox.js';

const SUPERVISOR = { username: 'sue', password: 'sue password for tests' };
const SHORT_ABANDON_SECONDS = 3;
const SERVICE_LEVEL_SECONDS = 10;
const WRAP_UP_SECONDS = 3;
/** How long to wait for the page to show a figure before calling it wrong (a slow machine, not a latency bound). */
const ON_SCREEN_MS = 15_000;

// A daemon, Asterisk calls and three Chromium pages: more than tap's 120 s on a busy machine.
t.setTimeout(300_000);

const dir = t.testdir();
const dbPath = join(dir, 'wallboard.db');
let daemon: DaemonProcess;
let callers: CallerApp;
/** The test's own phones app: Ann's phone rings there and is answered when the test says so. */
let phones: CallerApp;
let browser: Browser;

const queue = (name: string) => ({
  name,
  requiredSkills: [],
  priority: 0,
  strategy: 'longest-idle',
  serviceLevelSeconds: SERVICE_LEVEL_SECONDS,
  wrapUpSeconds: WRAP_UP_SECONDS,
  ringTimeoutSeconds: 60,
});

t.before(async () => {
  daemon = spawnDaemon({
    dbPath,
    port: await freePort(),
    env: {
      SWITCHBOARD_SHORT_ABANDON_SECONDS: String(SHORT_ABANDON_SECONDS),
      SWITCHBOARD_REPORT_TIMEZONE: 'UTC',
    },
  });
  // A busy machine (Asterisk, Chromium and the daemon on shared cores) can take a while to start.
  await daemon.waitReady(60_000);
  await adminApi(daemon, 'PUT', '/api/acd/queues/sales', queue('Sales'));
  await adminApi(daemon, 'PUT', '/api/acd/queues/other', queue('Other'));
  await publishFlow(daemon, 'to-sales', queueOnlyFlow('sales'), '680');
  await publishFlow(daemon, 'to-other', queueOnlyFlow('other'), '681');
  // Ann's phone hands its far end to the test's Stasis app, which answers when the test says so.
  await adminApi(daemon, 'PUT', '/api/agents/ann', {
    name: 'Ann',
    skills: {},
    queues: ['sales'],
    device: 'Local/ann@switchboard-test-phone/n',
  });
  await adminApi(daemon, 'PUT', '/api/agents/oto', {
    name: 'Otto',
    skills: {},
    queues: ['other'],
    device: 'Local/oto@switchboard-test-agent-noanswer/n',
  });
  const sue = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
    ...SUPERVISOR,
    role: 'supervisor',
  });
  await adminApi(daemon, 'PUT', `/api/users/${sue.id}/queues`, { queues: ['sales'] });
  await adminApi(daemon, 'POST', '/api/users', {
    username: 'ada',
    role: 'admin',
    password: 'ada password for tests',
  });
  callers = await CallerApp.connect();
  phones = await CallerApp.connect('switchboard-test-phones');
  browser = await launchChromium();
});

t.teardown(async () => {
  // On a failure the daemon's last words usually say why.
  if (!t.passing()) t.comment(daemon?.output().split('\n').slice(-80).join('\n'));
  await closeBrowser(browser);
  for (const channel of await listChannels().catch(() => [])) await callers?.hangup(channel.id);
  await callers?.close();
  await phones?.close();
  await daemon?.kill('SIGTERM');
});

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
}

/** The sales tile's figure `testid`, as the page shows it. */
const figure = (page: Page, testid: string) =>
  page.locator(`[data-testid="wb-queue"][data-queue-id="sales"] [data-testid="${testid}"]`);

/** Polls a locator's text until it reads `want`; how long it took from `since` (ms). */
async function textBecomes(locator: Locator, want: string, since: number, timeoutMs = ON_SCREEN_MS) {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  for (;;) {
    last = await locator.textContent({ timeout: timeoutMs }).catch(() => null);
    if (last === want) return Date.now() - since;
    if (Date.now() > deadline)
      throw new Error(`waited ${timeoutMs} ms for "${want}", the page shows "${last}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the sales tile's figure reads `text`; how long it took from `since`. */
const shows = (page: Page, testid: string, text: string, since: number) =>
  textBecomes(figure(page, testid), text, since);

const annRow = (page: Page) => page.locator('[data-testid="wb-agent"][data-agent-id="ann"]');

async function annIs(page: Page, state: string, since: number): Promise<number> {
  await page
    .locator(`[data-testid="wb-agent"][data-agent-id="ann"][data-state="${state}"]`)
    .waitFor({ timeout: ON_SCREEN_MS });
  return Date.now() - since;
}

/** The far end of Ann's phone ringing in the test's app (the n-th time, from event index `from`). */
async function annRings(from: number): Promise<ObservedEvent> {
  return phones.waitFor(
    "Ann's phone to ring",
    (e) => e.type === 'StasisStart' && Array.isArray(e.args) && e.args[0] === 'phone' && e.args[1] === 'ann',
    20_000,
    from,
  );
}

/** Ann's day as the definitions in cti/wallboard say, from the rows the daemon stored. */
function annDayFromDb(): { handled: number; averageHandleMs: number | null } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("select to_state as toState, at from agent_state_log where agent_id = 'ann' order by at, id")
      .all() as StateRow[];
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    return agentToday(rows, midnight);
  } finally {
    db.close();
  }
}

function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

t.test('the wallboard follows a scripted load of real calls', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => t.comment(`page error: ${err.message}`));
  await page.goto(daemon.url);
  await signIn(page, SUPERVISOR);
  await page.getByTestId('nav-wallboard').click();
  await page.getByTestId('wallboard').waitFor({ timeout: 10_000 });
  await figure(page, 'wb-waiting').waitFor({ timeout: 10_000 });
  t.equal(await page.locator('[data-testid="wb-queue"]').count(), 1, 'one tile: the queue sue supervises');
  t.equal(page.url().endsWith('#wallboard'), true, 'the wallboard has its own address');

  // Ann logs in; Otto (queue "other") is paused, so a caller waits in "other" the whole time.
  let since = Date.now();
  await adminApi(daemon, 'POST', '/api/agents/ann/state', { state: 'available' });
  t.comment(`ann available on screen after ${await annIs(page, 'available', since)} ms`);
  await adminApi(daemon, 'POST', '/api/agents/oto/state', { state: 'paused', reason: 'training' });
  const otherCaller = await callers.call('681', '5559900');

  // Three callers, one agent: the first rings Ann, two wait.
  const rings = callers.events.length;
  const firstPlacedAt = Date.now();
  const first = await callers.call('680', '5550101');
  const second = await callers.call('680', '5550102');
  const secondQueuedAt = Date.now();
  const third = await callers.call('680', '5550103');
  since = Date.now();
  const phone = await annRings(rings);
  const waitingTook = await shows(page, 'wb-waiting', '2', since);
  t.comment(`waiting 2 on screen ${waitingTook} ms after the third caller`);
  t.equal(await figure(page, 'wb-ringing').textContent(), '1', 'and one caller ringing Ann');
  await annIs(page, 'ringing', since);
  await page
    .locator(
      '[data-testid="wb-queue"][data-queue-id="sales"] [data-testid="wb-agents-ringing"][data-value="1"]',
    )
    .waitFor({ timeout: ON_SCREEN_MS });
  t.pass('agents by state: one ringing');

  // Ann answers.
  since = Date.now();
  await ariRequest('POST', `/channels/${phone.channel?.id}/answer`);
  const answerTook = await annIs(page, 'on-call', since);
  t.comment(`Ann on a call on screen ${answerTook} ms after answering`);
  await page
    .locator(
      '[data-testid="wb-queue"][data-queue-id="sales"] [data-testid="wb-agents-on-call"][data-value="1"]',
    )
    .waitFor({ timeout: ON_SCREEN_MS });
  t.equal(
    await figure(page, 'wb-agents-available').getAttribute('data-value'),
    '0',
    'agents by state: one on a call, none available',
  );
  t.equal(
    await annRow(page).getByTestId('wb-agent-call').textContent(),
    '5550101',
    "the caller's number in her row",
  );
  t.equal(await figure(page, 'wb-waiting').textContent(), '2', 'still two waiting');

  // Drill down: queue → its agents → Ann's call.
  await page.locator('[data-testid="wb-queue"][data-queue-id="sales"]').click();
  await page.getByText('Agents of Sales').waitFor();
  t.ok(await page.getByTestId('wb-show-all').isVisible(), 'a way back to all queues once one is chosen');
  await annRow(page).getByRole('button', { name: 'Ann' }).click();
  const call = page.getByTestId('wb-call');
  await call.waitFor();
  t.equal(
    await page.getByTestId('wb-call-caller').textContent(),
    '5550101',
    'the call panel shows the caller',
  );
  await page.locator('[data-testid="wb-ivr-path"][data-state="ok"]').waitFor({ timeout: 5_000 });
  t.match((await page.getByTestId('wb-ivr-path').textContent()) ?? '', /sales[\s\S]*queued/, 'the IVR path');
  // A supervision request the daemon refuses: its own message is shown.
  await page.getByTestId('wb-device').fill('not a device');
  const answer = page.waitForResponse((r) => r.url().includes('/monitor') && r.request().method() === 'POST');
  await page.getByTestId('wb-listen').click();
  const refused = await answer;
  t.ok(refused.status() >= 400 && refused.status() < 500, `the monitor request answered ${refused.status()}`);
  const said = ((await refused.json()) as { message: string }).message;
  await page.getByTestId('wb-monitor-error').waitFor();
  t.equal(await page.getByTestId('wb-monitor-error').textContent(), said, `the page shows: ${said}`);
  t.equal(
    await page.evaluate(() =>
      (
        globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
      ).localStorage.getItem('switchboard.wallboard.device'),
    ),
    'not a device',
    'the device is remembered',
  );

  // An admin lowers the "waiting" levels: sue's tile turns red (2 waiting ≥ red 2) without a reload.
  t.equal(await figure(page, 'wb-waiting').getAttribute('data-colour'), 'green', 'green under the defaults');
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await admin.goto(`${daemon.url}/#wallboard`);
  await signIn(admin, { username: 'ada', password: 'ada password for tests' });
  await admin.getByTestId('wallboard').waitFor({ timeout: 10_000 });
  await admin.locator('[data-testid="wb-queue"][data-queue-id="other"]').waitFor();
  t.equal(await admin.locator('[data-testid="wb-queue"]').count(), 2, 'the admin sees both queues');
  await admin.getByTestId('wb-thresholds').locator('summary').click();
  await admin.getByTestId('wb-th-queue-waiting-amber').fill('3');
  await admin.getByTestId('wb-th-queue-waiting-red').fill('1');
  await admin.getByTestId('wb-th-save').click();
  await admin.getByTestId('wb-th-error').waitFor();
  t.match(
    (await admin.getByTestId('wb-th-error').textContent()) ?? '',
    /queue\.waiting: red \(1\) must be above amber \(3\)/,
    'a bad level is refused with a sentence naming it',
  );
  await admin.getByTestId('wb-th-queue-waiting-amber').fill('1');
  await admin.getByTestId('wb-th-queue-waiting-red').fill('2');
  await admin.getByTestId('wb-th-save').click();
  await admin.getByTestId('wb-th-saved').waitFor();
  await page
    .locator('[data-testid="wb-queue"][data-queue-id="sales"] [data-testid="wb-waiting"][data-colour="red"]')
    .waitFor({ timeout: 8_000 });
  t.equal(
    await page.locator('[data-testid="wb-queue"][data-queue-id="sales"]').getAttribute('data-colour'),
    'red',
    'the whole tile is red without a reload',
  );
  await screenshot(admin, 'wallboard-admin-thresholds');
  await admin.context().close();
  await screenshot(page, 'wallboard-desktop-ann-on-call');

  // The third caller gives up after more than the short-abandon limit: an abandon.
  await new Promise((r) => setTimeout(r, SHORT_ABANDON_SECONDS * 1000));
  // Two callers have waited since before secondQueuedAt: the longest wait ticks on screen between
  // the wait of the second caller and the time since the first call was placed.
  const longest = await figure(page, 'wb-longest-wait').textContent();
  const [minutes, seconds] = (longest ?? '').split(':').map(Number);
  const shownSeconds = (minutes ?? Number.NaN) * 60 + (seconds ?? Number.NaN);
  const readAt = Date.now();
  t.ok(
    shownSeconds >= Math.floor((readAt - secondQueuedAt) / 1000) - 2 &&
      shownSeconds <= Math.ceil((readAt - firstPlacedAt) / 1000) + 1,
    `longest wait ${longest} on screen, as long as the callers have waited`,
  );
  since = Date.now();
  await callers.hangup(third.caller);
  const abandonTook = await shows(page, 'wb-abandoned', '1', since);
  t.comment(`abandoned today 1 on screen ${abandonTook} ms after the hang-up`);
  t.equal(await figure(page, 'wb-waiting').textContent(), '1', 'one caller still waiting');

  // A caller who hangs up at once is a short abandon, not an abandon.
  const fourth = await callers.call('680', '5550104');
  await shows(page, 'wb-waiting', '2', Date.now());
  since = Date.now();
  await callers.hangup(fourth.caller);
  const shortTook = await shows(page, 'wb-short-abandoned', '1', since);
  t.comment(`short abandons 1 on screen ${shortTook} ms after the hang-up`);
  t.equal(await figure(page, 'wb-abandoned').textContent(), '1', 'abandoned stays 1');

  // The first call ends (the second caller has waited past the service level by then).
  const lateBy = secondQueuedAt + (SERVICE_LEVEL_SECONDS + 1) * 1000 - Date.now();
  if (lateBy > 0) await new Promise((r) => setTimeout(r, lateBy));
  const rings2 = callers.events.length;
  since = Date.now();
  await callers.hangup(first.caller);
  const wrapTook = await annIs(page, 'wrap-up', since);
  t.comment(`Ann in wrap-up on screen ${wrapTook} ms after the call ended`);
  await textBecomes(annRow(page).getByTestId('wb-agent-handled'), '1', since);
  t.pass('handled today 1 once the talk ended');
  t.equal(await figure(page, 'wb-answered').textContent(), '1', 'answered today 1');

  // Wrap-up over, Ann gets the waiting caller and answers; that call ends too.
  const phone2 = await annRings(rings2);
  await ariRequest('POST', `/channels/${phone2.channel?.id}/answer`);
  await annIs(page, 'on-call', Date.now());
  await shows(page, 'wb-waiting', '0', Date.now());
  await new Promise((r) => setTimeout(r, 1_500));
  since = Date.now();
  await callers.hangup(second.caller);
  await annIs(page, 'wrap-up', since);
  since = Date.now();
  await annIs(page, 'available', since);
  const expected = annDayFromDb();
  t.equal(expected.handled, 2, 'two calls handled, as stored');
  t.ok(expected.averageHandleMs !== null);
  await textBecomes(
    annRow(page).getByTestId('wb-agent-aht'),
    formatDuration(expected.averageHandleMs ?? 0),
    since,
  );
  t.pass(
    `average handle time ${formatDuration(expected.averageHandleMs ?? 0)} on screen once the wrap-up ended`,
  );
  t.equal(await annRow(page).getByTestId('wb-agent-handled').textContent(), '2', 'Ann handled 2');
  t.equal(await figure(page, 'wb-answered').textContent(), '2', 'answered today 2');
  // Answered within 10 s: the first (Ann was free); the second waited longer. Short abandons are
  // left out: 1 / (4 callers − 1 short abandon).
  t.equal(await figure(page, 'wb-service-level').textContent(), '33.3%', 'service level 33.3%');
  t.equal(await figure(page, 'wb-offered').textContent(), '4', 'offered today 4');
  t.equal(await figure(page, 'wb-waiting').textContent(), '0', 'nobody waiting');
  t.equal(await figure(page, 'wb-longest-wait').textContent(), '0:00', 'so no longest wait');
  t.equal(await figure(page, 'wb-agents-available').getAttribute('data-value'), '1', 'Ann available again');

  // Nothing of queue "other" ever reached sue's page.
  const text = (await page.getByTestId('wallboard').textContent()) ?? '';
  t.notMatch(text, /Other|Otto|5559900/, 'no trace of the queue sue does not supervise');
  t.equal(await page.locator('[data-queue-id="other"], [data-agent-id="oto"]').count(), 0);
  await screenshot(page, 'wallboard-desktop-after-calls');

  // The same wallboard on a phone, straight from its address.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const small = await phoneContext.newPage();
  await small.goto(`${daemon.url}/#wallboard`);
  await signIn(small, SUPERVISOR);
  await small.getByTestId('wallboard').waitFor({ timeout: 10_000 });
  await small
    .locator('[data-testid="wb-queue"][data-queue-id="sales"] [data-testid="wb-answered"]')
    .waitFor();
  const pageWidth = await small.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  const widths = {
    page: pageWidth,
    tiles: (await small.locator('.wb-tiles-slot').boundingBox())?.width ?? 0,
    agents: (await small.locator('.wb-agents').boundingBox())?.width ?? 0,
  };
  t.ok(widths.page <= 390, `no sideways scrolling on a phone (${widths.page} px)`);
  t.notOk(
    await small.getByTestId('wb-show-all').isVisible(),
    'no "all queues" button while no queue is chosen',
  );
  t.equal(Math.round(widths.tiles), Math.round(widths.agents), 'one column: tiles and agents equally wide');
  await screenshot(small, 'wallboard-phone-390x844');
  await phoneContext.close();

  await callers.hangup(otherCaller.caller);
  await eventually(
    'no channel left',
    async () => ((await listChannels()).length === 0 ? true : undefined),
    15_000,
  );
  await context.close();
});
