// Run loop from the editor: rounds of fit → suggest → train in the loop thread with the LOCAL
// backend and the oracle trainer on a synthetic table of every NB-201 cell this test writes (a made-up
// accuracy, not benchmark data); the loop's runs appear in the Runs view; cancelling a loop stops it
// for good and cancels its current round's jobs.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NasLensApi } from '../../src/extension/api';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { extension, inWorkspace, waitFor } from './util';
import { api, setSetting } from './nas';

const FOLDER = 'loop-e2e';
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const WORTH: Record<string, number> = { none: 0, skip_connect: 1, nor_conv_1x1: 2, nor_conv_3x3: 3, avg_pool_3x3: 0.5 };

/** Every NB-201 cell with a made-up validation and test accuracy. */
function syntheticTable(): string {
  const rows = ['arch,c10_valid_200,c10_test_200'];
  for (let code = 0; code < OPS.length ** 6; code++) {
    const ops = Array.from({ length: 6 }, (_, i) => OPS[Math.floor(code / OPS.length ** i) % OPS.length]);
    const arch = `|${ops[0]}~0|+|${ops[1]}~0|${ops[2]}~1|+|${ops[3]}~0|${ops[4]}~1|${ops[5]}~2|`;
    const score = 50 + ops.reduce((s, o) => s + WORTH[o], 0) * 2;
    rows.push(`${arch},${(score - 0.5).toFixed(2)},${score.toFixed(2)}`);
  }
  return rows.join('\n') + '\n';
}

suite('loop: Run loop in the loop thread, its runs in the Runs view, cancel', () => {
  let a: NasLensApi;
  const oracle = mkdtempSync(join(tmpdir(), 'nas-lens-loop-oracle-'));
  let trainer: string;

  suiteSetup(async function () {
    this.timeout(30_000);
    a = await api();
    writeFileSync(join(oracle, 'nb201.csv'), syntheticTable());
    trainer = `NAS_LENS_DATA='${oracle}' '${process.execPath}' '${join(extension().extensionPath, 'scripts', 'oracle-trainer.mjs')}' --arch {arch} --out {out} --sleep 0`;
    await setSetting('runs.backend', 'local');
    await setSetting('runs.resultsFile', `${FOLDER}/loop.nas-results.jsonl`);
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    for (const key of ['runs.command', 'runs.backend', 'runs.resultsFile']) await setSetting(key, undefined);
    rmSync(inWorkspace(FOLDER).fsPath, { recursive: true, force: true });
    rmSync(inWorkspace('.nas-lens').fsPath, { recursive: true, force: true });
    rmSync(oracle, { recursive: true, force: true });
    await waitFor('the results files to be gone', async () => ((await a.ctx.results.settled())?.files.length ?? 0) === 0, 20_000);
  });

  const loopRuns = (loopId: string) => (a.runs.follower?.snapshots() ?? []).filter((r) => r.request.cells.some((c) => c.name.startsWith(`${loopId}-r`)));

  test('two rounds (random cells, then a fit in the loop thread and its suggestions) train and land in the results file', async function () {
    this.timeout(240_000);
    await setSetting('runs.command', trainer);
    const { loopId } = (await vscode.commands.executeCommand('nasLens.runLoop', {
      space: 'nb201',
      rounds: 2,
      batch: 3,
      seeds: 1,
      acquisition: 'ucb',
      backend: 'local',
      searchBudget: 200,
    })) as { loopId: string };
    assert.ok(loopId);
    const state = await a.loops.ended(loopId);
    assert.equal(state?.status, 'done', JSON.stringify(state));
    assert.deepEqual(
      state?.rounds.map((r) => [r.kind, r.cells.length]),
      [
        ['initial', 3],
        ['suggest', 3],
      ],
    );
    const lines = readFileSync(inWorkspace(FOLDER, 'loop.nas-results.jsonl').fsPath, 'utf8').trim().split('\n');
    assert.equal(lines.length, 6, 'every cell of both rounds measured once');
    const best = Math.max(...lines.map((l) => (JSON.parse(l) as { metrics: { test_acc: number } }).metrics.test_acc));
    const progress = a.loops.progress.get(loopId);
    assert.deepEqual(progress, { roundsStarted: 2, rounds: 2, measured: 6, metric: 'test_acc', best }, 'what the notification shows last');
    const runs = await waitFor('both rounds in the Runs view, done', () => {
      const r = loopRuns(loopId);
      return r.length === 2 && r.every((x) => x.status === 'done') ? r : undefined;
    });
    console.log(`      ${runs.map((r) => `${r.id}: ${r.tasks.map((t) => `${t.name} ${t.status}`).join(', ')}`).join(' | ')}`);
  });

  test('cancelling a loop stops it for good and cancels the jobs of its current round', async function () {
    this.timeout(120_000);
    await setSetting('runs.command', `${trainer} --mode hold`);
    const { loopId } = (await vscode.commands.executeCommand('nasLens.runLoop', {
      space: 'nb201',
      rounds: 3,
      batch: 2,
      seeds: 1,
      acquisition: 'greedy',
      backend: 'local',
      seed: 1,
    })) as { loopId: string };
    await waitFor('the first round running', () => loopRuns(loopId).some((r) => r.tasks.length === 2 && r.tasks.every((t) => t.status === 'running')), 60_000);
    await a.loops.cancel(loopId);
    const state = JSON.parse(readFileSync(inWorkspace('.nas-lens', 'loops', loopId, 'state.json').fsPath, 'utf8')) as { status: string; reason?: string };
    assert.deepEqual([state.status, state.reason], ['stopped', 'cancelled in the editor']);
    await waitFor('the round cancelled', () => loopRuns(loopId).every((r) => r.status === 'cancelled'), 30_000);
  });

  test('a loop whose window closed mid-round is resumed by the next one and finishes', async function () {
    this.timeout(240_000);
    const release = join(oracle, 'release');
    await setSetting('runs.command', `${trainer} --mode gate --gate '${release}'`);
    const { loopId } = (await vscode.commands.executeCommand('nasLens.runLoop', {
      space: 'nb201',
      rounds: 2,
      batch: 2,
      seeds: 1,
      acquisition: 'ei',
      backend: 'local',
      seed: 2,
      searchBudget: 200,
    })) as { loopId: string };
    await waitFor('the first round running', () => loopRuns(loopId).some((r) => r.tasks.length === 2 && r.tasks.every((t) => t.status === 'running')), 60_000);
    await a.loops.suspend();
    const suspended = JSON.parse(readFileSync(inWorkspace('.nas-lens', 'loops', loopId, 'state.json').fsPath, 'utf8')) as { status: string; rounds: unknown[] };
    assert.deepEqual([suspended.status, suspended.rounds.length], ['running', 1]);
    writeFileSync(release, 'go\n');
    a.loops.resumeAll();
    const state = await a.loops.ended(loopId);
    assert.equal(state?.status, 'done', JSON.stringify(state));
    assert.equal(state?.rounds.length, 2);
  });
});
