/* global document, location -- page.waitForFunction / page.evaluate bodies run in the browser */
// The NAS Lens flow of the UI test, as a person does it: open an example → a CodeLens shows the cell's
// percentile → hover it → "NAS Lens: Search around this cell" from the palette → the panel shows live
// progress, then results → click Accept in the webview → the file holds the accepted cell → Undo
// restores it → the panel survives being hidden and shown again. Screenshots at every step.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './lib.mjs';
import { editorText, quickOpen, runCommand, screenshot } from './ui.mjs';

const EXAMPLE = 'cells.nas.json';
const START_CELL = 'resnet-like';
const LENS = /Top [<\d.]+% · #[\d,]+ of 15,625 · [\d.]+[kM] params/;
const EDGES = ['0->1', '0->2', '1->2', '0->3', '1->3', '2->3'];

/** Settings of the UI run: a search long enough to watch (≈5 s), and the fixture models when the bundled ones are missing. */
export function nasUiSettings() {
  const bundled = existsSync(join(REPO, 'media', 'models', 'nb201-cifar10', 'model.json'));
  return {
    'nasLens.search.strategy': 'evolution',
    'nasLens.search.budget': 1_000_000,
    'nasLens.search.timeLimitSeconds': 5,
    'workbench.colorTheme': 'Default Dark Modern',
    ...(bundled ? {} : { 'nasLens.modelFolder': 'models' }),
  };
}

/** The repo's examples/ go into the run's workspace, as a user's files would be there. */
export function prepareNasWorkspace(workspace) {
  cpSync(join(REPO, 'examples'), join(workspace, 'examples'), { recursive: true });
}

