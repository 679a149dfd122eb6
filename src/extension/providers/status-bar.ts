// The model in use for the active editor's cells: "$(graph) NAS Lens: nb201-cifar10", or why none; its
// tooltip gives the models' agreement with the user's results (or "not yet meaningful").
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import { COMMANDS } from '../command-ids';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_SHORT_LABELS } from '../../core/catalog';
import type { RankModel } from '../models/registry';
import { agreementShort } from '../results/describe-measured';

/** The active model's name: a fitted model's folder (.nas-lens/models/<space>-<name>), else its card's name, else <space>-<dataset>. */
export function modelName(m: RankModel): string {
  if (m.source === 'fitted') return path.basename(m.dir);
  return m.card?.name ?? `${m.space}-${m.dataset}`;
}

/** ", test_acc, 40 cells: cross-validated Kendall τ 0.612 vs 0.431 for nb201-cifar10 as it is (5 folds)" from a fitted model's card. */
function fittedFigures(m: RankModel): string {
  const f = m.card?.fitted;
  if (!f) return '';
  const on: string[] = [];
  if (f.metric !== undefined) on.push(`\`${f.metric}\``);
  if (f.cells !== undefined) on.push(`${f.cells} cells`);
  const tau =
    f.kendallTau !== undefined
      ? `cross-validated Kendall τ ${f.kendallTau.toFixed(3)}` +
        (f.priorKendallTau !== undefined ? ` vs ${f.priorKendallTau.toFixed(3)} for ${f.prior ?? 'the prior'} as it is` : '') +
        (f.folds !== undefined ? ` (${f.folds} folds)` : '')
      : '';
  return (on.length ? `, ${on.join(', ')}` : '') + (tau ? `: ${tau}` : '');
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nasLens.model', vscode.StatusBarAlignment.Right, 100);
  private timer: NodeJS.Timeout | undefined;
  private shown = '';
  /** Updates started: a slow one does not overwrite a newer one's tooltip. */
  private turns = 0;

  constructor(private readonly ctx: Ctx) {
    this.item.name = 'NAS Lens model';
    this.item.command = COMMANDS.chooseDataset;
    ctx.push(vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)));
    ctx.push(vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.schedule(300)));
    ctx.push(ctx.analyzer.onDidChange(() => this.schedule(0)));
    ctx.push(ctx.results.onDidChange(() => this.schedule(100)));
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
    const turn = ++this.turns;
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
    const name = modelName;
    let text: string;
    if (used.length) text = `$(graph) NAS Lens: ${name(used[0])}${used.length > 1 ? ` +${used.length - 1}` : ''}`;
    else if (missing.size) text = `$(warning) NAS Lens: ${[...missing][0]}`;
    else text = '$(graph) NAS Lens';
    const tip = new vscode.MarkdownString('**NAS Lens** — models ranking this file\n\n');
    for (const m of used) {
      const v = m.card?.validation;
      if (m.source === 'fitted') {
        tip.appendMarkdown(`- ${SPACE_SHORT_LABELS[m.space]}: \`${name(m)}\` (fitted to your results${fittedFigures(m)})\n`);
        continue;
      }
      tip.appendMarkdown(
        `- ${SPACE_SHORT_LABELS[m.space]} on ${DATASET_LABELS[m.dataset]}: \`${name(m)}\` (${m.source}${v ? `, held-out Kendall τ ${v.kendallTau.toFixed(3)}` : ''})\n`,
      );
    }
    for (const m of missing) tip.appendMarkdown(`- ${m}\n`);
    const dataset = `\nDataset: ${DATASET_LABELS[this.ctx.settings.dataset]} — click to choose another.`;
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(tip.value + dataset);
    this.shown = text;
    this.item.show();
    // The agreement with the user's results comes from the worker (scoring every measured cell): the tooltip gets it when it is there.
    const agreements = await this.agreements(used);
    if (!agreements.length || turn !== this.turns) return;
    tip.appendMarkdown(`\n**Agreement with your results** (Kendall τ, Spearman ρ, bootstrap interval, n measured cells)\n\n`);
    for (const line of agreements) tip.appendMarkdown(`- ${line}\n`);
    this.item.tooltip = new vscode.MarkdownString(tip.value + dataset);
  }

  /** Per model in use whose space has measured results: "NB-201 (`test_acc`): τ 0.812 [0.780, 0.840] · ρ … · 90 % interval · n = 120". */
  private async agreements(models: readonly RankModel[]): Promise<string[]> {
    const metrics = this.ctx.results.summary?.metrics ?? [];
    const lines: string[] = [];
    for (const m of models) {
      const choice = metrics.find((c) => c.space === m.space);
      if (!choice?.metric) continue;
      let text: string;
      try {
        const a = await this.ctx.results.agreement(m.space, m.dir);
        text = a ? agreementShort(a) : 'not available (see Output › NAS Lens)';
      } catch (err) {
        this.ctx.log.error('the agreement for the status bar', err);
        text = 'not available (see Output › NAS Lens)';
      }
      lines.push(`${SPACE_SHORT_LABELS[m.space]} (\`${choice.metric}\`): ${text}`);
    }
    return lines;
  }

  /** The tooltip shown now (for tests). */
  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
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
