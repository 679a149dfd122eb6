// Step 2: quick fixes and cell edits: one undoable WorkspaceEdit, in the cell's own notation, only
// when the document is still at the version the edit was computed for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditOutcome } from '../../src/extension/edits/cell-edits';
import { suite, suiteSetup, test } from './mocha-api';
import { openFile, waitFor, waitForDiagnostics } from './util';
import { api, example, lensTitles, nasDiagnostics, positionOf, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';

const ALL_CONV = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const RESNET = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|';

async function codeActions(uri: vscode.Uri, at: vscode.Position): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at))) ?? [];
}

async function undo(uri: vscode.Uri): Promise<void> {
  await openFile(uri);
  await vscode.commands.executeCommand('undo');
}

suite('quick fixes and cell edits', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    await useFixtureModels();
  });

  test('"Apply best single change (+N percentile points)" changes one op, improves the rank, and Undo restores the cell', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile('improve.nas.json', `{\n  "space": "nb201",\n  "cells": [\n    { "name": "resnet", "arch": "${RESNET}" }\n  ]\n}\n`);
    const editor = await openFile(uri);
    const before = editor.document.getText();
    const lensBefore = await waitForLenses(uri, 'a ranked lens', (t) => t.some((x) => x.startsWith('Top ')));
    const fix = await waitFor('the best-change quick fix', async () =>
      (await codeActions(uri, await positionOf(uri, 'none~0'))).find((a) => a.title.startsWith('Apply best single change (+')),
    );
    console.log(`      ${fix.title}`);
    assert.match(fix.title, /^Apply best single change \(\+\d+\.\d percentile points\): edge \d→\d: \w+ → \w+$/);
    const outcome = await vscode.commands.executeCommand<EditOutcome>(fix.command!.command, ...(fix.command!.arguments ?? []));
    assert.equal(outcome.kind, 'applied');
    const after = editor.document.getText();
    assert.notEqual(after, before);
    const changed = after
      .match(/"arch": "([^"]+)"/)![1]
      .split('|')
      .filter((p) => p.includes('~'));
    const original = RESNET.split('|').filter((p) => p.includes('~'));
    assert.equal(changed.filter((op, i) => op !== original[i]).length, 1, 'exactly one op changed');
    assert.equal(after.replace(/"arch": "[^"]+"/, ''), before.replace(/"arch": "[^"]+"/, ''), 'only the arch string changed: layout, name and spacing kept');
    const lensAfter = await waitForLenses(uri, 'the lens of the changed cell', (t) => t.some((x) => x.startsWith('Top ')) && t.join() !== lensBefore.join());
    const top = (ts: string[]) => Number(/Top <?([\d.]+)%/.exec(ts.find((x) => x.startsWith('Top '))!)![1]);
    assert.ok(top(lensAfter) < top(lensBefore), `better: ${lensBefore[0]} → ${lensAfter[0]}`);
    await undo(uri);
    await waitFor('undo to restore the text', () => editor.document.getText() === before, 5000);
  });

  test('"Repair cell" fixes an unknown op to the closest known one; the diagnostics clear; Undo brings them back', async function () {
    this.timeout(30_000);
    const bad = ALL_CONV.replace('nor_conv_3x3~1|+', 'nor_conv3x3~1|+');
    const uri = await writeWorkspaceFile('repair.py', `# a typo in an arch string\nbest = '${bad}'\n`);
    const editor = await openFile(uri);
    await waitForDiagnostics(uri, 'the unknown-op diagnostic', (d) => d.some((x) => x.code === 'unknown-op'));
    const fix = await waitFor('the repair quick fix', async () =>
      (await codeActions(uri, await positionOf(uri, 'nor_conv3x3'))).find((a) => a.title.startsWith('Repair cell')),
    );
    assert.equal(fix.title, 'Repair cell: edge 1→2: nor_conv3x3 → nor_conv_3x3');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind?.value, 'quickfix');
    const outcome = await vscode.commands.executeCommand<EditOutcome>(fix.command!.command, ...(fix.command!.arguments ?? []));
    assert.equal(outcome.kind, 'applied');
    assert.equal(editor.document.getText(), `# a typo in an arch string\nbest = '${ALL_CONV}'\n`, 'the quotes and the assignment are kept');
    await waitFor('the diagnostics to clear', () => nasDiagnostics(uri).length === 0, 5000);
    await undo(uri);
    await waitForDiagnostics(uri, 'the diagnostic back after Undo', (d) => d.some((x) => x.code === 'unknown-op'));
  });

  test('DARTS and NB-101 repairs: a bad input index and a backward edge', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile(
      'repair-structure.nas.json',
      `{
  "cells": [
    { "name": "d", "space": "darts",
      "normal": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 1], ["skip_connect", 0], ["skip_connect", 0], ["dil_conv_3x3", 7]],
      "reduce": [["max_pool_3x3", 0], ["max_pool_3x3", 1], ["skip_connect", 2], ["max_pool_3x3", 1], ["max_pool_3x3", 0], ["skip_connect", 2], ["skip_connect", 2], ["max_pool_3x3", 1]] },
    { "name": "n", "space": "nb101", "matrix": [[0, 1, 0], [0, 0, 0], [0, 1, 0]], "ops": ["input", "conv3x3-bn-relu", "output"] }
  ]
}
`,
    );
    await openFile(uri);
    await waitForDiagnostics(uri, 'two invalid cells', (d) => d.filter((x) => x.source === 'NAS Lens').length >= 2);
    const darts = (await codeActions(uri, await positionOf(uri, '"dil_conv_3x3", 7'))).find((a) => a.title.startsWith('Repair cell'));
    assert.equal(darts?.title, 'Repair cell: normal node 5, 2nd edge: dil_conv_3x3 from 7 → dil_conv_3x3 from 4');
    const nb101 = (await codeActions(uri, await positionOf(uri, '[0, 1, 0]]'))).find((a) => a.title.startsWith('Repair cell'));
    assert.ok(nb101, 'an NB-101 repair is offered');
    assert.match(nb101.title, /\+ edge 1→2; − edge 2→1/);
    assert.equal((await vscode.commands.executeCommand<EditOutcome>(nb101.command!.command, ...(nb101.command!.arguments ?? []))).kind, 'applied');
    assert.equal(
      (await vscode.commands.executeCommand<EditOutcome>(darts!.command!.command, ...(darts!.command!.arguments ?? []))).kind,
      'stale',
      'the DARTS fix was computed before the NB-101 edit',
    );
    await waitFor('only the DARTS problem left', () => nasDiagnostics(uri).length === 1 && nasDiagnostics(uri)[0].range.start.line === 3, 5000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a stale quick fix is refused: the document changed after the fix was computed', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile('stale.nas.json', `{ "space": "nb201", "cells": [ { "name": "r", "arch": "${RESNET}" } ] }\n`);
    const editor = await openFile(uri);
    await waitForLenses(uri, 'a ranked lens', (t) => t.some((x) => x.startsWith('Top ')));
    const fix = await waitFor('the best-change quick fix', async () =>
      (await codeActions(uri, await positionOf(uri, 'none~0'))).find((a) => a.title.startsWith('Apply best single change')),
    );
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), ' '));
    const text = editor.document.getText();
    const outcome = await vscode.commands.executeCommand<EditOutcome>(fix.command!.command, ...(fix.command!.arguments ?? []));
    assert.equal(outcome.kind, 'stale');
    assert.match((outcome as { message: string }).message, /changed since this was computed \(version \d+, now \d+\); nothing was edited/);
    assert.equal(editor.document.getText(), text, 'nothing was edited');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a malformed applyCellEdit argument is ignored', async () => {
    for (const bad of [
      undefined,
      42,
      { target: { uri: 'x' } },
      { target: { uri: 'file:///x', version: 1, index: 0, name: 'a' }, cell: { space: 'nb201', ops: ['bogus'] } },
    ]) {
      const outcome = await vscode.commands.executeCommand<EditOutcome>('nasLens.applyCellEdit', bad);
      assert.equal(outcome.kind, 'failed');
    }
  });

  test('replace and insert keep each notation: TypeScript call, Python string, JSON edges; one undo step each', async function () {
    this.timeout(120_000); // ~16 s on a loaded 2-core machine: a hang guard, not a speed check
    const a = await api();
    const replacement = { space: 'nb201' as const, ops: ['nor_conv_1x1', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'avg_pool_3x3'] };
    const cases: [string, RegExp, RegExp][] = [
      [
        'cells.nas.ts',
        /export const resnetLike = nb201\('\|nor_conv_1x1~0\|\+\|none~0\|nor_conv_3x3~1\|\+\|skip_connect~0\|none~1\|avg_pool_3x3~2\|'\);/,
        /export const resnetLike_2 = nb201\('\|nor_conv_1x1~0\|/,
      ],
      [
        'genotypes.py',
        /'resnet_like': '\|nor_conv_1x1~0\|\+\|none~0\|nor_conv_3x3~1\|\+\|skip_connect~0\|none~1\|avg_pool_3x3~2\|',/,
        /'resnet_like': '\|nor_conv_3x3~0\|[^\n]*\n\s*'resnet_like-2': '\|nor_conv_1x1~0\|/,
      ],
      [
        'cells.nas.json',
        /"0->1": "nor_conv_1x1",\n\s*"0->2": "none",\n\s*"1->2": "nor_conv_3x3",\n\s*"0->3": "skip_connect",\n\s*"1->3": "none",\n\s*"2->3": "avg_pool_3x3"/,
        /"name": "resnet-like-2"/,
      ],
    ];
    for (const [file, replaced, inserted] of cases) {
      const uri = example(file, 'examples-edits');
      const editor = await openFile(uri);
      const original = editor.document.getText();
      const parsed = a.ctx.analyzer.parse(editor.document);
      const cell = parsed.cells.find((c) => /resnet/i.test(c.parsed.name))!;
      const target = { uri: uri.toString(), version: editor.document.version, index: cell.index, name: cell.parsed.name };
      const r = await a.replaceCell(target, replacement);
      assert.equal(r.kind, 'applied', `${file}: ${JSON.stringify(r)}`);
      assert.match(editor.document.getText(), replaced, file);
      await undo(uri);
      await waitFor(`${file}: undo`, () => editor.document.getText() === original, 5000);
      const i = await a.insertCell({ ...target, version: editor.document.version }, replacement);
      assert.equal(i.kind, 'applied', `${file}: ${JSON.stringify(i)}`);
      assert.match(editor.document.getText(), inserted, `${file}:\n${editor.document.getText()}`);
      assert.equal(a.ctx.analyzer.parse(editor.document).cells.length, parsed.cells.length + 1, `${file}: one more cell`);
      await undo(uri);
      await waitFor(`${file}: undo the insert`, () => editor.document.getText() === original, 5000);
      assert.deepEqual(await lensTitles(uri).then((t) => t.length > 0), true);
    }
  });
});
