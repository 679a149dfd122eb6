// Debian's chromium driven by playwright-core (no browser download).
import { existsSync } from 'node:fs';
import { CHROMIUM } from './lib.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser({ headless = true } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (Debian package chromium; node test/e2e/install.mjs installs it)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A page with a fixed viewport; page errors and failed requests are noted for the report. */
export async function newPage(browser, { width = 1400, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.nasErrors = [];
  page.on('pageerror', (err) => page.nasErrors.push(String(err?.message ?? err)));
  return page;
}
