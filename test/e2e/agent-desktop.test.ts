// The agent desktop end to end, in Debian's Chromium with a fake microphone, against the sandbox
// Asterisk: the agent logs in, the page registers its per-login WebRTC endpoint and goes
// available; a real caller walks the IVR, presses 2 and is queued; the screen-pop shows the path;
// the agent answers in the page, media flows (ICE connected, a live inbound audio track receiving
// packets), hangs up, wraps up with a disposition, and is available again. Screenshots of every
// step land in test-artifacts/screenshots/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { closeBrowser, launchChromium, screenshot } from '../helpers/browser.js';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, publishFlow } from '../helpers/ivr-api.js';
import { ariRequest, restartAsterisk } from '../helpers/sandbox.js';

const MENU_TO_SUPPORT = `
name: desk-menu
start: menu
nodes:
  menu:
    type: menu
    prompts: [{ sound: basic-pbx-ivr-main }]
    options:
      "2": support
    timeoutSeconds: 5
    maxAttempts: 2
    onFailure: bye
  support:
    type: queue
    queue: support
    prompts: [{ sound: one-moment-please }]
  bye:
    type: hangup
`;

const dir = t.testdir();
let daemon: DaemonProcess;
let callers: CallerApp;
let browser: Browser;

async function addAgent(id: string): Promise<void> {
  const user = await adminApi<{ id: number }>(daemon, 'POST', '/api/users', {
    username: id,
    role: 'agent',
    password: `${id} password for tests`,
  });
  await adminApi(daemon, 'PUT', `/api/agents/${id}`, {
    name: id.charAt(0).toUpperCase() + id.slice(1),
    skills: {},
    queues: ['support'],
    // Rung only when the agent has no softphone: a robot that never answers, so a test would see it.
    device: `Local/${id}@switchboard-test-agent-noanswer/n`,
    userId: user.id,
  });
}

t.before(async () => {
  daemon = spawnDaemon({ dbPath: join(dir, 'desk.db'), port: await freePort() });
  await daemon.waitReady();
  await adminApi(daemon, 'PUT', '/api/acd/queues/support', {
    name: 'Support',
    requiredSkills: [],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 120,
    ringTimeoutSeconds: 20,
  });
  await publishFlow(daemon, 'desk-menu', MENU_TO_SUPPORT, '670');
  await addAgent('dana');
  await addAgent('erin');
  callers = await CallerApp.connect();
  browser = await launchChromium();
});
t.teardown(async () => {
  await closeBrowser(browser);
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

/**
 * The page may fetch its credentials again right after registering (a re-issue replaces the
 * account in Asterisk), so the endpoint is looked for until it is online, not once.
 */
function endpointOnline(endpoint: string): Promise<true> {
  return eventually(`${endpoint} online in Asterisk`, async () => {
    const found = (await ariRequest('GET', `/endpoints/PJSIP/${endpoint}`)) as { state: string };
    return found.state === 'online' ? true : undefined;
  });
}

/** A fresh browser context signed in as `username`, registered and available. */
async function signedInAgent(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => t.comment(`${username} page error: ${err.message}`));
  await page.goto(daemon.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(`${username} password for tests`);
  await page.getByTestId('login-submit').click();
  await page
    .locator('[data-testid="registration-status"][data-state="registered"]')
    .waitFor({ timeout: 20_000 });
  // A second login of an agent who is still available finds the state already set.
  if ((await page.getByTestId('agent-state').getAttribute('data-state')) !== 'available') {
    await page.getByTestId('state-select').selectOption('available');
    await page.getByTestId('state-apply').click();
  }
  await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: 10_000 });
  return page;
}

/** The parts of the page's RTCPeerConnection a test reads (the test code has no DOM types). */
interface PagePeer {
  iceConnectionState: string;
  getStats(): Promise<Map<string, { type: string; kind?: string; packetsReceived?: number }>>;
  getReceivers(): Array<{ track: { kind: string; readyState: string } }>;
}

/** What the page's peer connection says about media, read inside the browser. */
function mediaOf(page: Page) {
  return page.evaluate(async () => {
    const debug = (globalThis as unknown as { switchboardDebug?: { peerConnection: PagePeer | null } })
      .switchboardDebug;
    const pc = debug?.peerConnection;
    if (!pc) return null;
    let packetsReceived = 0;
    for (const report of (await pc.getStats()).values()) {
      if (report.type === 'inbound-rtp' && report.kind === 'audio')
        packetsReceived += report.packetsReceived ?? 0;
    }
    const track = pc.getReceivers().find((r) => r.track.kind === 'audio')?.track;
    return { ice: pc.iceConnectionState, trackState: track?.readyState ?? 'none', packetsReceived };
  });
}

