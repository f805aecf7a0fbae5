import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './daemon.js';

/** Debian's Chromium, never a downloaded one; flags keep it off the network and give it fake media. */
const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  // Real host candidates instead of mDNS names: Asterisk cannot resolve *.local.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/**
 * `microphone: 'granted'` answers every permission prompt with yes (a fake microphone that plays a
 * tone); 'prompt' leaves prompts unanswered, which headless Chromium treats as a refusal.
 */
export function launchChromium(options: { microphone: 'granted' | 'prompt' } = { microphone: 'granted' }) {
  const args =
    options.microphone === 'granted' ? [...BASE_FLAGS, '--use-fake-ui-for-media-stream'] : BASE_FLAGS;
  return chromium.launch({ executablePath: '/usr/bin/chromium', args, headless: true });
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** Keeps a screenshot of the step as a test artifact (test-artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close().catch(() => undefined);
}
