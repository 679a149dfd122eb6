// Restricted mode and the user's results: a results glob outside the workspace folders is not read
// (NAS Lens reads data inside the folders only until the workspace is trusted); one inside is.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from './mocha-api';
import { inWorkspace, waitFor } from './util';
import { api } from './nas';

const LINE =
  '{"cell": "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", "metrics": {"test_acc": 70.1}, "seed": 1}\n';

suite('untrusted workspace: results files', () => {
  const outside = mkdtempSync(join(tmpdir(), 'nas-lens-outside-'));

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('nasLens').update('results.files', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(outside, { recursive: true, force: true });
    rmSync(inWorkspace('untrusted-results').fsPath, { recursive: true, force: true });
  });

  test('a results glob outside the workspace folders is not read; one inside is', async function () {
    this.timeout(60_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await api();
    writeFileSync(join(outside, 'far.nas-results.jsonl'), LINE);
    mkdirSync(inWorkspace('untrusted-results').fsPath, { recursive: true });
    const inside = inWorkspace('untrusted-results', 'near.nas-results.jsonl').fsPath;
    writeFileSync(inside, LINE);
    await vscode.workspace
      .getConfiguration('nasLens')
      .update('results.files', [`${outside}/*.nas-results.jsonl`, 'untrusted-results/*.nas-results.jsonl'], vscode.ConfigurationTarget.Workspace);
    const summary = await waitFor('the inside file read', async () => {
      const s = await a.ctx.results.settled();
      return s && s.files.some((f) => f.file === inside) ? s : undefined;
    });
    assert.deepEqual(
      summary.files.map((f) => f.file),
      [inside],
      'only the file inside the workspace folder',
    );
    assert.deepEqual(a.ctx.results.found, [inside]);
  });
});
