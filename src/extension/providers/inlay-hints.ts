// After every ranked cell: "Top 2.1% · CIFAR-10"; a measured one: "Top 2.1% predicted · measured 71.20 (1 run)".
import * as vscode from 'vscode';
import { toRange } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { formatRank, formatSi } from '../../shared/format';
import { hintLabel } from './describe';
import { DATASET_LABELS } from '../../core/catalog';
import { measuredDetail } from '../results/describe-measured';
import { providerRefresh } from './refresh';

export class CellHintProvider implements vscode.InlayHintsProvider {
  readonly onDidChangeInlayHints: vscode.Event<void>;

  constructor(private readonly ctx: Ctx) {
    this.onDidChangeInlayHints = providerRefresh(ctx);
  }

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    if (!this.ctx.settings.inlayHints) return [];
    const a = await this.ctx.analyzer.forRequest(doc, token);
    if (!a) return [];
    const measured = await this.ctx.results.measuredOf(a).catch(() => []);
    if (token.isCancellationRequested) return [];
    const hints: vscode.InlayHint[] = [];
    for (const c of a.cells) {
      const m = measured[c.index];
      if (!c.ranking && !m) continue;
      const end = toRange(a.lines, { start: c.parsed.range.end, end: c.parsed.range.end }).end;
      if (!range.contains(end)) continue;
      const hint = new vscode.InlayHint(end, hintLabel(c.ranking, m), vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      const tips = [];
      if (c.ranking)
        tips.push(
          `${c.parsed.name}: predicted ${formatRank(c.ranking.rank, c.ranking.spaceSize)} on ${DATASET_LABELS[c.ranking.dataset]}${c.cost ? ` · ${formatSi(c.cost.params)} params` : ''}`,
        );
      if (m) tips.push(`measured (your results) ${measuredDetail(m)}`);
      hint.tooltip = tips.join('\n');
      hints.push(hint);
    }
    return hints;
  }
}
