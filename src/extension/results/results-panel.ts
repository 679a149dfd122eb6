// "NAS Lens: Show results": the Results view (a NasPanel like the search panel): per space with
// measured cells, a scatter of predicted score against measured value, the best measured cells with
// their predicted rank, the model's agreement with them, the metric and the problem count. A click on
// a cell opens it in an open file that holds it (found by canonical hash), else its results line.
// The toolbar's actions come back as checked messages: its own, and the loop's steps as their commands.
import * as vscode from 'vscode';
import { datasetFor, DATASET_LABELS } from '../../core/catalog';
import type { Notice, WebviewToHost } from '../../protocol/webview';
import { isNasDocument } from '../analysis/selector';
import { toRange } from '../analysis/analyzer';
import { COMMANDS, VIEW_TYPES } from '../command-ids';
import type { Ctx } from '../ctx';
import { NasPanel } from '../panel/panel';
import { SerialRuns } from '../../shared/serial-runs';
import { RESULTS_POINTS, RESULTS_ROWS, resultsView, type CellTarget, type SpaceInput } from './results-view';

/** A burst of changes (a job appending lines) redraws the view once. */
const REFRESH_DEBOUNCE_MS = 300;

export type OpenedCell =
  { readonly kind: 'cell'; readonly uri: string; readonly line: number } | { readonly kind: 'results-line'; readonly uri: string; readonly line: number };

export class ResultsPanel implements vscode.Disposable {
  private panel: NasPanel | undefined;
  private targets = new Map<string, CellTarget>();
  private timer: NodeJS.Timeout | undefined;
  private readonly builder = new SerialRuns(
    () => this.build(),
    (err) => this.ctx.log.error('the Results view', err),
    () => this.panel !== undefined,
  );
  /** Views built (tests wait on it). */
  builds = 0;

