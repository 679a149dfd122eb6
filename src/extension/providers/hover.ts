// Hovering a cell: top %, band and predicted rank on every dataset of its space, score, params/FLOPs, the model card.
import * as vscode from 'vscode';
import { cellAt, toRange } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_DATASETS } from '../../core/catalog';
import { cellArgs } from './cell-args';
import { hoverMarkdown, type DatasetRow } from './describe';

export class CellHoverProvider implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const a = await this.ctx.analyzer.forRequest(doc, token);
    if (!a) return undefined;
    const c = cellAt(a.cells, a.lines.offsetAt(position));
    if (!c) return undefined;
    const rows: DatasetRow[] = [];
    if (c.hash && c.parsed.cell) {
      for (const dataset of SPACE_DATASETS[c.parsed.space]) {
        const [outcome] = await this.ctx.ranker.rank(c.parsed.space, dataset, [{ cell: c.parsed.cell, hash: c.hash }]);
        rows.push({ label: DATASET_LABELS[dataset], ...outcome });
      }
    }
    if (token.isCancellationRequested) return undefined;
    return new vscode.Hover(hoverMarkdown(c, rows, cellArgs(doc, a.version, c)), toRange(a.lines, c.parsed.range));
  }
}
