// What the panel's buttons do with one result of a search: Accept (replace the start cell), Insert (a
// new cell after it), Copy, and Re-run the search from the start cell as it is now. Edits go through
// cell-edits.ts: one undoable edit, only while the document is the version the search started from.
import * as vscode from 'vscode';
import { formatCell } from '../../core/dsl';
import { spaceOf } from '../../core/spaces';
import type { ResultAction } from '../../protocol/webview';
import { errorMessage } from '../../shared/errors';
import { formatCount } from '../../shared/format';
import { insertCell, replaceCell, type EditOutcome } from '../edits/cell-edits';
import type { CellArgs } from '../providers/cell-args';
import type { SearchHost } from './host';
import type { SearchRunner } from './runner';
import { textHash, type SearchSession } from './session';
import { COMMANDS } from '../command-ids';
import type { TrainCellsArgs } from '../runs/train-cells-args';

export type ActionOutcome =
  EditOutcome | { kind: 'copied'; text: string } | { kind: 'unknown'; message: string } | { kind: 'train'; runId?: string; refused?: string };

/** Accept, Insert, Copy or Train one result. */
export async function actOnResult(host: SearchHost, searchId: string, resultId: string, action: ResultAction): Promise<ActionOutcome> {
  const s = host.store.get(searchId);
  const result = s?.result(resultId);
  if (!s || !result) {
    const message = 'This search is no longer held by NAS Lens (the window was reloaded or newer searches replaced it). Re-run it to act on its results.';
    host.notify(s, { kind: 'warning', text: message });
    return { kind: 'unknown', message };
  }
  if (action === 'train') {
    const name = `${s.origin ? `${s.origin.target.name}-` : ''}search-${formatCount(result.rank).replace(/,/g, '')}`;
    const args: TrainCellsArgs = { space: result.cell.space, cells: [{ name, cell: result.cell }], source: 'search panel' };
    const outcome = (await vscode.commands.executeCommand(COMMANDS.trainCells, args)) as { runId?: string; refused?: string } | undefined;
    return { kind: 'train', ...outcome };
  }
  if (action === 'copy') {
    const text = s.origin ? formatCell(result.cell, s.origin.notation) : spaceOf(result.cell).toText(result.cell);
    await vscode.env.clipboard.writeText(text);
    host.notify(s, { kind: 'info', text: `Copied ${s.origin ? `in the notation of '${s.origin.target.name}'` : 'as text'}.` });
    return { kind: 'copied', text };
  }
  if (!s.origin) {
    const message = 'A whole-space search has no start cell to replace; use Copy.';
    host.notify(s, { kind: 'warning', text: message });
    return { kind: 'unknown', message };
  }
  if (s.restored) {
    // Restored after a reload: document versions started again, so the text decides whether the document is unchanged.
    const unchanged = await rebaseRestored(host, s);
    if (unchanged !== true) {
      host.notify(s, { kind: 'stale', text: `${unchanged}. Re-run the search from the current text?` });
      return { kind: 'stale', message: unchanged, current: -1 };
    }
  }
  const ctx = host.ctx;
  const outcome = action === 'accept' ? await replaceCell(ctx, s.origin.target, result.cell) : await insertCell(ctx, s.origin.target, result.cell);
  switch (outcome.kind) {
    case 'applied': {
      const editor = await vscode.window.showTextDocument(outcome.uri, { preserveFocus: false, preview: false, viewColumn: vscode.ViewColumn.One });
      editor.selection = new vscode.Selection(outcome.range.start, outcome.range.start);
      editor.revealRange(outcome.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      const what =
        action === 'accept'
          ? `Replaced '${s.origin.target.name}' with the #${formatCount(result.rank)} cell`
          : `Inserted the #${formatCount(result.rank)} cell as '${outcome.name ?? 'a new cell'}'`;
      host.notify(s, {
        kind: 'info',
        text: `${what} in ${s.origin.file}. Undo (Ctrl+Z) restores it. Acting on another result needs a re-run: the file has changed.`,
      });
      break;
    }
    case 'stale':
      host.notify(s, { kind: 'stale', text: `${outcome.message}. Re-run the search from the current text?` });
      break;
    case 'failed':
      host.notify(s, { kind: 'error', text: outcome.message });
      break;
  }
  return outcome;
}

/** true when the restored search's document still holds the text it started from (its target is then the current version); else why not. */
async function rebaseRestored(host: SearchHost, s: SearchSession): Promise<true | string> {
  const origin = s.origin;
  if (!origin) return 'This search has no start cell';
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(origin.target.uri, true));
  } catch (err) {
    return `${origin.file} cannot be opened (${errorMessage(err)}); nothing was edited`;
  }
  if (!origin.textHash || textHash(doc.getText()) !== origin.textHash)
    return `${origin.file} changed since this search ran (before the window was reloaded); nothing was edited`;
  s.rebase(doc.version);
  host.ctx.log.info(`search ${s.id}: ${origin.file} is unchanged since the search; its results apply to version ${doc.version}`);
  return true;
}

/** The same search again from the start cell as it is now (found by its name). */
export async function rerunSearch(
  host: SearchHost,
  runner: SearchRunner,
  searchId: string,
  restoredStart?: { name: string; file: string },
): Promise<SearchSession | undefined> {
  const s = host.store.get(searchId);
  if (!s) {
    // A panel restored after a reload: the host no longer has the search, the view still names its start.
    const where = restoredStart ? ` on '${restoredStart.name}' in ${restoredStart.file}` : '';
    void vscode.window.showInformationMessage(
      `NAS Lens: run the search again from the editor${where} ("Search around this cell" or "Search the whole space").`,
    );
    return undefined;
  }
  if (!s.origin) return runner.searchSpace(s.request.space);
  const { target, file } = s.origin;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri, true));
  const cell = host.ctx.analyzer.parse(doc).cells.find((c) => c.parsed.name === target.name);
  if (!cell) {
    host.notify(s, { kind: 'error', text: `'${target.name}' is no longer in ${file}.` });
    return undefined;
  }
  return runner.searchAround({ uri: target.uri, version: doc.version, index: cell.index, name: cell.parsed.name } satisfies CellArgs);
}
