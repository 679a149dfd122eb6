// The start cell of "Search around this cell": the cell of a lens / hover link (found again by its
// name when the document moved on), else the cell at the cursor, else one picked from the file.
import * as vscode from 'vscode';
import { cellAt, type DocumentAnalysis, type RankedCellInfo } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_SHORT_LABELS } from '../../core/catalog';
import { formatTop } from '../../shared/format';
import { parseCellArgs } from '../providers/cell-args';

export async function findCell(ctx: Ctx, raw: unknown): Promise<{ doc: vscode.TextDocument; analysis: DocumentAnalysis; cell: RankedCellInfo } | undefined> {
  const args = parseCellArgs(raw);
  if (args) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri, true));
    const analysis = await ctx.analyzer.analyze(doc);
    // The lens may be a version behind: the cell is found again by its name.
    const cell = analysis.cells[args.index]?.parsed.name === args.name ? analysis.cells[args.index] : analysis.cells.find((c) => c.parsed.name === args.name);
    if (!cell) void vscode.window.showWarningMessage(`NAS Lens: '${args.name}' is no longer in ${vscode.workspace.asRelativePath(doc.uri)}.`);
    return cell ? { doc, analysis, cell } : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNasDocument(editor.document)) {
    void vscode.window.showInformationMessage('NAS Lens: put the cursor on a cell in a *.nas.json, *.nas.ts or Python file first.');
    return undefined;
  }
  const doc = editor.document;
  const analysis = await ctx.analyzer.analyze(doc);
  let cell = cellAt(analysis.cells, analysis.lines.offsetAt(editor.selection.active));
  if (!cell && analysis.cells.length === 1) cell = analysis.cells[0];
  if (!cell && analysis.cells.length > 1) {
    const pick = await vscode.window.showQuickPick(
      analysis.cells.map((c) => ({
        label: c.parsed.name,
        description: SPACE_SHORT_LABELS[c.parsed.space],
        detail: c.ranking ? `Top ${formatTop(c.ranking.top)} on ${DATASET_LABELS[c.ranking.dataset]}` : c.unranked,
        c,
      })),
      { title: 'NAS Lens: search around which cell?' },
    );
    cell = pick?.c;
  }
  if (!cell) {
    if (analysis.cells.length === 0) void vscode.window.showInformationMessage('NAS Lens: this file holds no cells.');
    return undefined;
  }
  return { doc, analysis, cell };
}
