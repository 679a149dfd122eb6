// Step 1 of the editor experience: CodeLens, inlay hints, hover, diagnostics, status bar and the
// dataset switch, on the repo's examples (copied into the workspace) ranked with the fixture models.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { describeDiagnostics, openFile, waitFor, waitForDiagnostics } from './util';
import {
  api,
  example,
  hintText,
  hoverText,
  inlayHints,
  lensesByLine,
  lensTitles,
  nasDiagnostics,
  positionOf,
  setSetting,
  useFixtureModels,
  waitForLenses,
  writeWorkspaceFile,
} from './nas';

const RANKED_NB201 = /^Top (<?\d+(\.\d+)?)% · #[\d,]+ of 15,625 · [\d.]+[kM] params$/;
const RANKED_NB101 = /^Top (<?\d+(\.\d+)?)% · #[\d,]+ of 423,624 · [\d.]+[kM] params$/;
const NO_DARTS = /^DARTS · no model for DARTS yet · [\d.]+[kM] params$/;

suite('providers: CodeLens, inlay hints, hover, diagnostics, status bar', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    await useFixtureModels();
  });

  suiteTeardown(async () => {
    await setSetting('dataset', 'cifar10');
  });

  test('cells.nas.json: a CodeLens above every cell with top %, predicted rank and params; DARTS says it has no model', async function () {
    this.timeout(30_000);
    const uri = example('cells.nas.json');
    await openFile(uri);
    const titles = await waitForLenses(uri, 'ranked lenses', (t) => t.filter((x) => x.startsWith('Top ')).length === 3);
    console.log(`      ${titles.join(' | ')}`);
    assert.equal(titles.filter((t) => RANKED_NB201.test(t)).length, 2, 'two NB-201 cells ranked');
    assert.equal(titles.filter((t) => RANKED_NB101.test(t)).length, 1, 'one NB-101 cell ranked');
    assert.equal(titles.filter((t) => NO_DARTS.test(t)).length, 1, 'the DARTS cell says there is no model');
    assert.equal(titles.filter((t) => t === 'Search around').length, 3, 'Search around on every ranked cell');
    assert.equal(titles.filter((t) => t === 'CIFAR-10').length, 2, 'a dataset switch on the NB-201 cells');
    const byLine = await lensesByLine(uri);
    const line = (await positionOf(uri, '"name": "all-conv3x3"')).line;
    assert.ok(
      byLine.get(line)?.some((t) => RANKED_NB201.test(t)),
      `the all-conv3x3 lens is on its line ${line + 1}`,
    );
  });

  test('an inlay hint after every ranked cell', async function () {
    this.timeout(20_000);
    const uri = example('cells.nas.json');
    const hints = await waitFor(
      '3 hints',
      async () => {
        const h = (await inlayHints(uri)).filter((x) => hintText(x).startsWith('Top '));
        return h.length === 3 ? h : undefined;
      },
      15_000,
    );
    for (const h of hints) assert.match(hintText(h), /^Top \d+(\.\d+)?% · CIFAR-10$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    const end = doc.getText().indexOf('}', doc.getText().indexOf('all-conv3x3')) + 1;
    assert.ok(
      hints.some((h) => doc.offsetAt(h.position) === end),
      'the first hint sits right after the all-conv3x3 cell',
    );
  });

  test('the hover shows the top %, its band, the score, every dataset of the space, params/FLOPs and the model card figures', async function () {
    this.timeout(20_000);
    const uri = example('cells.nas.json');
    const text = await hoverText(uri, await positionOf(uri, 'nor_conv_3x3~0', 3));
    console.log(`      ${text.split('\n').slice(0, 3).join(' / ')}`);
    assert.match(text, /\*\*Top \d+(\.\d+)?%\*\* \((top|bottom) [\w%]+\)/);
    assert.match(text, /score -?\d+\.\d{3}/);
    assert.match(text, /\| CIFAR-10 \| \d+(\.\d+)?% \|/);
    assert.match(text, /\| CIFAR-100 \| \d+(\.\d+)?% \|/);
    assert.match(text, /\| ImageNet16-120 \| — \| no NB-201 model for ImageNet16-120 yet/);
    assert.match(text, /Params \*\*[\d.]+M\*\*/);
    assert.match(text, /FLOPs \*\*[\d.]+M\*\*/);
    assert.match(text, /Kendall τ 0\.\d{3}/);
  });

  test('the status bar names the model in use', async function () {
    this.timeout(30_000);
    const a = await api();
    await openFile(example('cells.nas.json'));
    // The two models of the file load one after the other: wait for the text that names both, not for the first.
    const full = /^\$\(graph\) NAS Lens: nb(201|101)-cifar10 \+1$/;
    const text = await waitFor(`a status bar text like ${full}`, () => (full.test(a.statusBar.text) ? a.statusBar.text : undefined), 20_000).catch(
      (err: Error) => {
        throw new Error(`${err.message}; it says "${a.statusBar.text}"`);
      },
    );
    assert.match(text, full);
  });

  test('Choose dataset switches the NB-201 ranking to CIFAR-100 and NB-101 stays on CIFAR-10', async function () {
    this.timeout(30_000);
    const uri = example('cells.nas.json');
    const before = await lensTitles(uri);
    await vscode.commands.executeCommand('nasLens.chooseDataset', 'cifar100');
    const after = await waitForLenses(uri, 'CIFAR-100 lenses', (t) => t.filter((x) => x === 'CIFAR-100').length === 2);
    assert.equal(after.filter((t) => RANKED_NB101.test(t)).length, 1);
    assert.notDeepEqual(
      after.filter((t) => RANKED_NB201.test(t)),
      before.filter((t) => RANKED_NB201.test(t)),
      'the NB-201 ranks changed with the dataset',
    );
    const hints = (await inlayHints(uri)).map(hintText).filter((h) => h.startsWith('Top '));
    assert.equal(hints.filter((h) => h.endsWith('CIFAR-100')).length, 2);
    assert.equal(hints.filter((h) => h.endsWith('CIFAR-10')).length, 1);
    await vscode.commands.executeCommand('nasLens.chooseDataset', 'cifar10');
    await waitForLenses(uri, 'CIFAR-10 lenses again', (t) => t.filter((x) => x === 'CIFAR-10').length === 2);
  });

  test('ImageNet16-120 has no fixture model: the NB-201 lenses say so, with no crash', async function () {
    this.timeout(20_000);
    const uri = example('cells.nas.json');
    await vscode.commands.executeCommand('nasLens.chooseDataset', 'imagenet16');
    const titles = await waitForLenses(
      uri,
      'no-model lenses',
      (t) => t.filter((x) => x.startsWith('NB-201 · no NB-201 model for ImageNet16-120 yet')).length === 2,
    );
    assert.equal(titles.filter((t) => RANKED_NB101.test(t)).length, 1);
    await vscode.commands.executeCommand('nasLens.chooseDataset', 'cifar10');
  });

  test('genotypes.py: Python cells in the original notations get lenses (arch strings, ModelSpec, Genotype)', async function () {
    this.timeout(20_000);
    const uri = example('genotypes.py');
    await openFile(uri);
    const titles = await waitForLenses(uri, 'python lenses', (t) => t.filter((x) => x.startsWith('Top ')).length >= 4);
    assert.equal(titles.filter((t) => RANKED_NB201.test(t)).length, 3, titles.join('\n'));
    assert.equal(titles.filter((t) => RANKED_NB101.test(t)).length, 1);
    assert.equal(titles.filter((t) => NO_DARTS.test(t)).length, 5);
  });

  test("cells.nas.ts: the TypeScript DSL is read with VS Code's own TypeScript, never run", async function () {
    this.timeout(30_000);
    const uri = example('cells.nas.ts');
    await openFile(uri);
    const titles = await waitForLenses(uri, 'ts lenses', (t) => t.filter((x) => x.startsWith('Top ')).length === 4, 25_000);
    assert.equal(titles.filter((t) => RANKED_NB201.test(t)).length, 3);
    assert.equal(titles.filter((t) => NO_DARTS.test(t)).length, 1);
  });

  test('nb201-archs.md: arch strings in Markdown prose, lists and tables', async function () {
    this.timeout(20_000);
    const uri = example('nb201-archs.md');
    await openFile(uri);
    const titles = await waitForLenses(uri, 'markdown lenses', (t) => t.filter((x) => RANKED_NB201.test(x)).length === 6);
    assert.equal(titles.length, 6 * 3);
  });

  test("invalid cells get diagnostics at the precise range with the core's message", async function () {
    this.timeout(60_000);
    const text =
      '{\n  "space": "nb201",\n  "cells": [\n    { "name": "typo", "arch": "|conv3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|" },\n    { "name": "nb101-cycle", "space": "nb101", "matrix": [[0,1,0],[0,0,1],[0,1,0]], "ops": ["input","conv3x3-bn-relu","output"] }\n  ]\n}\n';
    const uri = await writeWorkspaceFile('invalid.nas.json', text);
    await openFile(uri);
    const d = await waitForDiagnostics(uri, 'NAS Lens diagnostics', (x) => x.filter((y) => y.source === 'NAS Lens').length >= 2);
    const ours = d.filter((x) => x.source === 'NAS Lens');
    console.log(`      ${describeDiagnostics(ours)}`);
    const typo = ours.find((x) => x.code === 'unknown-op');
    assert.ok(typo, describeDiagnostics(ours));
    assert.match(typo.message, /unknown op 'conv3x3'.*did you mean 'nor_conv_3x3'/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(typo.range), 'conv3x3', 'the range covers exactly the unknown op');
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(
      ours.some((x) => x.range.start.line === 4),
      'the NB-101 problem is on its own line',
    );
    const titles = await lensTitles(uri);
    assert.ok(
      titles.some((t) => t.startsWith("Invalid NB-201 cell: unknown op 'conv3x3'")),
      titles.join('\n'),
    );
  });

  test('a malformed file gets diagnostics and no exception; editing it is fine', async function () {
    this.timeout(20_000);
    const uri = await writeWorkspaceFile('malformed.nas.json', '{ "space": "nb201", "cells": [ { "name": "x", "arch": "|nor_conv_3x3~0|+|"  , ]] ,, }\n');
    await openFile(uri);
    const d = await waitForDiagnostics(uri, 'a syntax diagnostic', (x) => x.some((y) => y.source === 'NAS Lens'));
    assert.ok(d.length > 0);
    assert.deepEqual(await lensTitles(uri).then((t) => t.filter((x) => x.startsWith('Top '))), []);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '}}}{{{');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, 'diagnostics after the edit', (x) => x.some((y) => y.source === 'NAS Lens'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a huge file gets one "too large" diagnostic, fast, and no lenses', async function () {
    this.timeout(90_000);
    const cell = '    { "arch": "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|" },\n';
    const count = Math.ceil(2_100_000 / cell.length);
    const uri = await writeWorkspaceFile(
      'huge.nas.json',
      `{ "space": "nb201", "cells": [\n${cell.repeat(count)}    { "arch": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|" }\n] }\n`,
    );
    const t0 = Date.now();
    await openFile(uri);
    const d = await waitForDiagnostics(uri, 'the too-large diagnostic', (x) => x.some((y) => y.code === 'file-too-large'), 60_000);
    console.log(`      (${count} cells, ${((count * cell.length) / 1e6).toFixed(1)} M characters: diagnostic after ${Date.now() - t0} ms)`);
    assert.equal(nasDiagnostics(uri).length, 1);
    assert.match(d.find((y) => y.code === 'file-too-large')!.message, /NAS Lens reads files of up to 2\.0 M characters/);
    assert.deepEqual(await lensTitles(uri), []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a Genotype(...) built from code is neither a cell nor a problem; nasLens.diagnostics.codeCallHints shows it as a hint', async function () {
    this.timeout(30_000);
    const text = [
      "typo = '|conv3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'",
      'def genotype(gene_normal, gene_reduce):',
      '    return Genotype(normal=gene_normal, normal_concat=range(2, 6), reduce=gene_reduce, reduce_concat=range(2, 6))',
      '',
    ].join('\n');
    const uri = await writeWorkspaceFile('built-from-code.py', text);
    await openFile(uri);
    // The typo's error shows that the file was read; the Genotype built from variables gets nothing.
    const d = await waitForDiagnostics(uri, 'the typo', (x) => x.some((y) => y.code === 'unknown-op'));
    assert.deepEqual(
      d.filter((x) => x.source === 'NAS Lens').map((x) => x.code),
      ['unknown-op'],
      describeDiagnostics(d),
    );
    try {
      await setSetting('diagnostics.codeCallHints', true);
      const hinted = await waitForDiagnostics(uri, 'the hint', (x) => x.some((y) => y.code === 'not-a-cell'));
      const hint = hinted.find((x) => x.code === 'not-a-cell')!;
      assert.equal(hint.severity, vscode.DiagnosticSeverity.Hint);
      assert.equal(hint.range.start.line, 2);
      assert.match(hint.message, /its normal is the name 'gene_normal'.*not read it as a cell/);
    } finally {
      await setSetting('diagnostics.codeCallHints', undefined);
    }
    await waitForDiagnostics(uri, 'the hint gone', (x) => !x.some((y) => y.code === 'not-a-cell'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('hints off: no inlay hints; CodeLens off: no lenses', async function () {
    this.timeout(20_000);
    const uri = example('cells.nas.json');
    await setSetting('inlayHints.enabled', false);
    await waitFor('no hints', async () => (await inlayHints(uri)).length === 0, 5000);
    await setSetting('codeLens.enabled', false);
    await waitFor('no lenses', async () => (await lensTitles(uri)).length === 0, 5000);
    await setSetting('inlayHints.enabled', undefined);
    await setSetting('codeLens.enabled', undefined);
    await waitForLenses(uri, 'lenses back', (t) => t.length > 0);
  });
});
