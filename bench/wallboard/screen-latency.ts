// Event → wallboard screen latency, measured in Debian's Chromium against a sandbox Asterisk (the
// same environment the tests use: SWITCHBOARD_ARI_* etc., and a built dist/ and web-softphone/dist).
//   npx tsx bench/wallboard/screen-latency.ts [samples]
// Two events, each `samples` times: an agent state change over the API (API call → the agent's row
// shows the state), and a waiting caller hanging up over ARI (hang-up → the queue's waiting count
// drops). The page stamps every change of either with Date.now() (a MutationObserver, same machine
// clock as this script), so the figure is the whole path: Asterisk → daemon → ACD → supervisor
// websocket → page redraw. Beside the hang-up figure, the peer: the same hang-up as a bare ARI
// websocket client of the same Asterisk sees it (ari-peer.ts), i.e. what Asterisk alone takes, so
// the difference is ours. Prints figures only; nothing here passes or fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeBrowser, launchChromium } from '../../test/helpers/browser.js';
import { CallerApp } from '../../test/helpers/caller-app.js';
import { freePort, spawnDaemon, TEST_ADMIN } from '../../test/helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../../test/helpers/ivr-api.js';
import { summarise } from '../acd/stats.js';
import { AriPeer } from './ari-peer.js';

const SAMPLES = Number(process.argv[2] ?? 20);

interface Stamp {
  what: string;
  value: string;
  at: number;
}

/**
 * Watches the waiting figure of queue "bench" and agent bee's row; every change is stamped. A
 * string, not a function: tsx names functions with a helper the page does not have.
 */
const WATCH = `(() => {
  window.__stamps = [];
  let last = { waiting: '', bee: '' };
  const look = () => {
    const at = Date.now();
    const waiting = document.querySelector('[data-queue-id="bench"] [data-testid="wb-waiting"]')?.textContent ?? '';
    const bee = document.querySelector('[data-testid="wb-agent"][data-agent-id="bee"]')?.getAttribute('data-state') ?? '';
    if (waiting !== last.waiting) window.__stamps.push({ what: 'waiting', value: waiting, at });
    if (bee !== last.bee) window.__stamps.push({ what: 'bee', value: bee, at });
    last = { waiting, bee };
  };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  look();
})()`;

/** When the page first showed `value` for `what` at or after `since` (ms epoch). */
async function shownAt(page: Page, what: string, value: string, since: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const stamps = await page.evaluate(() => (globalThis as unknown as { __stamps: Stamp[] }).__stamps);
    const hit = stamps.find((s) => s.what === what && s.value === value && s.at >= since);
    if (hit) return hit.at;
    if (Date.now() > deadline) throw new Error(`the page never showed ${what} = ${value}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function print(name: string, samples: number[]): void {
  const s = summarise(samples);
  if (!s) return void console.log(`${name}: no samples`);
  const f = (n: number) => n.toFixed(0).padStart(5);
  console.log(
    `${name.padEnd(38)} n=${s.n}  min ${f(s.minMs)}  p50 ${f(s.p50Ms)}  mean ${f(s.meanMs)}  p99/max ${f(s.p99Ms)} / ${f(s.maxMs)} ms`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wallboard-bench-'));
  const daemon = spawnDaemon({ dbPath: join(dir, 'bench.db'), port: await freePort() });
  const callers = await CallerApp.connect();
  const peer = await AriPeer.connect();
  const browser = await launchChromium({ microphone: 'prompt' });
  try {
    await daemon.waitReady(60_000);
    await adminApi(daemon, 'PUT', '/api/acd/queues/bench', {
      name: 'Bench',
      requiredSkills: [],
      priority: 0,
      strategy: 'longest-idle',
      serviceLevelSeconds: 20,
      wrapUpSeconds: 0,
      ringTimeoutSeconds: 60,
    });
    await publishFlow(daemon, 'to-bench', queueOnlyFlow('bench'), '689');
    await adminApi(daemon, 'PUT', '/api/agents/bee', {
      name: 'Bee',
      skills: {},
      queues: ['bench'],
      device: 'Local/bee@switchboard-test-agent-noanswer/n',
    });
    await adminApi(daemon, 'POST', '/api/agents/bee/state', { state: 'paused', reason: 'bench' });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${daemon.url}/#wallboard`);
    await page.getByTestId('login-username').fill(TEST_ADMIN.username);
    await page.getByTestId('login-password').fill(TEST_ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="wb-agent"][data-agent-id="bee"][data-state="paused"]').waitFor();
    await page.evaluate(WATCH);

    // Agent state changes, nobody waiting (so "available" offers nothing).
    const states: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const to = i % 2 === 0 ? 'available' : 'paused';
      const since = Date.now();
      await adminApi(daemon, 'POST', '/api/agents/bee/state', {
        state: to,
        ...(to === 'paused' ? { reason: 'bench' } : {}),
      });
      states.push((await shownAt(page, 'bee', to, since)) - since);
    }
    if (SAMPLES % 2 === 1)
      await adminApi(daemon, 'POST', '/api/agents/bee/state', { state: 'paused', reason: 'bench' });

    // Callers queue up with Bee paused, then hang up one by one.
    const placed: Array<{ caller: string; inbound: string }> = [];
    for (let i = 0; i < SAMPLES; i++)
      placed.push(await callers.call('689', `55577${String(i).padStart(3, '0')}`));
    await shownAt(page, 'waiting', String(SAMPLES), 0);
    const hangups: number[] = [];
    const peerHangups: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { caller, inbound } = placed[i] as { caller: string; inbound: string };
      const since = Date.now();
      await callers.hangup(caller);
      hangups.push((await shownAt(page, 'waiting', String(SAMPLES - i - 1), since)) - since);
      // The daemon's half of the call, the channel its queue held.
      peerHangups.push((await peer.endedAtOf(inbound)) - since);
    }

    console.log(`wallboard event → screen latency, ${SAMPLES} samples each (Chromium, sandbox Asterisk)`);
    print('agent state (API → row)', states);
    print('caller hang-up (ARI → waiting)', hangups);
    print('  peer: bare ARI client, same hang-up', peerHangups);
    print(
      '  ours beyond the peer (per sample)',
      hangups.map((ms, i) => ms - (peerHangups[i] ?? 0)),
    );
  } finally {
    await closeBrowser(browser);
    await callers.close();
    peer.close();
    await daemon.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
