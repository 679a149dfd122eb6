// Step 3: the search panel with the real search worker (dist/worker.js): progress and results, Accept
// / Insert / Copy as one undoable edit when the document is unchanged, a stale document refused and
// re-run, cancellation, whole-space search, export, comparison, message validation, worker failures.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SearchSession } from '../../src/extension/search/session';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { extension, openFile, waitFor } from './util';
import { api, example, setSetting } from './nas';
import { cellArgs, finished, panelView, resetSearchSettings, useSearchSettings } from './searches';

const FOLDER = 'examples-search';

suite('search panel and worker', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    await useSearchSettings(400);
  });

  suiteTeardown(resetSearchSettings);

  test('"Search around this cell" runs in the worker: progress, results, chart, and the panel shows them', async function () {
    this.timeout(40_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    await openFile(uri);
    const s = await finished(await vscode.commands.executeCommand<SearchSession>('nasLens.searchAround', await cellArgs(uri, 'resnet-like')));
    assert.equal(s.status, 'done', `status ${s.status} ${s.reason ?? ''}`);
    assert.equal(s.evaluations, 400);
    assert.ok(s.top.length > 0 && s.top.length <= 10);
    assert.ok(s.chart.length >= 1);
    const v = await panelView(s.id);
    console.log(
      `      ${v.title}: ${v.evaluations} evaluations, ${Math.round(v.evaluationsPerSecond)}/s, best #${v.results[0]?.rank}, ${v.results.length} results`,
    );
    assert.equal(v.title, `Search around 'resnet-like' in ${FOLDER}/cells.nas.json`);
    assert.equal(v.canEdit, true);
    assert.ok(v.results[0].rank <= (v.start?.rank ?? Infinity), 'the best result is at least as good as the start');
    assert.ok(
      v.results.every((r) => r.graphs.length === 1 && r.graphs[0].nodes.length === 4),
      'an NB-201 drawing per result',
    );
    assert.ok(
      v.results.some((r) => r.changes.length > 0 && /^edge \d→\d: \w+ → \w+$/.test(r.changes[0])),
      'changes against the start cell',
    );
    assert.ok(a.searches.searchPanel?.visible, 'the panel is visible');
  });

  test('Accept replaces the start cell in its notation as one edit; Undo restores it', async function () {
    this.timeout(40_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const editor = await openFile(uri);
    const before = editor.document.getText();
    const s = await finished(await a.searches.searchAround(await cellArgs(uri, 'resnet-like')));
    const v = await panelView(s.id);
    const best = v.results.find((r) => r.changes.length > 0)!;
    a.testing.sendFromSearchPanel({ type: 'result', action: 'accept', searchId: s.id, resultId: best.id });
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor('the accepted cell in the file', () => doc.getText() !== before, 10_000);
    const cell = a.ctx.analyzer.parse(doc).cells.find((c) => c.parsed.name === 'resnet-like')!;
    assert.equal(cell.parsed.notation, 'json-edges', 'still written as an edges object');
    assert.equal(a.ctx.analyzer.parse(doc).cells.length, 4);
    assert.deepEqual(cell.parsed.cell, s.result(best.id)!.cell, 'the file holds the accepted cell');
    await waitFor('the notice', () => s.notice?.kind === 'info', 5000);
    assert.match(s.notice?.text ?? '', /^Replaced 'resnet-like' with the #[\d,]+ cell in .*cells\.nas\.json\. Undo/);
    await openFile(uri);
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to restore the file', () => doc.getText() === before, 5000);
  });

  test('a stale document is refused with a notice; Re-run searches again from the current text and Accept then works', async function () {
    this.timeout(60_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const editor = await openFile(uri);
    const s = await finished(await a.searches.searchAround(await cellArgs(uri, 'all-conv3x3')));
    const v = await panelView(s.id);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n'));
    const edited = editor.document.getText();
    const r = v.results.find((x) => x.changes.length > 0)!;
    const outcome = await a.searches.act(s.id, r.id, 'accept');
    assert.equal(outcome.kind, 'stale');
    assert.equal(editor.document.getText(), edited, 'nothing was edited');
    assert.equal(s.notice?.kind, 'stale');
    assert.match(s.notice!.text, /changed since this was computed \(version \d+, now \d+\); nothing was edited\. Re-run the search from the current text\?/);
    a.testing.sendFromSearchPanel({ type: 'rerun', searchId: s.id });
    const again = await waitFor('the re-run', () => (a.searches.current && a.searches.current.id !== s.id ? a.searches.current : undefined), 10_000);
    await finished(again);
    assert.equal(again.origin?.target.version, editor.document.version);
    const v2 = await panelView(again.id);
    const r2 = v2.results.find((x) => x.changes.length > 0)!;
    assert.equal((await a.searches.act(again.id, r2.id, 'accept')).kind, 'applied');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Insert as new cell adds a copy with a fresh name after the start cell; Copy puts the cell on the clipboard in its notation', async function () {
    this.timeout(40_000);
    const a = await api();
    const uri = example('genotypes.py', FOLDER);
    const editor = await openFile(uri);
    const before = editor.document.getText();
    const s = await finished(await a.searches.searchAround(await cellArgs(uri, 'all_conv3x3')));
    const v = await panelView(s.id);
    const r = v.results[v.results.length - 1];
    const copied = await a.searches.act(s.id, r.id, 'copy');
    assert.equal(copied.kind, 'copied');
    assert.equal(await vscode.env.clipboard.readText(), r.text, 'an NB-201 arch string, as the start cell is written');
    const inserted = await a.searches.act(s.id, r.id, 'insert');
    assert.equal(inserted.kind, 'applied');
    assert.match(editor.document.getText(), new RegExp(`all_conv3x3 = '[^']+'\\nall_conv3x3_2 = '${r.text.replace(/[|+~]/g, (c) => `\\${c}`)}'\\n`));
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to remove the insert', () => editor.document.getText() === before, 5000);
  });

  test('Cancel stops a running search (reason "cancelled"); the panel and the progress task end', async function () {
    this.timeout(40_000);
    const a = await api();
    await setSetting('search.budget', 1_000_000);
    await setSetting('search.timeLimitSeconds', 60);
    try {
      const uri = example('cells.nas.json', FOLDER);
      const s = await a.searches.searchAround(await cellArgs(uri, 'inception-like'));
      assert.ok(s);
      await waitFor('progress', () => s.evaluations > 0, 15_000);
      a.testing.sendFromSearchPanel({ type: 'cancel', searchId: s.id });
      await finished(s, 15_000);
      assert.equal(s.status, 'cancelled');
      assert.equal(s.reason, 'cancelled');
      assert.equal((await panelView(s.id)).status, 'cancelled');
    } finally {
      await setSetting('search.budget', 400);
      await setSetting('search.timeLimitSeconds', 20);
    }
  });

  test('"Search the whole space" finds cells with no start cell: Accept is refused, Copy works', async function () {
    this.timeout(40_000);
    const a = await api();
    const s = await finished(await vscode.commands.executeCommand<SearchSession>('nasLens.searchSpace', 'nb201'));
    assert.equal(s.status, 'done');
    const v = await panelView(s.id);
    assert.equal(v.canEdit, false);
    assert.equal(v.title, 'Search the whole NAS-Bench-201 space');
    assert.equal((await a.searches.act(s.id, v.results[0].id, 'accept')).kind, 'unknown');
    assert.equal((await a.searches.act(s.id, v.results[0].id, 'copy')).kind, 'copied');
  });

  test('a DARTS cell without a model is refused with a message, and nothing crashes', async () => {
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const before = a.searches.current;
    const s = await a.searches.searchAround(await cellArgs(uri, 'pc-darts-cifar'));
    assert.equal(s, undefined);
    assert.equal(a.searches.current, before);
  });

  test('Export results writes CSV and JSON', async function () {
    this.timeout(20_000);
    const a = await api();
    const s = a.searches.current!;
    const root = vscode.workspace.workspaceFolders![0].uri;
    const csv = vscode.Uri.joinPath(root, 'results.csv');
    const json = vscode.Uri.joinPath(root, 'results.json');
    await vscode.commands.executeCommand('nasLens.exportResults', { format: 'csv', uri: csv.toString() });
    await vscode.commands.executeCommand('nasLens.exportResults', { format: 'json', uri: json.toString() });
    const lines = readFileSync(csv.fsPath, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'name,space,dataset,rank,topPercent,score,params,flops,cell,hash,changes');
    assert.equal(lines.length, 1 + s.top.length);
    const parsed = JSON.parse(readFileSync(json.fsPath, 'utf8'));
    assert.equal(parsed.rows.length, s.top.length);
    assert.equal(parsed.source, 'search');
    assert.ok(parsed.rows.every((r: { rank: number; cell: string }) => r.rank >= 1 && r.cell.startsWith('|')));
  });

  test('Compare cells shows two cells side by side with every dataset of their space', async function () {
    this.timeout(20_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const panel = await vscode.commands.executeCommand<unknown>('nasLens.compareCells', {
      uri: uri.toString(),
      names: ['all-conv3x3', 'inception-like', 'pc-darts-cifar'],
    });
    assert.ok(panel);
    const v = a.compare.comparePanel?.current;
    assert.equal(v?.kind, 'compare');
    if (v?.kind !== 'compare') return;
    assert.deepEqual(
      v.cells.map((c) => c.name),
      ['all-conv3x3', 'inception-like', 'pc-darts-cifar'],
    );
    assert.deepEqual(
      v.cells[0].datasets.map((d) => d.label),
      ['CIFAR-10', 'CIFAR-100', 'ImageNet16-120'],
    );
    assert.ok(v.cells[0].datasets[0].top !== undefined && v.cells[0].datasets[2].top === undefined);
    assert.equal(v.cells[2].graphs.length, 2, 'DARTS: normal and reduce drawings');
    assert.equal(v.cells[2].top, undefined, 'no DARTS model');
  });

  test('malformed messages from the webview are rejected before the host acts', async () => {
    const a = await api();
    const panel = a.searches.showPanel();
    const s = a.searches.current!;
    const before = panel.rejected;
    const bad: unknown[] = [
      null,
      'accept',
      42,
      [],
      {},
      { type: 'bogus' },
      { type: 'result', action: 'delete', searchId: s.id, resultId: 'c1' },
      { type: 'result', action: 'accept', searchId: s.id },
      { type: 'result', action: 'accept', searchId: s.id, resultId: 'c1', extra: 1 },
      { type: 'result', action: 'accept', searchId: '../../etc', resultId: 'c1' },
      { type: 'export', searchId: s.id, format: 'exe' },
      { type: 'cancel', searchId: 'x'.repeat(500) },
      { type: 'ready', x: 1 },
    ];
    for (const m of bad) a.testing.sendFromSearchPanel(m);
    assert.equal(panel.rejected - before, bad.length);
  });

  test('a failing or crashing worker ends the search with an error in the panel; the real worker runs again afterwards', async function () {
    this.timeout(40_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const fixtures = join(extension().extensionPath, 'test', 'vscode', 'fixtures', 'workers');
    try {
      a.testing.useSearchWorker(join(fixtures, 'failing-worker.mjs'));
      const failed = await finished(await a.searches.searchAround(await cellArgs(uri, 'all-conv3x3')));
      assert.equal(failed.status, 'error');
      assert.match(failed.notice?.text ?? '', /the fixture worker always fails/);
      a.testing.useSearchWorker(join(fixtures, 'crashing-worker.mjs'));
      const crashed = await finished(await a.searches.searchAround(await cellArgs(uri, 'all-conv3x3')));
      assert.equal(crashed.status, 'error');
      assert.match(crashed.notice?.text ?? '', /the search worker exited \(code 3\)/);
    } finally {
      a.testing.useSearchWorker(join(extension().extensionPath, 'dist', 'worker.js'));
    }
    const ok = await finished(await a.searches.searchAround(await cellArgs(uri, 'all-conv3x3')));
    assert.equal(ok.status, 'done');
  });

  test("Rank file orders the file's cells best first", async () => {
    await openFile(example('cells.nas.json', FOLDER));
    const r = await vscode.commands.executeCommand<{ order: { parsed: { name: string }; ranking?: { top: number } }[] }>('nasLens.rankFile', { pick: false });
    const tops = r.order.filter((c) => c.ranking).map((c) => c.ranking!.top);
    assert.deepEqual(
      tops,
      [...tops].sort((x, y) => x - y),
    );
    assert.equal(r.order[r.order.length - 1].parsed.name, 'pc-darts-cifar', 'the unranked DARTS cell last');
  });
});
