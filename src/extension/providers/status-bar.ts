// The model in use for the active editor's cells: "$(graph) NAS Lens: nb201-cifar10", or why none.
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import { COMMANDS } from '../command-ids';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_SHORT_LABELS } from '../../core/catalog';
import type { RankModel } from '../models/registry';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nasLens.model', vscode.StatusBarAlignment.Right, 100);
  private timer: NodeJS.Timeout | undefined;
  private shown = '';

  constructor(private readonly ctx: Ctx) {
    this.item.name = 'NAS Lens model';
    this.item.command = COMMANDS.chooseDataset;
    ctx.push(vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)));
    ctx.push(vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule(300)));
    ctx.push(ctx.analyzer.onDidChange(() => this.schedule(0)));
    this.schedule(0);
  }

  /** The text shown now (for tests). */
  get text(): string {
    return this.shown;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isNasDocument(doc)) return this.hide();
    let a: DocumentAnalysis;
    try {
      a = await this.ctx.analyzer.analyze(doc);
    } catch {
      return this.hide();
    }
    if (doc !== vscode.window.activeTextEditor?.document) return;
    if (a.cells.length === 0) return this.hide();
    const models = new Map<string, RankModel>();
    const missing = new Set<string>();
    for (const c of a.cells) {
      if (c.ranking) models.set(c.ranking.model.dir, c.ranking.model);
      else if (c.parsed.valid && c.unranked) missing.add(c.unranked);
    }
    const used = [...models.values()];
    const name = (m: RankModel) => m.card?.name ?? `${m.space}-${m.dataset}`;
    let text: string;
    if (used.length) text = `$(graph) NAS Lens: ${name(used[0])}${used.length > 1 ? ` +${used.length - 1}` : ''}`;
    else if (missing.size) text = `$(warning) NAS Lens: ${[...missing][0]}`;
    else text = '$(graph) NAS Lens';
    const tip = new vscode.MarkdownString('**NAS Lens** — models ranking this file\n\n');
    for (const m of used) {
      const v = m.card?.validation;
      tip.appendMarkdown(
        `- ${SPACE_SHORT_LABELS[m.space]} on ${DATASET_LABELS[m.dataset]}: \`${name(m)}\` (${m.source}${v ? `, held-out Kendall τ ${v.kendallTau.toFixed(3)}` : ''})\n`,
      );
    }
    for (const m of missing) tip.appendMarkdown(`- ${m}\n`);
    tip.appendMarkdown(`\nDataset: ${DATASET_LABELS[this.ctx.settings.dataset]} — click to choose another.`);
    this.item.text = text;
    this.item.tooltip = tip;
    this.shown = text;
    this.item.show();
  }

  private hide(): void {
    this.shown = '';
    this.item.hide();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}
