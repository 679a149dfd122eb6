// Training in the UI test, as a person does it: a runs configuration in the workspace
// (nas-lens.runs.json: the oracle trainer on a table this step writes, not benchmark data), two cells
// selected in a file → "NAS Lens: Train these cells" from the palette → the Runs view shows both
// running (the trainer waits for a release file this step writes only once it saw them running), then
// done with their metric; the file's CodeLens shows the measurements. Screenshots for the README.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './lib.mjs';
import { quickOpen, runCommand, screenshot } from './ui.mjs';

const FILE = 'train-me.nas.json';
const CELLS = {
  'conv-heavy': { arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|', acc: [91.25, 93.75] },
  'pool-light': { arch: '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|', acc: [84.5, 86.25] },
};

const state = { workspace: undefined, release: undefined };

function runsView(page) {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /NAS Lens Runs/i }) });
}

async function taskRows(page, pattern) {
  const rows = runsView(page).locator('.monaco-list-row', { hasText: pattern });
  return rows.count();
}

async function waitForRows(page, pattern, count, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await taskRows(page, pattern)) < count) {
    if (Date.now() > deadline) throw new Error(`the Runs view shows fewer than ${count} rows matching ${pattern}`);
    await page.waitForTimeout(200);
  }
}

export const RUNS_STEPS = [
  {
    name: '"NAS Lens: Train these cells" on two selected cells: the Runs view shows them running',
    async run(page) {
      state.workspace = await page.evaluate(() => new URL(globalThis.document.location.href).searchParams.get('folder'));
      const oracle = mkdtempSync(join(tmpdir(), 'nas-lens-ui-oracle-'));
      state.release = join(oracle, 'release');
      writeFileSync(
        join(oracle, 'nb201.csv'),
        ['arch,c10_valid_200,c10_test_200', ...Object.values(CELLS).map((c) => `${c.arch},${c.acc[0]},${c.acc[1]}`), ''].join('\n'),
      );
      const trainer = join(REPO, 'scripts', 'oracle-trainer.mjs');
      writeFileSync(
        join(state.workspace, 'nas-lens.runs.json'),
        JSON.stringify(
          {
            backend: 'local',
            command: `NAS_LENS_DATA='${oracle}' '${process.execPath}' '${trainer}' --arch {arch} --out {out} --seed {seed} --sleep 0 --mode gate --gate '${state.release}'`,
            results: 'trained.nas-results.jsonl',
          },
          null,
          2,
        ),
      );
      mkdirSync(state.workspace, { recursive: true });
      writeFileSync(
        join(state.workspace, FILE),
        `${JSON.stringify({ space: 'nb201', cells: Object.entries(CELLS).map(([name, c]) => ({ name, arch: c.arch })) }, null, 2)}\n`,
      );
      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, FILE);
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
      await page.keyboard.press('ControlOrMeta+A');
      await runCommand(page, 'NAS Lens: Train these cells');
      await waitForRows(page, /running/, 2);
      // Room for the view in the picture: the file tree folded, the side bar wider.
      await page
        .locator('.pane-header', { hasText: /^workspace/i })
        .first()
        .click();
      const bar = await page.locator('.part.sidebar').boundingBox();
      if (bar) {
        await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
        await page.mouse.down();
        await page.mouse.move(bar.x + bar.width + 260, bar.y + bar.height / 2, { steps: 8 });
        await page.mouse.up();
      }
      await page.waitForTimeout(300);
      await screenshot(page, '18-runs-running');
    },
  },
  {
    name: 'the runs end: both tasks done with their metric in the Runs view, the measurements in the CodeLens',
    async run(page) {
      writeFileSync(state.release, 'go\n');
      await waitForRows(page, /done · val_acc \d+\.\d+, test_acc \d+\.\d+/, 2);
      // The cursor to the top of the file: the CodeLens above the first cell is in view (only visible lines are drawn).
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
      await page.keyboard.press('ControlOrMeta+Home');
      const lens = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: /measured 93\.75 \(1 run\)/ }).first();
      await lens.waitFor({ timeout: 30_000 });
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
      await screenshot(page, '19-runs-done');
    },
  },
];
