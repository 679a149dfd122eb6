// The user's results in the editor: a results file (arch strings) joined by canonical hash to cells
// written as edges objects; measured values beside the predictions in CodeLens, inlay hints and hover;
// a line a job appends while the file is open; bad lines as diagnostics at their line (the other
// lines still count); the agreement in the hover, the status bar tooltip and the Results view.
import * as assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { describeDiagnostics, inWorkspace, openFile, waitFor, waitForDiagnostics } from './util';
import { api, hintText, hoverText, inlayHints, positionOf, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';

const FOLDER = 'results-e2e';
const ARCH = {
  alpha: '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2|',
  beta: '|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|skip_connect~2|',
  gamma: '|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|',
};

/** The cells as edges objects ("i->j": op), so that only the canonical hash can join them to the arch strings. */
function edges(arch: string): Record<string, string> {
  const out: Record<string, string> = {};
  arch
    .split('+')
    .map((node) => node.split('|').filter(Boolean))
    .forEach((inputs, j) => {
      for (const input of inputs) {
        const [op, from] = input.split('~');
        out[`${from}->${j + 1}`] = op;
      }
    });
  return out;
}

const CELLS = JSON.stringify({ space: 'nb201', cells: Object.entries(ARCH).map(([name, arch]) => ({ name, edges: edges(arch) })) }, null, 2);

/** A results line; a number also gives a val_acc one lower. */
const run = (arch: string, value: number | string, seed: number, extra = '') =>
  `{"cell": "${arch}", "metrics": {"test_acc": ${value}${typeof value === 'number' ? `, "val_acc": ${(value - 1).toFixed(2)}` : ''}}, "seed": ${seed}${extra}}\n`;

/** Some lens reads "Top x% predicted · measured <measured> · <params> params". */
const measuredLens = (measured: string) => (titles: string[]) =>
  titles.some((t) => new RegExp(`^Top \\d+(\\.\\d+)?% predicted · measured ${measured.replace(/[()+.]/g, '\\$&')} · [\\d.]+[kM] params$`).test(t));

suite('results: measured values, appended lines, problems, agreement, the Results view', () => {
  let cells: vscode.Uri;
  let results: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(30_000);
    await useFixtureModels();
    cells = await writeWorkspaceFile(`${FOLDER}/cells.nas.json`, CELLS);
    // alpha three times (71.05, 71.20, 71.35: mean 71.20, sample std 0.15), beta once.
    results = await writeWorkspaceFile(
      `${FOLDER}/runs.nas-results.jsonl`,
      run(ARCH.alpha, 71.05, 1) + run(ARCH.alpha, 71.2, 2) + run(ARCH.alpha, 71.35, 3) + run(ARCH.beta, 65.5, 1),
    );
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('nasLens.chooseResultsMetric', '');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(inWorkspace(FOLDER).fsPath, { recursive: true, force: true });
    const a = await api();
    await waitFor('the results files to be gone', async () => ((await a.ctx.results.settled())?.files.length ?? 0) === 0, 20_000);
  });

  test('a results file: measured values beside the predictions in CodeLens, inlay hints and hover, joined by hash across notations', async function () {
    this.timeout(40_000);
    await openFile(cells);
    const titles = await waitForLenses(cells, 'alpha and beta measured', (t) => measuredLens('71.20 ±0.15 (3 runs)')(t) && measuredLens('65.50 (1 run)')(t));
    console.log(`      ${titles.filter((t) => t.includes('measured')).join(' | ')}`);
    assert.equal(titles.filter((t) => t.includes('measured')).length, 2, 'gamma is not measured yet');
    assert.ok(
      titles.some((t) => /^Top \d+(\.\d+)?% · #[\d,]+ of 15,625 · [\d.]+[kM] params$/.test(t)),
      'gamma keeps its plain prediction',
    );
    const hints = (await inlayHints(cells)).map(hintText);
    assert.ok(
      hints.some((h) => /^Top \d+(\.\d+)?% predicted · measured 71\.20 ±0\.15 \(3 runs\)$/.test(h)),
      `inlay hints: ${JSON.stringify(hints)}`,
    );
    const hover = await hoverText(cells, await positionOf(cells, '"name": "alpha"', 2));
    assert.match(hover, /\*\*Measured\*\* `test_acc` \*\*71\.20 ±0\.15 \(3 runs\)\*\* \(mean ± sample std\)/);
    assert.match(hover, /runs\.nas-results\.jsonl:1/, 'the hover names where the first run is');
    assert.match(hover, /Agreement of .* with your NB-201 results, `test_acc` .*: not yet meaningful \(n = 2 \\?< 8\)/, hover);
  });

  test('a line appended while the results file is open shows in the lenses', async function () {
    this.timeout(40_000);
    await openFile(results);
    await openFile(cells);
    appendFileSync(results.fsPath, run(ARCH.gamma, 69.1, 1));
    await waitForLenses(cells, 'gamma measured after the append', measuredLens('69.10 (1 run)'));
    const doc = await vscode.workspace.openTextDocument(results);
    await waitFor('the open results document to show the appended line', () => doc.getText().includes(ARCH.gamma));
  });

  test('bad lines become diagnostics at their line of the results file; the other lines still count', async function () {
    this.timeout(40_000);
    const before = (await vscode.workspace.openTextDocument(results)).lineCount - 1;
    appendFileSync(
      results.fsPath,
      '{"cell": "|nor_conv_3x3~0|+|\n' + // malformed JSON
        run('|bogus_op~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|', 70, 1) + // unknown cell
        run(ARCH.alpha, 'NaN', 4) + // NaN metric: not counted
        run(ARCH.beta, 66, 2, ', "space": "nb101"'), // another space
    );
    const d = await waitForDiagnostics(results, 'four problems', (x) => x.filter((y) => y.source === 'NAS Lens results').length >= 4);
    console.log(`      ${describeDiagnostics(d)}`);
    const at = (line: number) => d.filter((x) => x.range.start.line === line && x.source === 'NAS Lens results');
    assert.ok(at(before).length > 0, `malformed line ${before + 1}: ${describeDiagnostics(d)}`);
    assert.ok(
      at(before + 1).some((x) => /bogus_op/.test(x.message)),
      `unknown cell on line ${before + 2}`,
    );
    assert.ok(
      at(before + 2).some((x) => x.code === 'bad-metric' || x.code === 'no-metric'),
      `NaN metric on line ${before + 3}`,
    );
    assert.ok(
      at(before + 3).some((x) => x.code === 'space-mismatch'),
      `another space on line ${before + 4}`,
    );
    // The good lines still count, and the NaN run of alpha is not one of them.
    await waitForLenses(cells, 'alpha still three runs', measuredLens('71.20 ±0.15 (3 runs)'));
  });

  test('the Results view: the measured cells best first with their predictions, the agreement, the status bar; a click opens the cell', async function () {
    this.timeout(60_000);
    const a = await api();
    // Six more measured cells (arch strings only, in no open file): nine in all, enough for an agreement.
    const ops = ['nor_conv_1x1', 'nor_conv_3x3'];
    let more = '';
    for (let k = 0; k < 6; k++) {
      const edge = (i: number) => ops[i === k ? 1 : 0];
      more += run(`|${edge(0)}~0|+|${edge(1)}~0|${edge(2)}~1|+|${edge(3)}~0|${edge(4)}~1|${edge(5)}~2|`, 60 + k, 1);
    }
    appendFileSync(results.fsPath, more);
    await waitFor('nine measured cells', async () => ((await a.ctx.results.settled())?.measuredCells ?? 0) >= 9, 30_000);
    await vscode.commands.executeCommand('nasLens.showResults');
    const panel = await waitFor('the Results view with an agreement', () => {
      const v = a.results.resultsPanel?.current;
      return v?.kind === 'results' && v.spaces[0]?.agreement.kind === 'figures' ? v : undefined;
    });
    const space = panel.spaces[0];
    console.log(`      ${space.spaceLabel}: ${space.measuredCells} cells · ${space.agreement.text}`);
    assert.equal(space.measuredCells, 9);
    assert.equal(space.metric, 'test_acc');
    assert.match(space.agreement.text, /^Kendall τ -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\], Spearman ρ .* on 9 measured cells$/);
    const means = space.cells.map((c) => c.mean);
    assert.deepEqual(
      means,
      [...means].sort((x, y) => y - x),
      'best first',
    );
    assert.deepEqual(
      space.cells.slice(0, 3).map((c) => c.measured),
      ['71.20 ±0.15 (3 runs)', '69.10 (1 run)', '65.50 (1 run)'],
    );
    assert.ok(
      space.cells.every((c) => c.score !== undefined && c.rank !== undefined && c.top !== undefined),
      'every point of the scatter has a prediction',
    );
    assert.ok(panel.problems.errors >= 4 && panel.problems.warnings >= 1, JSON.stringify(panel.problems));

    // The status bar tooltip of a document of the space gives the same agreement.
    await openFile(cells);
    const tip = await waitFor('the agreement in the status bar tooltip', () =>
      a.statusBar.tooltip.includes('Agreement with your results') ? a.statusBar.tooltip : undefined,
    );
    assert.match(tip, /NB-201 \(`test_acc`\): τ -?\d\.\d{3} \[.*\] · ρ .* · 90 % interval · n = 9/);

    // A click on alpha's point opens alpha in cells.nas.json.
    const alpha = space.cells[0];
    await vscode.commands.executeCommand('nasLens.showResults');
    a.results.lastOpened = undefined;
    a.testing.sendFromResultsPanel({ type: 'open-cell', cellId: alpha.id });
    const opened = await waitFor('alpha opened', () => a.results.lastOpened);
    const line = (await positionOf(cells, '"name": "alpha"')).line;
    assert.deepEqual(opened, { kind: 'cell', uri: cells.toString(), line });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), cells.toString());
  });

  test('Choose results metric: val_acc ranks the measured cells, in the lenses and the Results view; the default rule again', async function () {
    this.timeout(40_000);
    const a = await api();
    await openFile(cells);
    await vscode.commands.executeCommand('nasLens.chooseResultsMetric', 'val_acc');
    await waitForLenses(cells, 'alpha measured by val_acc', measuredLens('70.20 ±0.15 (3 runs)'));
    await vscode.commands.executeCommand('nasLens.showResults');
    await waitFor('the Results view ranked by val_acc', () => {
      const v = a.results.resultsPanel?.current;
      return v?.kind === 'results' && v.spaces[0]?.metric === 'val_acc' && v.spaces[0].cells[0]?.measured === '70.20 ±0.15 (3 runs)';
    });
    await vscode.commands.executeCommand('nasLens.chooseResultsMetric', '');
    await waitForLenses(cells, 'alpha measured by test_acc again', measuredLens('71.20 ±0.15 (3 runs)'));
  });
});