async function queueCallerPressing2(number: string) {
  const call = await callers.call('670', number);
  await callers.playbackStarted(call.inbound, 'sound:basic-pbx-ivr-main');
  await callers.press(call.caller, '2');
  return call;
}

t.test('an agent takes a queued call in the browser, from screen-pop to wrap-up', async (t) => {
  const page = await signedInAgent('dana');
  await screenshot(page, '1-dana-registered-available');
  await endpointOnline('webrtc-dana');

  const call = await queueCallerPressing2('5557801');
  const pop = page.getByTestId('screen-pop');
  await page.getByTestId('call-ringing').waitFor({ timeout: 20_000 });
  t.match((await pop.textContent()) ?? '', /5557801/, 'the screen-pop names the caller');
  const path = (await page.getByTestId('ivr-path').textContent()) ?? '';
  t.match(path, /menu[\s\S]*option 2[\s\S]*support/, `the IVR path: ${path.replace(/\s+/g, ' ')}`);
  await screenshot(page, '2-dana-screen-pop-ringing');

  await page.getByTestId('answer').click();
  await page.locator('[data-testid="screen-pop"][data-status="answered"]').waitFor({ timeout: 15_000 });
  // The caller speaks into the call: the agent's page must receive it.
  await ariRequest('POST', `/channels/${call.caller}/play`, { query: { media: 'sound:tt-weasels' } });
  const media = await eventually(
    'ICE connected and audio arriving',
    async () => {
      const m = await mediaOf(page);
      return m && ['connected', 'completed'].includes(m.ice) && m.packetsReceived > 50 ? m : undefined;
    },
    15_000,
  );
  t.equal(media.trackState, 'live', 'the inbound audio track is live');
  t.ok(media.packetsReceived > 50, `audio packets received (${media.packetsReceived})`);
  await screenshot(page, '3-dana-in-call');

  await page.getByTestId('hangup').click();
  await page.getByTestId('wrap-up').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="agent-state"][data-state="wrap-up"]').waitFor({ timeout: 10_000 });
  await page.getByTestId('wrap-up-disposition').selectOption('resolved');
  await page.getByTestId('wrap-up-notes').fill('Explained the invoice.');
  // File the call under a new ticket in the same step.
  await page.locator('#wrap-ticket-new').check();
  await page.getByTestId('wrap-up-new-ticket-subject').fill('Invoice question');
  await screenshot(page, '4-dana-wrap-up');
  await page.getByTestId('wrap-up-submit').click();
  await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: 10_000 });
  const shift = await eventually('the call in the shift history', async () => {
    const text = (await page.getByTestId('call-history').textContent()) ?? '';
    return /5557801/.test(text) && /Resolved/.test(text) ? text : undefined;
  });
  t.match(shift, /Support/, "the shift history names the call's queue and outcome");
  await screenshot(page, '5-dana-available-again');

  const row = await eventually('the call row with its disposition', async () => {
    const found = (await callsFrom(daemon, '5557801'))[0];
    if (!found) return undefined;
    const detail = await adminApi<{ disposition: { code: string; notes: string; agentId: string } | null }>(
      daemon,
      'GET',
      `/api/calls/${found.id}`,
    );
    return detail.disposition ? detail : undefined;
  });
  t.match(row.disposition, { code: 'resolved', notes: 'Explained the invoice.', agentId: 'dana' });
  const callRow = (await callsFrom(daemon, '5557801'))[0];
  const linked = await adminApi<{ items: Array<{ subject: string; contact: { phones: string[] } | null }> }>(
    daemon,
    'GET',
    `/api/calls/${callRow?.id}/tickets`,
  );
  t.match(
    linked.items,
    [{ subject: 'Invoice question', contact: { phones: ['5557801'] } }],
    'the call is filed under the new ticket, the caller as its contact',
  );
  await eventually('no channel left', async () =>
    ((await ariRequest('GET', '/channels')) as unknown[]).length === 0 ? true : undefined,
  );
  await page.context().close();
});

