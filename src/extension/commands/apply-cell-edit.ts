// The quick fixes' command: one WorkspaceEdit, only if the document is still at the fix's version.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { replaceCell, type EditOutcome } from '../edits/cell-edits';
import { parseCellArgs } from '../providers/cell-args';
import { parseCellEditArgs } from '../providers/code-actions';

export async function applyCellEdit(ctx: Ctx, raw: unknown): Promise<EditOutcome> {
  const args = parseCellEditArgs(raw, parseCellArgs);
  if (!args) {
    ctx.log.warn(`applyCellEdit: ignored a malformed argument ${JSON.stringify(raw)?.slice(0, 200)}`);
    return { kind: 'failed', message: 'malformed argument' };
  }
  const outcome = await replaceCell(ctx, args.target, args.cell);
  if (outcome.kind === 'stale') void vscode.window.showWarningMessage(`NAS Lens: ${args.label} was not applied: ${outcome.message}. Try the quick fix again.`);
  else if (outcome.kind === 'failed') void vscode.window.showErrorMessage(`NAS Lens: ${args.label} failed: ${outcome.message}`);
  return outcome;
}
