// Replacing a cell or inserting a new one as ONE WorkspaceEdit, in the cell's own notation and style
// (dsl's rewriteCell / insertCellAfter), and only if the document is still at the version the
// replacement was computed for. Nothing here edits a document on its own: a user action calls it.
import * as vscode from 'vscode';
import { insertCellAfter, rewriteCell } from '../../core/dsl';
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { hasErrors } from '../../core/spaces/types';
import { toRange } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { errorMessage } from '../../shared/errors';

/** The cell an edit targets: where it was, in which version of which document. */
export interface CellTarget {
  readonly uri: string;
  readonly version: number;
  readonly index: number;
  readonly name: string;
}

export type EditOutcome =
  | { readonly kind: 'applied'; readonly uri: vscode.Uri; readonly range: vscode.Range; readonly name?: string }
  | { readonly kind: 'stale'; readonly message: string; readonly current: number }
  | { readonly kind: 'failed'; readonly message: string };

export async function replaceCell(ctx: Ctx, target: CellTarget, replacement: Cell): Promise<EditOutcome> {
  return editCell(ctx, target, replacement, (text, parsed) => {
    const e = rewriteCell(text, parsed, replacement);
    return { range: e.range, newText: e.newText };
  });
}

export async function insertCell(ctx: Ctx, target: CellTarget, replacement: Cell, name?: string): Promise<EditOutcome> {
  return editCell(ctx, target, replacement, (text, parsed, names) => {
    const e = insertCellAfter(text, parsed, replacement, name ?? freshName(parsed.name, names));
    return { range: e.range, newText: e.newText, ...(e.name !== undefined ? { name: e.name } : {}) };
  });
}

type MakeEdit = (
  text: string,
  parsed: Parameters<typeof rewriteCell>[1],
  names: ReadonlySet<string>,
) => { range: { start: number; end: number }; newText: string; name?: string };

async function editCell(ctx: Ctx, target: CellTarget, replacement: Cell, make: MakeEdit): Promise<EditOutcome> {
  if (hasErrors(spaceOf(replacement).validate(replacement))) return { kind: 'failed', message: 'the replacement is not a valid cell' };
  const at = await openTarget(ctx, target, stale);
  if ('kind' in at) return at;
  // From here to applyEdit nothing awaits, so the version checked is the version edited.
  const { doc, a, cell } = at;
  if (cell.parsed.space !== replacement.space)
    return { kind: 'failed', message: `cell '${target.name}' is a ${cell.parsed.space} cell, the replacement a ${replacement.space} cell` };
  let e: ReturnType<MakeEdit>;
  try {
    e = make(a.text, cell.parsed, new Set(a.cells.map((c) => c.parsed.name)));
  } catch (err) {
    return { kind: 'failed', message: `cannot write the cell in its notation: ${errorMessage(err)}` };
  }
  const range = toRange(a.lines, e.range);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, e.newText, { label: 'NAS Lens: replace cell', needsConfirmation: false });
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    return doc.version !== target.version ? stale(doc, target) : { kind: 'failed', message: 'VS Code did not apply the edit' };
  }
  // Text before the edit keeps its offsets: the new text starts where the replaced range started.
  const written = new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.start + e.newText.length));
  return { kind: 'applied', uri: doc.uri, range: written, ...(e.name !== undefined ? { name: e.name } : {}) };
}

/**
 * The target's document, parsed, and its cell — if the document is still at target.version (else
 * `onStale`'s outcome) and the cell is still there. Nothing awaits after the version check: an edit
 * applied right after edits that version.
 */
export async function openTarget<O>(
  ctx: Ctx,
  target: CellTarget,
  onStale: (doc: vscode.TextDocument, target: CellTarget) => O,
): Promise<
  | { doc: vscode.TextDocument; a: ReturnType<Ctx['analyzer']['parse']>; cell: ReturnType<Ctx['analyzer']['parse']>['cells'][number] }
  | O
  | { kind: 'failed'; message: string }
> {
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri, true));
  } catch (err) {
    return { kind: 'failed', message: `cannot open ${target.uri}: ${errorMessage(err)}` };
  }
  if (doc.version !== target.version) return onStale(doc, target);
  const a = ctx.analyzer.parse(doc);
  const cell = a.cells[target.index];
  if (!cell || cell.parsed.name !== target.name)
    return { kind: 'failed', message: `cell '${target.name}' is no longer the cell #${target.index + 1} of ${doc.fileName}` };
  return { doc, a, cell };
}

function stale(doc: vscode.TextDocument, target: CellTarget): EditOutcome {
  return {
    kind: 'stale',
    current: doc.version,
    message: `${vscode.workspace.asRelativePath(doc.uri)} changed since this was computed (version ${target.version}, now ${doc.version}); nothing was edited`,
  };
}

/** "name-2", "name-3", … : the first that is not taken. */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/-\d+$/, '');
  for (let k = 2; ; k++) if (!taken.has(`${stem}-${k}`)) return `${stem}-${k}`;
}
