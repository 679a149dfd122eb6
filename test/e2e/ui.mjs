/* global document -- page.waitForFunction bodies run in the browser */
// UI end-to-end test, as a person would: the workbench of code-server in Debian's chromium with the
// extension loaded from the repo (extensionDevelopmentPath) and the fixture folder open; files are
// opened with Ctrl+P, commands run from the palette (F1), screenshots go to .test-run/screenshots/.
// Usage: node test/e2e/ui.mjs [--no-build] [--keep] [--update-screenshots] [--headed] [--vsix=FILE] [--grep=PATTERN]
//   --grep=PATTERN  only the steps whose name matches (case-insensitive), plus those marked `always`
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPage } from './browser.mjs';
import { ensureInstalled } from './install.mjs';
import { FIXTURE_WORKSPACE, REPO, SCREENSHOT_DIR, ensureBuilt, log, parseArgs } from './lib.mjs';
import { NAS_STEPS, nasUiSettings, prepareNasWorkspace } from './ui-nas.mjs';
import { RESULTS_STEPS } from './ui-results.mjs';
import { FIT_STEPS } from './ui-fit.mjs';
import { RUNS_STEPS } from './ui-runs.mjs';
import { createRunDir, installVsix, pruneRuns, removeRunDir, startServer } from './server.mjs';

export const README_SCREENSHOTS = join(REPO, 'media', 'screenshots');

/**
 * Text of the visible lines of the active editor, or with `fileName` of the editor group showing that
 * file (which need not be the active group: a click into a webview beside it makes that one active).
 * Monaco renders spaces as U+00A0.
 */
export async function editorText(page, fileName) {
  const group = fileName
    ? page.locator('.editor-group-container', { has: page.locator('.tabs-container .tab.active', { hasText: fileName }) })
    : page.locator('.editor-group-container.active');
  const text = await group.locator('.monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Opens a file by name through Quick Open (Ctrl+P), as a person would. */
export async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(fileName, { delay: 20 });
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ timeout: 15_000 });
  // Enter opens the focused row, which can still be an earlier match (cells.nas.ts for "cells.nas.j…")
  // while the list re-sorts: wait until the match is the focused row, else pick it with the mouse.
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: fileName });
  if (
    await focused.waitFor({ timeout: 3_000 }).then(
      () => true,
      () => false,
    )
  )
    await page.keyboard.press('Enter');
  else await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 15_000 });
}

/** Runs a command by its title from the command palette (F1). `before` runs while the palette shows the match. */
export async function runCommand(page, title, { before } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title, { delay: 10 });
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  if (before) await before();
  await page.keyboard.press('Enter');
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The generic workbench checks, then the NAS Lens flow of ui-nas.mjs (CodeLens → search → Accept → Undo), then the user's results (ui-results.mjs). */
export const UI_STEPS = [
  {
    name: 'the workbench opens the fixture folder with the extension loaded',
    always: true,
    async run(page) {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'a.nas.json' }).waitFor({ timeout: 60_000 });
      // Let the extension host come up (status bar and explorer settle) before the first picture.
      await page.locator('.statusbar').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      await screenshot(page, '01-workbench');
    },
  },
  {
    name: 'Ctrl+P opens a.nas.json and the editor shows its text',
    async run(page) {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
      await quickOpen(page, 'a.nas.json');
      await page.waitForFunction(
        () => {
          const el = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
          return !!el && el.textContent.includes('nor_conv_3x3~0');
        },
        null,
        { timeout: 15_000 },
      );
      const text = await editorText(page);
      for (const expected of ['"space":"nb201"', '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|']) {
        if (!text.includes(expected)) throw new Error(`the editor does not show ${expected}; it shows:\n${text}`);
      }
      await page.waitForTimeout(500);
      await screenshot(page, '02-file-open');
    },
  },
  {
    name: 'the command palette (F1) runs "Output: Show Output Channels..." and lists the NAS Lens channel',
    async run(page) {
      await runCommand(page, 'Output: Show Output Channels', { before: () => screenshot(page, '03-command-palette') });
      // The command opens a second quick pick with the channels; the extension creates "NAS Lens" when it activates.
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'NAS Lens' }).first();
      await page.keyboard.type('NAS Lens', { delay: 10 });
      await row.waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
      await output.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForFunction(
        () => {
          const panel = document.querySelector('.part.panel');
          return !!panel && /NAS Lens/.test(panel.textContent ?? '');
        },
        null,
        { timeout: 15_000 },
      );
      await page.waitForTimeout(500);
      await screenshot(page, '04-output-channel');
    },
  },
  ...NAS_STEPS,
  ...RESULTS_STEPS,
  ...FIT_STEPS,
  ...RUNS_STEPS,
];

