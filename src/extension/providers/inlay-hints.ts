// After every ranked cell: "Top 2.1% · CIFAR-10".
import * as vscode from 'vscode';
import { toRange } from '../analysis/analyzer';
import type { Ctx } from '../ctx';
import { formatRank, formatSi } from '../../shared/format';
import { hintLabel } from './describe';
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
    const hints: vscode.InlayHint[] = [];
    for (const c of a.cells) {
      if (!c.ranking) continue;
      const end = toRange(a.lines, { start: c.parsed.range.end, end: c.parsed.range.end }).end;
      if (!range.contains(end)) continue;
      const hint = new vscode.InlayHint(end, hintLabel(c.ranking), vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = `${c.parsed.name}: predicted ${formatRank(c.ranking.rank, c.ranking.spaceSize)}${c.cost ? ` · ${formatSi(c.cost.params)} params` : ''}`;
      hints.push(hint);
    }
    return hints;
  }
}
