// Several new cells after one cell of a document, in that cell's notation and style (dsl's
// insertCellAfter, as the search panel's Insert), as ONE WorkspaceEdit — one Undo removes them all —
// and only if the document is still at the version the cells were computed for.
import * as vscode from 'vscode';
import { insertCellAfter } from '../../core/dsl';
import { spaceOf } from '../../core/spaces';
import { hasErrors, type Cell } from '../../core/spaces/types';
import { toRange } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { errorMessage } from '../../shared/errors';
import { openTarget, type CellTarget, type EditOutcome } from './cell-edits';

export type InsertCellsOutcome =
  | { readonly kind: 'applied'; readonly uri: vscode.Uri; readonly range: vscode.Range; readonly names: readonly (string | undefined)[] }
  | Exclude<EditOutcome, { kind: 'applied' }>;

/** Inserts `cells` (named `names`) after the target cell, in order. */
export async function insertCellsAfter(ctx: Ctx, target: CellTarget, cells: readonly Cell[], names: readonly string[]): Promise<InsertCellsOutcome> {
  if (cells.some((c) => hasErrors(spaceOf(c).validate(c)))) return { kind: 'failed', message: 'a suggested cell is not a valid cell' };
  const opened = await openTarget(ctx, target, stale);
  if ('kind' in opened) return opened;
  // From here to applyEdit nothing awaits, so the version checked is the version edited.
  const { doc, a, cell } = opened;
  let at: { start: number; end: number } | undefined;
  let text = '';
  const written: (string | undefined)[] = [];
  try {
    cells.forEach((c, i) => {
      if (c.space !== cell.parsed.space) throw new Error(`'${target.name}' is a ${cell.parsed.space} cell, a suggestion a ${c.space} cell`);
      const e = insertCellAfter(a.text, cell.parsed, c, names[i]);
      // Every copy goes at the same place after the target: their texts follow each other there.
      if (at && (e.range.start !== at.start || e.range.end !== at.end)) throw new Error('the cells would not go to one place');
      at = e.range;
      text += e.newText;
      written.push(e.name);
    });
  } catch (err) {
    return { kind: 'failed', message: `cannot write the cells in the notation of '${target.name}': ${errorMessage(err)}` };
  }
  if (!at) return { kind: 'failed', message: 'no cell to insert' };
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, toRange(a.lines, at), text, { label: 'NAS Lens: insert suggested cells', needsConfirmation: false });
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) return doc.version !== target.version ? stale(doc, target) : { kind: 'failed', message: 'VS Code did not apply the edit' };
  const range = new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.start + text.length));
  return { kind: 'applied', uri: doc.uri, range, names: written };
}

function stale(doc: vscode.TextDocument, target: CellTarget): InsertCellsOutcome {
  return {
    kind: 'stale',
    current: doc.version,
    message: `${vscode.workspace.asRelativePath(doc.uri)} changed since the cells were asked for (version ${target.version}, now ${doc.version}); nothing was inserted`,
  };
}