t.test('two agents in two browsers: each call goes to exactly one of them', async (t) => {
  const dana = await signedInAgent('dana');
  const erin = await signedInAgent('erin');
  const first = await queueCallerPressing2('5557811');
  const second = await queueCallerPressing2('5557812');
  for (const page of [dana, erin]) await page.getByTestId('call-ringing').waitFor({ timeout: 20_000 });
  const shown = await Promise.all(
    [dana, erin].map(async (p) => (await p.getByTestId('screen-pop').textContent()) ?? ''),
  );
  const numbers = shown.map((text) =>
    text.includes('5557811') ? '5557811' : text.includes('5557812') ? '5557812' : '?',
  );
  t.same([...numbers].sort(), ['5557811', '5557812'], 'one caller on each desk');
  await screenshot(dana, '6-two-agents-dana');
  await screenshot(erin, '6-two-agents-erin');
  for (const page of [dana, erin]) await page.getByTestId('answer').click();
  // Answered means the ACD says so (the agent leg is up and bridged), not just the button pressed.
  for (const page of [dana, erin])
    await page.locator('[data-testid="screen-pop"][data-status="answered"]').waitFor({ timeout: 15_000 });
  await callers.hangup(first.caller);
  await callers.hangup(second.caller);
  for (const page of [dana, erin]) await page.getByTestId('wrap-up').waitFor({ timeout: 15_000 });
  const offers = await Promise.all(
    ['5557811', '5557812'].map(async (number) => {
      const row = (await callsFrom(daemon, number))[0];
      return adminApi<{ items: Array<{ agentId: string; outcome: string }> }>(
        daemon,
        'GET',
        `/api/calls/${row?.id}/offers`,
      );
    }),
  );
  const answeredBy = offers.map((o) => o.items.filter((x) => x.outcome === 'answered').map((x) => x.agentId));
  t.same(
    answeredBy.map((a) => a.length),
    [1, 1],
    'each call answered once',
  );
  t.not(answeredBy[0]?.[0], answeredBy[1]?.[0], 'by different agents');
  await dana.context().close();
  await erin.context().close();
});

t.test('Asterisk restarting under the page: a clear message, then the phone registers again', async (t) => {
  const page = await signedInAgent('dana');
  // A real drop: Asterisk goes away with the websocket and the pushed account, and comes back.
  await restartAsterisk();
  await page
    .locator('[data-testid="registration-status"]:not([data-state="registered"])')
    .waitFor({ timeout: 20_000 });
  const status = page.getByTestId('registration-status');
  t.comment(`while Asterisk was away: ${await status.getAttribute('data-state')}`);
  t.match((await status.textContent()) ?? '', /\S/, 'the status says what is happening');
  await screenshot(page, '7-dana-phone-reconnecting');
  await page
    .locator('[data-testid="registration-status"][data-state="registered"]')
    .waitFor({ timeout: 60_000 });
  await endpointOnline('webrtc-dana');
  t.pass('registered again on fresh credentials');
  await page.getByTestId('logout').click();
  await page.context().close();
});

t.test('a refused microphone is explained, and the phone recovers once it is allowed', async (t) => {
  const strict = await launchChromium({ microphone: 'prompt' });
  t.teardown(() => closeBrowser(strict));
  const context = await strict.newContext({ viewport: { width: 1280, height: 800 } });
  await context.clearPermissions();
  const page = await context.newPage();
  await page.goto(daemon.url);
  await page.getByTestId('login-username').fill('erin');
  await page.getByTestId('login-password').fill('erin password for tests');
  await page.getByTestId('login-submit').click();
  const message = page.getByTestId('mic-error');
  await message.waitFor({ timeout: 20_000 });
  t.match((await message.textContent()) ?? '', /microphone/i, 'the page explains the microphone is blocked');
  await screenshot(page, '8-erin-microphone-refused');
  await context.grantPermissions(['microphone'], { origin: daemon.url });
  await page.getByTestId('mic-recheck').click();
  await message.waitFor({ state: 'detached', timeout: 10_000 });
  t.pass('the message goes once the microphone is allowed');
});

t.test('logging out removes the per-login SIP credentials from Asterisk', async (t) => {
  const page = await signedInAgent('erin');
  await endpointOnline('webrtc-erin');
  t.pass('erin is registered in Asterisk');
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor({ timeout: 10_000 });
  await eventually('the endpoint to be gone', async () => {
    try {
      await ariRequest('GET', '/asterisk/config/dynamic/res_pjsip/endpoint/webrtc-erin');
      return undefined;
    } catch {
      return true;
    }
  });
  t.pass('endpoint, auth and aor removed at logout');
  await page.context().close();
});
