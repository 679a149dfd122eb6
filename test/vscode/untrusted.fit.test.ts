// Restricted mode: "Fit the surrogate to my results" refuses with the reason, and a fitted model in
// the workspace's .nas-lens/models/ is not used (its files are the workspace's, like a custom model folder).
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FitCommandOutcome } from '../../src/extension/commands/fit-surrogate';
import { suite, suiteTeardown, test } from './mocha-api';
import { api, FIXTURE_MODELS } from './nas';
import { inWorkspace, workspaceRoot } from './util';

suite('untrusted workspace: fitting', () => {
  const fitted = join(workspaceRoot().fsPath, '.nas-lens', 'models', 'nb201-planted');

  suiteTeardown(() => rmSync(join(workspaceRoot().fsPath, '.nas-lens'), { recursive: true, force: true }));

  test('Fit refuses with the reason; a fitted model in .nas-lens/models is ignored', async function () {
    this.timeout(60_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await api();
    const outcome = await vscode.commands.executeCommand<FitCommandOutcome>('nasLens.fitSurrogate');
    assert.equal(outcome.kind, 'refused');
    assert.match(outcome.message, /fitting is off in an untrusted workspace/);
    // A fitted model a trusted window would use: copies of a fixture model with a fitted card saying 'used'.
    mkdirSync(fitted, { recursive: true });
    cpSync(inWorkspace(FIXTURE_MODELS, 'nb201-cifar10').fsPath, fitted, { recursive: true });
    const card = JSON.parse(readFileSync(join(fitted, 'card.json'), 'utf8'));
    writeFileSync(
      join(fitted, 'card.json'),
      JSON.stringify({ ...card, kind: 'fitted', space: 'nb201', decision: { used: true, message: 'planted' }, created: new Date().toISOString() }),
    );
    a.ctx.models.reset();
    assert.notEqual(a.ctx.models.locate('nb201', 'cifar10')?.source, 'fitted');
  });
});
