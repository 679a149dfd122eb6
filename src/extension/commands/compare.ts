// "NAS Lens: Compare cells (side by side)": two or more cells of the active file in a panel, with
// their ranks on every dataset of their space, params/FLOPs and drawings.
import * as vscode from 'vscode';
import type { RankedCellInfo } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import { VIEW_TYPES } from '../command-ids';
import type { Ctx } from '../ctx';
import { DATASET_LABELS, SPACE_DATASETS, SPACE_SHORT_LABELS } from '../../core/catalog';
import { NasPanel } from '../panel/panel';
import { compareView, type CompareInput } from '../panel/views';
import { lensSummary } from '../providers/describe';

export interface CompareArgs {
  readonly uri: string;
  /** Cell names to compare, in this order. */
  readonly names: readonly string[];
}

export class CompareCommand implements vscode.Disposable {
  private panel: NasPanel | undefined;

  constructor(private readonly ctx: Ctx) {
    ctx.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.comparePanel, {
        deserializeWebviewPanel: async (webviewPanel, state) => {
          this.panel?.dispose();
          this.panel = NasPanel.revive(ctx, webviewPanel, state, this.events());
        },
      }),
    );
  }

  get comparePanel(): NasPanel | undefined {
    return this.panel;
  }

  async run(raw?: unknown): Promise<NasPanel | undefined> {
    const args = parseCompareArgs(raw);
    const doc = args ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri, true)) : vscode.window.activeTextEditor?.document;
    if (!doc || !isNasDocument(doc)) {
      void vscode.window.showInformationMessage('NAS Lens: open a file with cells to compare them.');
      return undefined;
    }
    const a = await this.ctx.analyzer.analyze(doc);
    let chosen: RankedCellInfo[];
    if (args) {
      chosen = args.names.flatMap((n) => a.cells.filter((c) => c.parsed.name === n).slice(0, 1));
    } else {
      if (a.cells.length < 2) {
        void vscode.window.showInformationMessage('NAS Lens: comparing needs at least two cells in the file.');
        return undefined;
      }
      const picks = await vscode.window.showQuickPick(
        a.cells.map((c) => ({ label: c.parsed.name, description: SPACE_SHORT_LABELS[c.parsed.space], detail: lensSummary(c), c, picked: a.cells.length <= 4 })),
        { title: 'NAS Lens: compare which cells? (two or more)', canPickMany: true },
      );
      chosen = (picks ?? []).map((p) => p.c);
    }
    if (chosen.length < 2) {
      if (args) void vscode.window.showWarningMessage('NAS Lens: choose at least two cells to compare.');
      return undefined;
    }
    const inputs: CompareInput[] = [];
    for (const c of chosen) {
      const datasets = [];
      for (const d of SPACE_DATASETS[c.parsed.space]) {
        const outcome =
          c.hash && c.parsed.cell ? (await this.ctx.ranker.rank(c.parsed.space, d, [{ cell: c.parsed.cell, hash: c.hash }]))[0] : { unranked: 'invalid cell' };
        datasets.push({ label: DATASET_LABELS[d], ...outcome });
      }
      inputs.push({ cell: c, datasets });
    }
    const view = compareView(vscode.workspace.asRelativePath(doc.uri), DATASET_LABELS[a.chosenDataset], inputs);
    if (!this.panel) this.panel = NasPanel.create(this.ctx, VIEW_TYPES.comparePanel, 'NAS Lens: compare', this.events());
    else this.panel.reveal();
    this.panel.show(view, { now: true });
    return this.panel;
  }

  private events() {
    return {
      onMessage: () => undefined,
      onDispose: (p: NasPanel) => {
        if (this.panel === p) this.panel = undefined;
      },
    };
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function parseCompareArgs(value: unknown): CompareArgs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.uri !== 'string' || !Array.isArray(v.names) || !v.names.every((n) => typeof n === 'string')) return undefined;
  return { uri: v.uri, names: v.names as string[] };
}
