// Above every cell: "Top 2.1% · #330 of 15,625 · 1.1M params" | "CIFAR-10" (switch) | "Search around";
// a cell the user measured: "Top 2.1% predicted · measured 71.20 ±0.15 (3 runs) · 1.1M params".
import * as vscode from 'vscode';
import { toRange, type RankedCellInfo } from '../analysis/analyzer';
import { COMMANDS } from '../command-ids';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_DATASETS } from '../../core/catalog';
import { cellArgs } from './cell-args';
import { lensSummary } from './describe';
import type { MeasuredEntry } from '../../protocol/worker';
import { formatRank } from '../../shared/format';
import { measuredDetail } from '../results/describe-measured';
import { providerRefresh } from './refresh';

export class CellLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly ctx: Ctx) {
    this.onDidChangeCodeLenses = providerRefresh(ctx);
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.ctx.settings.codeLens) return [];
    const a = await this.ctx.analyzer.forRequest(doc, token);
    if (!a) return [];
    const measured = await this.ctx.results.measuredOf(a).catch((err: unknown) => {
      this.ctx.log.error('measured values for the lenses', err);
      return [];
    });
    if (token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const c of a.cells) {
      const start = Math.min(c.parsed.range.start, c.parsed.nameRange?.start ?? c.parsed.range.start);
      const range = toRange(a.lines, { start, end: start });
      const m = measured[c.index];
      lenses.push(new vscode.CodeLens(range, { title: lensSummary(c, m), command: m ? COMMANDS.showResults : '', tooltip: tooltip(c, m) }));
      if (c.parsed.valid && SPACE_DATASETS[c.parsed.space].length > 1) {
        lenses.push(
          new vscode.CodeLens(range, { title: DATASET_LABELS[c.dataset], command: COMMANDS.chooseDataset, tooltip: 'Choose the dataset cells are ranked on' }),
        );
      }
      if (c.ranking) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Search around',
            command: COMMANDS.searchAround,
            arguments: [cellArgs(doc, a.version, c)],
            tooltip: 'Search the neighbourhood of this cell in the background',
          }),
        );
      }
    }
    return lenses;
  }
}

function tooltip(c: RankedCellInfo, m?: MeasuredEntry): string {
  const lines: string[] = [];
  if (c.ranking) {
    lines.push(
      `Predicted by ${c.ranking.model.card?.name ?? 'the surrogate'} on ${DATASET_LABELS[c.ranking.dataset]}: ${formatRank(c.ranking.rank, c.ranking.spaceSize)}; hover the cell for every dataset and the model's evaluation`,
    );
  } else if (c.unranked) lines.push(c.unranked);
  if (m) lines.push(`Measured (your results) ${measuredDetail(m)}: click for the Results view`);
  return lines.join('\n');
}
