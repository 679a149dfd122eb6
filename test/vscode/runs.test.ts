// Training from the editor with the LOCAL backend and the oracle trainer (scripts/oracle-trainer.mjs)
// looking cells up in a small table this test writes (not benchmark data): Train these cells → the
// Runs view shows each task queued → running → done, the measured values appear in the editor; a
// failing task shows its reason and log tail, and retry trains it; cancel ends a task; a run the CLI
// starts is found and followed. Every wait is on a state: a task that must be seen running waits for
// a release file the test writes only after it saw it running.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NasLensApi } from '../../src/extension/api';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { extension, inWorkspace, openFile, waitFor } from './util';
import { setSetting, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';
import { finished, panelView, resetSearchSettings, useSearchSettings } from './searches';

const FOLDER = 'runs-e2e';
/** NB-201 cells, the fixture table's accuracies (validation, test) and the oracle's mode by name prefix. */
const CELLS = {
  'gate-alpha': { arch: '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2|', acc: [70.25, 71.5] },
  'gate-beta': { arch: '|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|skip_connect~2|', acc: [64.5, 65.75] },
  'flaky-gamma': { arch: '|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|', acc: [60.5, 61.25] },
  'hold-delta': { arch: '|none~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|', acc: [10, 10] },
  'cli-epsilon': { arch: '|skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|', acc: [55.5, 56.5] },
} as const;
type Name = keyof typeof CELLS;

const ops = (arch: string) =>
  arch
    .split(/[|+]/)
    .filter(Boolean)
    .map((x) => x.split('~')[0]);
const cellArg = (name: Name) => ({ name, cell: { space: 'nb201' as const, ops: ops(CELLS[name].arch) } });

suite('runs: Train these cells, the Runs view, cancel, retry, reattach', () => {
  let a: NasLensApi;
  const oracle = mkdtempSync(join(tmpdir(), 'nas-lens-oracle-'));
  const release = join(oracle, 'release');
  let command: string;

  suiteSetup(async function () {
    this.timeout(30_000);
    a = await useFixtureModels();
    writeFileSync(
      join(oracle, 'nb201.csv'),
      ['arch,c10_valid_200,c10_test_200', ...Object.values(CELLS).map((c) => `${c.arch},${c.acc[0]},${c.acc[1]}`)].join('\n') + '\n',
    );
    const trainer = join(extension().extensionPath, 'scripts', 'oracle-trainer.mjs');
    command = `NAS_LENS_DATA='${oracle}' '${process.execPath}' '${trainer}' --arch {arch} --out {out} --seed {seed} --sleep 0 --mode-from-name {name} --gate '${release}' --flaky-dir '${oracle}/flaky'`;
    await setSetting('runs.command', command);
    await setSetting('runs.backend', 'local');
    await setSetting('runs.resultsFile', `${FOLDER}/runs.nas-results.jsonl`);
    mkdirSync(inWorkspace(FOLDER).fsPath, { recursive: true });
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    for (const key of ['runs.command', 'runs.backend', 'runs.resultsFile']) await setSetting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(inWorkspace(FOLDER).fsPath, { recursive: true, force: true });
    rmSync(inWorkspace('.nas-lens').fsPath, { recursive: true, force: true });
    rmSync(oracle, { recursive: true, force: true });
    await waitFor('the results files to be gone', async () => ((await a.ctx.results.settled())?.files.length ?? 0) === 0, 20_000);
  });

  const rowsOf = (runId: string) => a.runs.tree?.rows().find((r) => r.run.label.startsWith(runId));
  const task = (runId: string, name: string) => rowsOf(runId)?.tasks.find((t) => t.label === name);
  const waitForTask = (runId: string, name: string, status: RegExp, timeoutMs = 30_000) =>
    waitFor(`${name} of run ${runId}: ${status}`, () => (status.test(task(runId, name)?.description ?? '') ? task(runId, name) : undefined), timeoutMs);

  test('Train these cells: queued → running → done in the Runs view, and the measured values in the editor', async function () {
    this.timeout(90_000);
    const outcome = (await vscode.commands.executeCommand('nasLens.trainCells', { space: 'nb201', cells: [cellArg('gate-alpha'), cellArg('gate-beta')] })) as {
      runId?: string;
      refused?: string;
    };
    assert.ok(outcome.runId, `a run started (${outcome.refused ?? ''})`);
    const runId = outcome.runId;
    for (const name of ['gate-alpha', 'gate-beta']) await waitForTask(runId, name, /^running · /);
    console.log(
      `      ${rowsOf(runId)?.run.description} | ${rowsOf(runId)
        ?.tasks.map((t) => `${t.label}: ${t.description}`)
        .join(' | ')}`,
    );
    writeFileSync(release, 'go\n');
    const done = await waitForTask(runId, 'gate-alpha', /^done · val_acc 70\.25, test_acc 71\.5 · /);
    await waitForTask(runId, 'gate-beta', /^done · val_acc 64\.5, test_acc 65\.75 · /);
    assert.equal(done.icon, 'pass');
    assert.match(rowsOf(runId)?.run.description ?? '', /2 cells · local · 2 done/);
    for (const t of [0, 1]) {
      const history = a.runs.follower?.history(runId, t) ?? [];
      assert.deepEqual(
        history.filter((s) => ['queued', 'running', 'done'].includes(s)),
        ['queued', 'running', 'done'],
        `task ${t} went ${history.join(' → ')}`,
      );
    }
    const cells = await writeWorkspaceFile(
      `${FOLDER}/cells.nas.json`,
      JSON.stringify({ space: 'nb201', cells: (['gate-alpha', 'gate-beta'] as const).map((n) => ({ name: n, arch: CELLS[n].arch })) }),
    );
    await openFile(cells);
    const titles = await waitForLenses(
      cells,
      'the measured values of both cells',
      (t) => t.some((x) => x.includes('measured 71.50 (1 run)')) && t.some((x) => x.includes('measured 65.75 (1 run)')),
    );
    console.log(`      ${titles.filter((t) => t.includes('measured')).join(' | ')}`);
  });

  test('a failing task shows its reason and log tail; Retry failed trains it again', async function () {
    this.timeout(60_000);
    const { runId } = (await vscode.commands.executeCommand('nasLens.trainCells', { space: 'nb201', cells: [cellArg('flaky-gamma')] })) as { runId: string };
    const failed = await waitForTask(runId, 'flaky-gamma', /^failed \(exit-code\)/);
    assert.equal(failed.contextValue, 'task-failed');
    assert.match(failed.tooltip, /flaky, failing this first time/, 'the log tail is in the tooltip');
    assert.match(rowsOf(runId)?.run.contextValue ?? '', /-failed/);
    const count = await vscode.commands.executeCommand('nasLens.retryFailed', { runId });
    assert.equal(count, 1);
    await waitForTask(runId, 'flaky-gamma', /^done · val_acc 60\.5, test_acc 61\.25 · /);
    assert.deepEqual(
      (a.runs.follower?.history(runId, 0) ?? []).filter((s) => s === 'failed' || s === 'pending' || s === 'done'),
      ['pending', 'failed', 'pending', 'done'],
    );
  });

  test('Cancel ends a running task; it never becomes a result', async function () {
    this.timeout(60_000);
    const { runId } = (await vscode.commands.executeCommand('nasLens.trainCells', { space: 'nb201', cells: [cellArg('hold-delta')] })) as { runId: string };
    await waitForTask(runId, 'hold-delta', /^running · /);
    await vscode.commands.executeCommand('nasLens.cancelRun', { runId });
    const cancelled = await waitForTask(runId, 'hold-delta', /^cancelled/);
    assert.equal(cancelled.icon, 'circle-slash');
    const results = await vscode.workspace.fs.readFile(inWorkspace(FOLDER, 'runs.nas-results.jsonl'));
    assert.ok(!Buffer.from(results).toString('utf8').includes(CELLS['hold-delta'].arch), 'no line of the cancelled cell');
  });

  test('a run the CLI started (detached) is found by the Runs view and followed to its end', async function () {
    this.timeout(60_000);
    const cli = join(extension().extensionPath, 'dist', 'cli.js');
    const cellsFile = join(oracle, 'cli.nas.json');
    writeFileSync(cellsFile, JSON.stringify({ space: 'nb201', cells: [{ name: 'cli-epsilon', arch: CELLS['cli-epsilon'].arch }] }));
    const out = execFileSync(
      process.execPath,
      [
        cli,
        'train-cells',
        cellsFile,
        '--detach',
        '--json',
        '--backend',
        'local',
        '--command',
        command,
        '--results',
        `${FOLDER}/runs.nas-results.jsonl`,
        '--workspace',
        inWorkspace().fsPath,
      ],
      { encoding: 'utf8' },
    );
    const runId = (JSON.parse(out) as { run: string }).run;
    await waitForTask(runId, 'cli-epsilon', /^done · val_acc 55\.5, test_acc 56\.5 · /);
  });

  test("the search panel's Train button starts a run of that result's cell", async function () {
    this.timeout(90_000);
    await useSearchSettings(200);
    try {
      const session = await finished(await a.searches.searchSpace('nb201'));
      const view = await panelView(session.id);
      const result = view.results[0];
      const before = new Set(a.runs.follower?.snapshots().map((r) => r.id));
      a.testing.sendFromSearchPanel({ type: 'result', action: 'train', searchId: session.id, resultId: result.id });
      const run = await waitFor('a new run', () => a.runs.follower?.snapshots().find((r) => !before.has(r.id)));
      assert.equal(run.request.source, 'search panel');
      assert.equal(run.request.cells.length, 1);
      assert.equal(run.request.cells[0].name, `search-${result.rank}`);
      // Not in the fixture table: the oracle fails it, and it never becomes a result.
      await waitForTask(run.id, `search-${result.rank}`, /^failed \(exit-code\)/);
    } finally {
      await resetSearchSettings();
    }
  });
});
