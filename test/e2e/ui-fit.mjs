/* global document */
// Fit and Suggest in the UI test, as a person runs them: a results file with 30 measured NB-201 cells
// → "NAS Lens: Fit the surrogate to my results" from the palette → the notification says whether the
// fitted model is used, with both cross-validated figures (used: the status bar names it) → "NAS Lens:
// Suggest cells to train next" (5 cells, ucb) inserts suggested_1… in the example file → one Ctrl+Z
// removes them all. Each step sets up what it needs (--grep may run it alone).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickOpen, runCommand, screenshot } from './ui.mjs';

const EXAMPLE = 'cells.nas.json';
const FIT_MESSAGE = /NAS Lens: (the fitted model \S+ now ranks NB-201 cells|the fitted model is not used)/;

/**
 * 40 runs of NB-201 cells made here (ops from a fixed rule, not benchmark data) under a "short recipe"
 * where small cells win: the bundled CIFAR-10 model ranks them backwards (τ −0.44), the fit learns it.
 */
function fitResultsLines() {
  const ops = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
  const lines = [];
  for (let k = 0; k < 40; k++) {
    const n = (k * 7919 + 123) % 15625;
    const edges = [0, 1, 2, 3, 4, 5].map((i) => ops[Math.floor(n / 5 ** i) % 5]);
    if (edges[3] === 'none') edges[3] = 'skip_connect';
    const arch = `|${edges[0]}~0|+|${edges[1]}~0|${edges[2]}~1|+|${edges[3]}~0|${edges[4]}~1|${edges[5]}~2|`;
    const count = (op) => edges.filter((e) => e === op).length;
    const acc = 70 - 2 * count('nor_conv_3x3') - count('nor_conv_1x1') + count('skip_connect');
    lines.push(JSON.stringify({ cell: arch, metrics: { test_acc: acc }, seed: k, source: 'ui-fit' }));
  }
  return `${lines.join('\n')}\n`;
}

/** The text of the first notification matching `pattern` (toasts and the notification center). */
async function notification(page, pattern, timeout) {
  const toast = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: pattern }).first();
  await toast.waitFor({ timeout });
  return (await toast.innerText()).replace(/\s+/g, ' ').trim();
}

async function editorText(page) {
  return page.evaluate(() => document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.textContent ?? '');
}

export const FIT_STEPS = [
  {
    name: '"NAS Lens: Fit the surrogate to my results": progress, then used (the status bar names the fitted model) or not used, with both CV figures',
    async run(page) {
      const workspace = await page.evaluate(() => new URL(document.location.href).searchParams.get('folder'));
      writeFileSync(join(workspace, 'fit-runs.nas-results.jsonl'), fitResultsLines());
      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, EXAMPLE);
      await runCommand(page, 'NAS Lens: Fit the surrogate to my results');
      // Ends when the fit's outcome is told (the notification); the guard is far above a fit of 30+ cells.
      const text = await notification(page, FIT_MESSAGE, 600_000);
      if (!/Kendall τ on your cells:? -?\d\.\d{3}( \(fitted\))? vs -?\d\.\d{3}/.test(text)) throw new Error(`fit message without both CV figures: ${text}`);
      const used = /now ranks/.test(text);
      if (used)
        await page
          .locator('.statusbar-item', { hasText: /NAS Lens: nb201-test_acc/ })
          .first()
          .waitFor({ timeout: 30_000 });
      console.log(`    (${text.slice(0, 200)})`);
      await page.waitForTimeout(500);
      await screenshot(page, '30-fit-done');
    },
  },
  {
    name: '"NAS Lens: Suggest cells to train next": 5 cells by ucb inserted in the file as one edit; one Ctrl+Z removes them',
    async run(page) {
      const workspace = await page.evaluate(() => new URL(document.location.href).searchParams.get('folder'));
      writeFileSync(join(workspace, 'fit-runs.nas-results.jsonl'), fitResultsLines());
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, EXAMPLE);
      await runCommand(page, 'NAS Lens: Suggest cells to train next');
      // How many: the input box, prefilled with nasLens.suggest.count.
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill('5');
      await page.keyboard.press('Enter');
      // Which acquisition: ucb is the first row.
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'ucb' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const text = await notification(page, /NAS Lens: inserted 5 cells to train next/, 600_000);
      await page.waitForFunction(
        () => (document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.textContent ?? '').includes('suggested_'),
        null,
        {
          timeout: 15_000,
        },
      );
      console.log(`    (${text.slice(0, 160)})`);
      await page.waitForTimeout(500);
      await screenshot(page, '31-suggest-inserted');
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
      await page.keyboard.press('Control+Z');
      // Back to the text as saved: the tab is no longer dirty, and no suggested cell is in view.
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
      const after = await editorText(page);
      if (after.includes('suggested_')) throw new Error('a suggested cell is still in the file after one Undo');
    },
  },
];