  constructor(private readonly ctx: Ctx) {
    ctx.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.resultsPanel, {
        deserializeWebviewPanel: async (webviewPanel, state) => {
          this.panel?.dispose();
          this.panel = NasPanel.revive(ctx, webviewPanel, state, this.events());
          await this.refresh();
        },
      }),
    );
    const soon = () => this.refreshSoon();
    ctx.push(ctx.results.onDidChange(soon));
    ctx.push(ctx.models.onDidChange(soon));
    ctx.push(ctx.onDidChangeSettings(soon));
    // The table names a cell as an open file does.
    ctx.push(vscode.workspace.onDidOpenTextDocument((doc) => isNasDocument(doc) && soon()));
  }

  get resultsPanel(): NasPanel | undefined {
    return this.panel;
  }

  async show(): Promise<NasPanel> {
    if (!this.panel) this.panel = NasPanel.create(this.ctx, VIEW_TYPES.resultsPanel, 'NAS Lens: Your results', this.events());
    else this.panel.reveal();
    await this.ctx.results.settled();
    await this.refresh();
    return this.panel;
  }

  private refreshSoon(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Builds the view again (one build at a time; one asked for meanwhile runs after it). */
  refresh(): Promise<void> {
    return this.builder.run();
  }

  private async build(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const summary = this.ctx.results.summary;
    const relative = (f: string) => vscode.workspace.asRelativePath(f);
    const datasetLabel = DATASET_LABELS[this.ctx.settings.dataset];
    if (!summary || !summary.files.length) {
      const { view } = resultsView({ store: '', generation: 0, files: [], metrics: [], runs: 0, measuredCells: 0 }, [], {
        datasetLabel,
        relative,
        notice: noResultsNotice(this.ctx.settings.resultsFiles),
      });
      this.targets = new Map();
      panel.show(view, { now: true });
      this.builds++;
      return;
    }
    const spaces: SpaceInput[] = [];
    for (const choice of summary.metrics) {
      const dataset = datasetFor(choice.space, this.ctx.settings.dataset);
      const lookup = await this.ctx.models.load(choice.space, dataset);
      const modelDir = lookup.kind === 'ready' ? lookup.model.dir : undefined;
      const report = await this.ctx.results.report(choice.space, modelDir, RESULTS_ROWS, RESULTS_POINTS);
      const model =
        lookup.kind === 'ready'
          ? {
              name: lookup.model.card?.name ?? `${lookup.model.space}-${lookup.model.dataset}`,
              datasetLabel: DATASET_LABELS[dataset],
              calibration: lookup.model.calibration,
            }
          : lookup.message;
      spaces.push({ report, model });
    }
    if (this.panel !== panel) return;
    const { view, targets } = resultsView(summary, spaces, { datasetLabel, relative, names: this.openCellNames() });
    this.targets = targets;
    panel.show(view, { now: true });
    this.builds++;
  }

  /** The names of the cells in the open NAS documents, by `${space}:${hash}` (the first one wins). */
  private openCellNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isClosed || !isNasDocument(doc)) continue;
      for (const c of this.ctx.analyzer.parse(doc).cells) {
        const key = `${c.parsed.space}:${c.hash}`;
        if (c.hash && !names.has(key)) names.set(key, c.parsed.name);
      }
    }
    return names;
  }

  /** Opens a measured cell: in an open file that holds it (visible editors first), else at its first run's line. */
  async open(cellId: string): Promise<OpenedCell | undefined> {
    const t = this.targets.get(cellId);
    if (!t) return undefined;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document);
    const docs = [...visible, ...vscode.workspace.textDocuments.filter((d) => !visible.includes(d))];
    for (const doc of docs) {
      if (doc.isClosed || !isNasDocument(doc)) continue;
      const a = this.ctx.analyzer.parse(doc);
      const c = a.cells.find((x) => x.parsed.space === t.space && x.hash === t.hash);
      if (!c) continue;
      const range = toRange(a.lines, c.parsed.nameRange ?? c.parsed.range);
      await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      return { kind: 'cell', uri: doc.uri.toString(), line: range.start.line };
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(t.file));
    const line = Math.max(0, Math.min(doc.lineCount - 1, t.line - 1));
    await vscode.window.showTextDocument(doc, { selection: doc.lineAt(line).range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    return { kind: 'results-line', uri: doc.uri.toString(), line };
  }

  /** Last opened cell (tests). */
  lastOpened: OpenedCell | undefined;

  private events() {
    return {
      onMessage: (m: WebviewToHost) => this.onMessage(m),
      onDispose: (p: NasPanel) => {
        if (this.panel === p) this.panel = undefined;
      },
    };
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'open-cell':
        this.lastOpened = await this.open(m.cellId);
        return;
      case 'results-action':
        switch (m.action) {
          case 'choose-metric':
            await vscode.commands.executeCommand(COMMANDS.chooseResultsMetric);
            return;
          case 'show-problems':
            await vscode.commands.executeCommand('workbench.actions.view.problems');
            return;
          case 'refresh':
            await this.ctx.results.settled();
            await this.refresh();
            return;
          case 'fit':
            await vscode.commands.executeCommand(COMMANDS.fitSurrogate);
            return;
          case 'suggest':
            await vscode.commands.executeCommand(COMMANDS.suggestCells);
            return;
          case 'run-loop':
            await vscode.commands.executeCommand(COMMANDS.runLoop);
            return;
        }
        return;
      default:
        // Search-panel messages do not reach this view.
        return;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
  }
}

function noResultsNotice(globs: readonly string[]): Notice {
  return {
    kind: 'info',
    text: `No results file found (nasLens.results.files: ${globs.map((g) => `"${g}"`).join(', ') || 'none'}). Write your runs to a *.nas-results.jsonl file, one JSON object per line: {"cell": "|nor_conv_3x3~0|+|…|", "metrics": {"test_acc": 71.2}, "seed": 1}.`,
  };
}
