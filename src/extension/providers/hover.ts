// Hovering a cell: top %, band and predicted rank on every dataset of its space, score, params/FLOPs, the model card;
// then what the user measured of it and the model's agreement with the space's results.
import * as vscode from 'vscode';
import { cellAt, toRange, type DocumentAnalysis, type RankedCellInfo } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_DATASETS } from '../../core/catalog';
import { cellArgs } from './cell-args';
import { hoverMarkdown, type DatasetRow, type HoverResults } from './describe';

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
    const results = await this.results(a, c);
    if (token.isCancellationRequested) return undefined;
    return new vscode.Hover(hoverMarkdown(c, rows, cellArgs(doc, a.version, c), results), toRange(a.lines, c.parsed.range));
  }

  /** The cell's measurement and the model's agreement with the space's results; undefined when the space has no results. */
  private async results(a: DocumentAnalysis, c: RankedCellInfo): Promise<HoverResults | undefined> {
    const choice = this.ctx.results.summary?.metrics.find((m) => m.space === c.parsed.space);
    if (!choice) return undefined;
    try {
      const measured = (await this.ctx.results.measuredOf(a))[c.index];
      const agreement = c.ranking ? await this.ctx.results.agreement(c.parsed.space, c.ranking.model.dir) : undefined;
      return { choice, ...(measured ? { measured } : {}), ...(agreement ? { agreement } : {}), relative: (f) => vscode.workspace.asRelativePath(f) };
    } catch (err) {
      this.ctx.log.error('results for the hover', err);
      return undefined;
    }
  }
}