function webview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The edges of the start cell as saved on disk (comments stripped). */
function savedEdges(workspace) {
  const text = readFileSync(join(workspace, 'examples', EXAMPLE), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const cell = JSON.parse(text).cells.find((c) => c.name === START_CELL);
  return EDGES.map((e) => cell.edges[e]);
}

function opsOf(archString) {
  return archString.split('|').filter((p) => p.includes('~')).map((p) => p.split('~')[0]);
}

const state = { workspace: undefined, original: undefined, accepted: undefined };

export const NAS_STEPS = [
  {
    name: `Ctrl+P opens examples/${EXAMPLE}; a CodeLens above each cell shows its predicted percentile`,
    async run(page) {
      state.workspace = await page.evaluate(() => new URL(location.href).searchParams.get('folder'));
      state.original = savedEdges(state.workspace);
      // Room for the editor and the panel (and for the README's pictures): no bottom panel, no side bar.
      await runCommand(page, 'View: Hide Panel');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await quickOpen(page, EXAMPLE);
      const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: LENS }).first();
      await lens.waitFor({ timeout: 30_000 });
      const titles = await page.locator('.editor-group-container.active .monaco-editor .codelens-decoration').allInnerTexts();
      if (!titles.some((t) => /Search around/.test(t))) throw new Error(`no "Search around" lens: ${titles.join(' / ')}`);
      await page.waitForTimeout(800);
      await screenshot(page, '05-codelens');
    },
  },
  {
    name: 'hovering a cell shows its score, tier, every dataset and the model card figures',
    async run(page) {
      const target = page.locator('.editor-group-container.active .view-line', { hasText: '"0->2": "none"' }).first();
      await target.hover({ position: { x: 60, y: 8 } });
      const hover = page.locator('.monaco-hover-content', { hasText: 'NAS Lens' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const text = await hover.innerText();
      for (const expected of ['CIFAR-10', 'CIFAR-100', 'Params', 'Kendall']) {
        if (!text.includes(expected)) throw new Error(`the hover lacks ${expected}: ${text}`);
      }
      await page.waitForTimeout(300);
      await screenshot(page, '06-hover');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: `"NAS Lens: Search around this cell" from the palette opens the panel with live progress`,
    async run(page) {
      // The cursor goes into the start cell, as a person would click into it.
      await page.locator('.editor-group-container.active .view-line', { hasText: '"1->2": "nor_conv_3x3"' }).first().click();
      await runCommand(page, 'NAS Lens: Search around this cell');
      const frame = webview(page);
      await frame.locator('#status').waitFor({ timeout: 30_000 });
      await frame.locator('#status', { hasText: 'searching' }).waitFor({ timeout: 20_000 });
      await frame.locator('#evaluations .value').filter({ hasText: /[1-9]/ }).waitFor({ timeout: 20_000 });
      await page.waitForTimeout(1500);
      const evaluations = await frame.locator('#evaluations .value').innerText();
      const rate = await frame.locator('#rate .value').innerText();
      if (!/\d/.test(evaluations) || !/\d/.test(rate)) throw new Error(`no progress figures: ${evaluations}, ${rate}`);
      await screenshot(page, '07-search-progress');
    },
  },
  {
    name: 'the search finishes: results table with rank, top %, params, changes and a DAG per row; the chart',
    async run(page) {
      const frame = webview(page);
      await frame.locator('#status', { hasText: 'done' }).waitFor({ timeout: 30_000 });
      const rows = frame.locator('table.results-table tbody tr');
      await rows.first().waitFor({ timeout: 10_000 });
      const n = await rows.count();
      if (n < 2) throw new Error(`only ${n} result rows`);
      if ((await frame.locator('table.results-table tbody tr svg.dag').count()) < n) throw new Error('a row without its DAG drawing');
      if ((await frame.locator('.chart canvas').count()) < 1) throw new Error('no chart');
      await frame.locator('.results h2').scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await screenshot(page, '08-search-results');
    },
  },
  {
    name: 'clicking Accept in the webview replaces the start cell in the file, in its own notation',
    async run(page) {
      const frame = webview(page);
      const row = frame.locator('table.results-table tbody tr', { has: frame.locator('vscode-button[data-action="accept"]:not([disabled])') }).first();
      state.accepted = opsOf((await row.getAttribute('data-text')).trim());
      await row.locator('vscode-button[data-action="accept"]').click();
      await frame.locator('.notice.info', { hasText: `Replaced '${START_CELL}'` }).waitFor({ timeout: 15_000 });
      // The editor shows the new edges; saving writes them to disk.
      await page.waitForFunction((op) => {
        const el = document.querySelector('.editor-group-container .monaco-editor .view-lines');
        return !!el && el.textContent.replace(/\u00a0/g, ' ').includes(op);
      }, `"2->3": "${state.accepted[5]}"`, { timeout: 10_000 });
      await page.keyboard.press('Control+S');
      await page.waitForTimeout(800);
      const saved = savedEdges(state.workspace);
      if (JSON.stringify(saved) !== JSON.stringify(state.accepted)) throw new Error(`the file holds ${saved.join(',')}, the accepted cell is ${state.accepted.join(',')}`);
      await screenshot(page, '09-accepted');
    },
  },
  {
    name: 'Undo (Ctrl+Z) in the editor restores the start cell',
    async run(page) {
      await page.locator('.editor-group-container .monaco-editor .view-line', { hasText: START_CELL }).first().click();
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+S');
      await page.waitForTimeout(800);
      const saved = savedEdges(state.workspace);
      if (JSON.stringify(saved) !== JSON.stringify(state.original)) throw new Error(`after Undo the file holds ${saved.join(',')}, expected ${state.original.join(',')}`);
      const text = await editorText(page);
      if (!text.includes(`"0->2": "${state.original[1]}"`)) throw new Error(`the editor does not show the original cell:\n${text}`);
      await screenshot(page, '10-undo');
    },
  },
  {
    name: 'the panel keeps its results when hidden and shown again ("NAS Lens: Show search panel")',
    async run(page) {
      // Hide it behind another editor in its group: Quick Open's Ctrl+Enter opens a.nas.json to the side.
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type('a.nas.json', { delay: 20 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'a.nas.json' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() => !document.querySelector('iframe.webview.ready') || document.querySelector('iframe.webview.ready').offsetParent === null, null, { timeout: 10_000 });
      await runCommand(page, 'NAS Lens: Show search panel');
      const frame = webview(page);
      await frame.locator('table.results-table tbody tr').first().waitFor({ timeout: 15_000 });
      await frame.locator('#status', { hasText: 'done' }).waitFor({ timeout: 5000 });
      await screenshot(page, '11-panel-restored');
    },
  },
];
