// The search panel after a window reload: VS Code restores the panel through the serializer with the
// state the webview kept (getState/setState), while the host has lost every search. Finished searches
// are kept in the workspace state, so the restored panel shows its results and acts on them: Copy,
// Export and Re-run always, Accept / Insert while the document still holds the text the search started
// from (document versions start again after a reload: the text is compared), else a "stale" notice
// with Re-run. A panel whose search is not kept is read-only and says why. (The UI test reloads a real
// window: test/e2e/ui-nas.mjs.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PanelState } from '../../src/protocol/webview';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { openFile, waitFor } from './util';
import { api, example } from './nas';
import { finished, panelView, resetSearchSettings, useSearchSettings } from './searches';

const FOLDER = 'examples-restore';

/** What a window reload does: the host forgets everything, VS Code restores the panel with the webview's state. */
async function reload(state: PanelState): Promise<void> {
  const a = await api();
  a.testing.forgetSearches();
  const panel = vscode.window.createWebviewPanel(
    'nasLens.searchPanel',
    'NAS Lens: restored',
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true },
  );
  a.searches.restorePanel(panel, state);
}

suite('search panel after a window reload', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    await useSearchSettings(300);
  });

  suiteTeardown(resetSearchSettings);

  test('the restored panel shows the kept search; Copy works, Accept applies while the text is unchanged, and is refused as stale after an edit', async function () {
    this.timeout(60_000);
    const a = await api();
    const uri = example('cells.nas.json', FOLDER);
    const editor = await openFile(uri);
    const before = editor.document.getText();
    const nameArgs = () => {
      const cell = a.ctx.analyzer.parse(editor.document).cells.find((c) => c.parsed.name === 'resnet-like')!;
      return { uri: uri.toString(), version: editor.document.version, index: cell.index, name: 'resnet-like' };
    };
    const s = await finished(await a.searches.searchAround(nameArgs()));
    const v = await panelView(s.id);
    const best = v.results.find((r) => r.changes.length > 0)!;
    assert.ok(best, 'a result that differs from the start cell');

    await reload({ version: 1, view: v });
    const restored = a.searches.session(s.id);
    assert.ok(restored && restored !== s && restored.restored, 'the search came back from the workspace state');
    const rv = await panelView(s.id);
    assert.equal(rv.live, true, 'the restored panel is live');
    assert.equal(rv.canEdit, true);
    assert.deepEqual(
      rv.results.map((r) => [r.id, r.rank, r.text]),
      v.results.map((r) => [r.id, r.rank, r.text]),
      'the same results under the same ids',
    );
    assert.match(rv.notice?.text ?? '', /^Restored after the window was reloaded\. Accept and Insert apply while .*cells\.nas\.json still holds the text/);

    const copied = await a.searches.act(s.id, best.id, 'copy');
    assert.equal(copied.kind, 'copied');
    const accepted = await a.searches.act(s.id, best.id, 'accept');
    assert.equal(accepted.kind, 'applied', JSON.stringify(accepted));
    const cell = a.ctx.analyzer.parse(editor.document).cells.find((c) => c.parsed.name === 'resnet-like')!;
    assert.deepEqual(cell.parsed.cell, restored.result(best.id)!.cell, 'the file holds the accepted cell');
    await openFile(uri);
    await vscode.commands.executeCommand('undo');
    await waitFor('Undo to restore the file', () => editor.document.getText() === before, 5000);

    // Reloaded again, and this time the file is edited before Accept: refused, nothing edited, Re-run offered.
    await reload({ version: 1, view: v });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n'));
    const edited = editor.document.getText();
    const stale = await a.searches.act(s.id, best.id, 'accept');
    assert.equal(stale.kind, 'stale');
    assert.equal(editor.document.getText(), edited, 'nothing was edited');
    const again = a.searches.session(s.id)!;
    assert.equal(again.notice?.kind, 'stale');
    assert.match(
      again.notice!.text,
      /cells\.nas\.json changed since this search ran \(before the window was reloaded\); nothing was edited\. Re-run the search from the current text\?/,
    );
    a.testing.sendFromSearchPanel({ type: 'rerun', searchId: s.id });
    const rerun = await waitFor('the re-run', () => (a.searches.current && a.searches.current.id !== s.id ? a.searches.current : undefined), 10_000);
    await finished(rerun);
    assert.equal(rerun.origin?.target.version, editor.document.version);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a restored panel whose search is no longer kept is read-only and says why', async function () {
    this.timeout(20_000);
    const a = await api();
    const kept = a.searches.current;
    assert.ok(kept, 'a search ran before');
    const v = await panelView(kept.id);
    await reload({ version: 1, view: { ...v, searchId: 'not-kept-1' } });
    const rv = await waitFor('the read-only view', () => {
      const x = a.searches.searchPanel?.current;
      return x?.kind === 'search' && x.searchId === 'not-kept-1' ? x : undefined;
    });
    assert.equal(rv.live, false);
    assert.equal(rv.canEdit, false);
    assert.match(a.searches.searchPanel?.currentNotice?.text ?? '', /no longer kept .* read-only\. Run the search again from the editor/);
    const outcome = await a.searches.act('not-kept-1', v.results[0].id, 'accept');
    assert.equal(outcome.kind, 'unknown');
  });
});