/**
 * Runs UI_STEPS in order in one workbench; after the first failure the rest are skipped. `grep` keeps
 * the steps whose name matches it (case-insensitive) and those marked `always`.
 * Resolves with { name, passed, failed, skipped, ok, seconds, screenshots }.
 */
export async function runUiTests({ keep = false, updateScreenshots = false, headless = true, steps = UI_STEPS, timeoutMs = 900_000, vsix, grep } = {}) {
  const t0 = Date.now();
  if (grep) {
    const re = new RegExp(grep, 'i');
    steps = steps.filter((st) => st.always || re.test(st.name));
    log(`UI test: ${steps.length} step(s) for --grep=${grep}: ${steps.map((st) => st.name).join(' | ')}`);
  }
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const run = createRunDir('ui', { workspace: FIXTURE_WORKSPACE, settings: nasUiSettings() });
  prepareNasWorkspace(run.workspace);
  let server;
  let browser;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let timer;
  try {
    const body = async () => {
      // With a VSIX the extension is installed as a user would install it, and not loaded from the repo.
      if (vsix) await installVsix(run, vsix);
      server = await startServer(run);
      browser = await launchBrowser({ headless });
      const page = await newPage(browser);
      const url = server.workbenchUrl({ folder: run.workspace, extensionDevelopmentPath: vsix ? undefined : REPO });
      log(`UI test: opening the workbench (extension ${vsix ? `installed from ${vsix}` : 'loaded from the repo'})`);
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      for (const [i, step] of steps.entries()) {
        if (failed) {
          skipped++;
          console.log(`  - ${step.name} (skipped)`);
          continue;
        }
        const s0 = Date.now();
        try {
          await step.run(page);
          passed++;
          console.log(`  ✔ ${step.name} (${Date.now() - s0}ms)`);
        } catch (err) {
          failed++;
          console.log(`  ✘ ${step.name}\n    ${String(err.message).split('\n').join('\n    ')}`);
          const shot = await screenshot(page, `failure-${String(i + 1).padStart(2, '0')}`).catch(() => undefined);
          if (shot) console.log(`    screenshot: ${shot}`);
        }
      }
      if (page.nasErrors.length) log(`page errors (not failures): ${page.nasErrors.slice(0, 5).join(' | ')}`);
    };
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`UI test did not finish within ${timeoutMs / 1000}s`)), timeoutMs);
    });
    await Promise.race([body(), timeout]);
  } catch (err) {
    console.log(`  ✘ ${err.message}`);
    failed++;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  const ok = failed === 0 && passed > 0;
  const shots = existsSync(SCREENSHOT_DIR)
    ? readdirSync(SCREENSHOT_DIR)
        .filter((f) => f.endsWith('.png'))
        .sort()
    : [];
  log(`screenshots: ${shots.length ? `${SCREENSHOT_DIR.replace(REPO + '/', '')}/{${shots.join(',')}}` : 'none'}`);
  if (updateScreenshots) {
    if (ok) {
      mkdirSync(README_SCREENSHOTS, { recursive: true });
      for (const f of shots) cpSync(join(SCREENSHOT_DIR, f), join(README_SCREENSHOTS, f));
      log(`copied ${shots.length} screenshots to ${README_SCREENSHOTS.replace(REPO + '/', '')}/`);
    } else {
      log('not updating media/screenshots: the UI test failed');
    }
  }
  if (ok && !keep) removeRunDir(run);
  else log(`run folder kept: ${run.dir}`);
  return { name: 'UI', passed, failed, skipped, ok, seconds: (Date.now() - t0) / 1000, screenshots: shots };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { flags, values } = parseArgs(process.argv.slice(2));
  (async () => {
    pruneRuns();
    await ensureInstalled();
    if (!values.vsix) await ensureBuilt({ build: !flags.has('no-build') });
    const r = await runUiTests({
      keep: flags.has('keep'),
      updateScreenshots: flags.has('update-screenshots'),
      headless: !flags.has('headed'),
      vsix: values.vsix,
      grep: values.grep,
    });
    console.log(`ui: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    process.exit(r.ok ? 0 : 1);
  })().catch((err) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  });
}
