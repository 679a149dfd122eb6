// Restricted mode and training: Train these cells and Run loop start nothing and say why; no run
// folder is made.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { suite, test } from './mocha-api';
import { inWorkspace } from './util';
import { api } from './nas';

/** The reason (UNTRUSTED_RUNS_MESSAGE of src/extension/runs/run-settings.ts, not imported: the test bundle would pull jsonc-parser's UMD build). */
const REASON = /^NAS Lens trains nothing in an untrusted workspace: a run executes the training command .* Trust the workspace to train\.$/;

suite('untrusted workspace: runs', () => {
  test('Train these cells and Run loop are refused with the reason; nothing is written', async function () {
    this.timeout(30_000);
    assert.equal(vscode.workspace.isTrusted, false);
    await api();
    const cell = { space: 'nb201', ops: ['nor_conv_3x3', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'nor_conv_3x3'] };
    const train = (await vscode.commands.executeCommand('nasLens.trainCells', { space: 'nb201', cells: [{ name: 'a', cell }] })) as {
      refused?: string;
      runId?: string;
    };
    assert.equal(train.runId, undefined);
    assert.match(train.refused ?? '', REASON);
    const loop = (await vscode.commands.executeCommand('nasLens.runLoop', {
      space: 'nb201',
      rounds: 1,
      batch: 2,
      seeds: 1,
      acquisition: 'ucb',
      backend: 'local',
    })) as {
      refused?: string;
    };
    assert.match(loop.refused ?? '', REASON);
    assert.ok(!existsSync(inWorkspace('.nas-lens', 'runs').fsPath), 'no run folder');
    assert.ok(!existsSync(inWorkspace('.nas-lens', 'loops').fsPath), 'no loop folder');
  });
});
