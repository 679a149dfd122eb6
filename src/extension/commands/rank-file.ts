// "NAS Lens: Rank file": the active file's cells, best first, in a quick pick; picking one reveals it.
import * as vscode from 'vscode';
import { toRange, type DocumentAnalysis, type RankedCellInfo } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_SHORT_LABELS } from '../../core/catalog';
import { formatMs } from '../../shared/format';
import { lensSummary } from '../providers/describe';

interface CellItem extends vscode.QuickPickItem {
  readonly cell: RankedCellInfo;
}

export interface RankFileResult {
  readonly analysis: DocumentAnalysis;
  /** Cells, best "top %" first (comparable across spaces); unranked cells last in text order. */
  readonly order: readonly RankedCellInfo[];
}

export async function rankFile(ctx: Ctx, options: { pick?: boolean } = {}): Promise<RankFileResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNasDocument(editor.document)) {
    void vscode.window.showInformationMessage('NAS Lens: open a *.nas.json, *.nas.ts or a Python / Markdown file with cells first.');
    return undefined;
  }
  const analysis = await ctx.analyzer.analyze(editor.document);
  const order = rankOrder(analysis.cells);
  ctx.log.info(
    `ranked ${analysis.cells.length} cells of ${editor.document.fileName} on ${DATASET_LABELS[analysis.chosenDataset]} (parse ${formatMs(analysis.parseMs)}, rank ${formatMs(analysis.rankMs)})`,
  );
  if (order.length === 0) {
    void vscode.window.showInformationMessage('NAS Lens: this file holds no cells.');
    return { analysis, order };
  }
  if (options.pick === false) return { analysis, order };
  const items: CellItem[] = order.map((cell, i) => ({
    cell,
    label: `${cell.ranking ? `${i + 1}.` : '–'} ${cell.parsed.name}`,
    description: `${SPACE_SHORT_LABELS[cell.parsed.space]} · line ${analysis.lines.positionAt(cell.parsed.range.start).line + 1}`,
    detail: lensSummary(cell),
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: `NAS Lens: ${order.length} cells ranked on ${DATASET_LABELS[analysis.chosenDataset]}`,
    matchOnDetail: true,
  });
  if (pick && editor.document.version === analysis.version) {
    const range = toRange(analysis.lines, pick.cell.parsed.range);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return { analysis, order };
}

export function rankOrder(cells: readonly RankedCellInfo[]): RankedCellInfo[] {
  const ranked = cells.filter((c) => c.ranking).sort((a, b) => a.ranking!.top - b.ranking!.top);
  return [...ranked, ...cells.filter((c) => !c.ranking)];
}
