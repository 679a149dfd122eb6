/* global document */
// The user's results in the UI test, as a person sees them: a training job's results file appears in
// the workspace → the CodeLens of a measured cell shows the measurement beside the prediction →
// "NAS Lens: Show results" opens the Results view with its scatter, agreement and table → a click on a
// point puts the cursor on the cell in its file. Screenshots at every step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseColorTheme } from './ui-nas.mjs';
import { quickOpen, runCommand, screenshot } from './ui.mjs';

const EXAMPLE = 'cells.nas.json';
const MEASURED = 'all-conv3x3';
const MEASURED_ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const LENS = /Top [<\d.]+% predicted · measured 94\.10 ±0\.20 \(3 runs\) · [\d.]+[kM] params/;

/** all-conv3x3 three times (94.1 ± 0.2) and nine other NB-201 cells once: ten measured cells, enough for an agreement. */
function resultsLines() {
  const lines = [93.9, 94.1, 94.3].map((v, seed) => ({ cell: MEASURED_ARCH, metrics: { test_acc: v, val_acc: v - 0.4 }, seed, source: 'ui-test' }));
  const ops = ['nor_conv_1x1', 'nor_conv_3x3', 'skip_connect', 'avg_pool_3x3'];
  for (let k = 0; k < 9; k++) {
    const op = (edge) => ops[(k + edge * (1 + (k % 3))) % ops.length];
    const arch = `|${op(0)}~0|+|${op(1)}~0|${op(2)}~1|+|${op(3)}~0|${op(4)}~1|${op(5)}~2|`;
    lines.push({ cell: arch, metrics: { test_acc: 85 + k, val_acc: 84.5 + k }, seed: 0, source: 'ui-test' });
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Back to the dark theme when an earlier step left high contrast on (the pictures are for the README). */
async function darkTheme(page) {
  if (!(await page.locator('.monaco-workbench.hc-black, .monaco-workbench.hc-light').count())) return;
  await chooseColorTheme(page, 'Dark Modern');
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 15_000 });
}

const state = { workspace: undefined };

export const RESULTS_STEPS = [
  {
    name: 'a results file appears: the CodeLens of a measured cell shows the measurement beside the prediction',
    async run(page) {
      state.workspace = await page.evaluate(() => new URL(document.location.href).searchParams.get('folder'));
      await darkTheme(page);
      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, EXAMPLE);
      writeFileSync(join(state.workspace, 'my-runs.nas-results.jsonl'), resultsLines());
      const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: LENS }).first();
      await lens.waitFor({ timeout: 30_000 });
      console.log(`    (${(await lens.innerText()).split('|')[0].trim()})`);
      await page.waitForTimeout(500);
      await screenshot(page, '15-measured-codelens');
    },
  },
  {
    name: '"NAS Lens: Show results": the measured cells in a scatter against their predictions, the agreement and the table; a click on a point goes to the cell',
    async run(page) {
      await runCommand(page, 'NAS Lens: Show results');
      const frame = webviewFrame(page);
      const points = frame.locator('svg.scatter .point');
      await points.nth(9).waitFor({ timeout: 30_000 });
      const n = await points.count();
      if (n !== 10) throw new Error(`${n} points in the scatter, expected 10`);
      const agreement = await frame.locator('.agreement').first().innerText();
      if (!/Kendall τ -?\d\.\d{3} \[.*\], Spearman ρ .* on 10 measured cells/.test(agreement)) throw new Error(`agreement: ${agreement}`);
      const first = await frame.locator('table.measured-table tbody tr').first().innerText();
      if (!first.includes(MEASURED) || !first.includes('94.10 ±0.20 (3 runs)')) throw new Error(`first row: ${first}`);
      if ((await frame.locator('svg.scatter .tick.x').count()) < 2 || (await frame.locator('svg.scatter .tick.y').count()) < 2)
        throw new Error('the scatter lacks its axes');
      console.log(`    (${agreement.replace(/\s+/g, ' ').trim()})`);
      await page.waitForTimeout(500);
      await screenshot(page, '16-results-view');
      // The best measured cell's point: the cursor goes to its name in the example.
      const line =
        readFileSync(join(state.workspace, 'examples', EXAMPLE), 'utf8')
          .split('\n')
          .findIndex((l) => l.includes(`"${MEASURED}"`)) + 1;
      await frame
        .locator(`svg.scatter .point[data-cell="${await frame.locator('table.measured-table tbody tr a').first().getAttribute('data-cell')}"] circle`)
        .click();
      await page
        .locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+ \\(\\d+ selected\\)`) })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await screenshot(page, '17-results-jump');
    },
  },
  {
    name: 'the Results view toolbar starts the loop\'s steps: "Run loop…" asks its first question (Escape backs out, nothing starts)',
    async run(page) {
      // Run loop asks its questions once a training command is set (the Runs step writes its own later).
      const workspace = await page.evaluate(() => new URL(document.location.href).searchParams.get('folder'));
      writeFileSync(join(workspace, 'nas-lens.runs.json'), JSON.stringify({ backend: 'local', command: 'true' }));
      await runCommand(page, 'NAS Lens: Show results');
      const frame = webviewFrame(page);
      for (const action of ['fit', 'suggest', 'run-loop']) await frame.locator(`[data-action="${action}"]`).waitFor({ timeout: 30_000 });
      await frame.locator('[data-action="run-loop"]').click();
      await page.locator('.quick-input-widget', { hasText: 'NAS Lens loop: which space?' }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    },
  },
];
