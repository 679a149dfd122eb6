// Searches as the user drives them, held together: the runner starts them in the worker
// (runner.ts), the store holds them and keeps the finished ones for a window reload (store.ts), the
// search panel shows the latest, and its Accept / Insert / Copy / Re-run / Export / Cancel come back
// here, checked, and act (result-actions.ts). The panel VS Code restores after a reload shows its
// search again with every action working (Accept / Insert only while the document's text is the text
// the search started from).
import * as vscode from 'vscode';
import type { Notice, ResultAction, WebviewToHost } from '../../protocol/webview';
import { VIEW_TYPES } from '../command-ids';
import type { Ctx } from '../ctx';
import { NasPanel } from '../panel/panel';
import { searchView } from '../panel/views';
import { EditorWorker } from './editor-worker';
import { exportResults } from './export-command';
import type { ExportFormat } from './export';
import type { SearchHost } from './host';
import { actOnResult, rerunSearch, type ActionOutcome } from './result-actions';
import { SearchRunner } from './runner';
import type { SearchSession } from './session';
import { SearchStore } from './store';

export class SearchManager implements SearchHost, vscode.Disposable {
  readonly client: EditorWorker;
  readonly store: SearchStore;
  private readonly runner: SearchRunner;
  private panel: NasPanel | undefined;
  private readonly changed = new vscode.EventEmitter<SearchSession>();
  /** Fires on every change of a session (progress, end, notice). */
  readonly onDidChange = this.changed.event;

  constructor(readonly ctx: Ctx) {
    this.client = new EditorWorker(ctx.extensionPath, ctx.log, 'search worker');
    this.store = new SearchStore(ctx.extension.workspaceState, ctx.log);
    this.runner = new SearchRunner(this);
    ctx.push(this.changed);
    ctx.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.searchPanel, {
        deserializeWebviewPanel: async (webviewPanel, state) => this.restorePanel(webviewPanel, state),
      }),
    );
  }

  get current(): SearchSession | undefined {
    return this.store.latest;
  }

  get searchPanel(): NasPanel | undefined {
    return this.panel;
  }

  session(id: string): SearchSession | undefined {
    return this.store.get(id);
  }

  searchAround(raw?: unknown): Promise<SearchSession | undefined> {
    return this.runner.searchAround(raw);
  }

  searchSpace(raw?: unknown): Promise<SearchSession | undefined> {
    return this.runner.searchSpace(raw);
  }

  cancel(id?: string): void {
    this.runner.cancel(id);
  }

  /** Accept (replace the start cell), Insert (a new cell after it) or Copy one result. */
  act(searchId: string, resultId: string, action: ResultAction): Promise<ActionOutcome> {
    return actOnResult(this, searchId, resultId, action);
  }

  /** The same search again from the start cell as it is now (found by its name). */
  rerun(searchId: string): Promise<SearchSession | undefined> {
    const view = this.panel?.current?.kind === 'search' ? this.panel.current : undefined;
    return rerunSearch(this, this.runner, searchId, view?.start);
  }

  /** Export the results of a search (the latest by default), else the active file's ranking. */
  exportResults(options: { searchId?: string; format?: ExportFormat; uri?: vscode.Uri | string } = {}): Promise<vscode.Uri | undefined> {
    return exportResults(this.ctx, options.searchId ? this.store.get(options.searchId) : this.store.latest, options);
  }

  // ---- the panel --------------------------------------------------------------------------------

  /** The panel VS Code restores after a reload (the serializer): its search comes back from the workspace state when it is kept there. */
  restorePanel(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    const panel = NasPanel.revive(this.ctx, webviewPanel, state, this.panelEvents());
    this.panel = panel;
    const view = panel.current;
    if (view?.kind !== 'search') return;
    const s = this.store.get(view.searchId) ?? this.store.restore(view.searchId);
    if (s) {
      this.store.remember(s, !this.store.latest);
      panel.show(searchView(s), { now: true });
      this.ctx.log.info(`search panel restored with search ${s.id} (${s.top.length} results)`);
    } else {
      panel.setNotice({
        kind: 'warning',
        text: 'Restored after the window was reloaded, but this search is no longer kept (newer searches replaced it): its results are read-only. Run the search again from the editor to act on them.',
      });
      this.ctx.log.info(`search panel restored read-only: search ${view.searchId} is not kept`);
    }
  }

  showPanel(): NasPanel {
    if (!this.store.latest) {
      // After a reload with no panel restored: the newest search kept in the workspace state.
      const newest = this.store.restore(this.store.newestKeptId());
      if (newest) this.store.remember(newest);
    }
    if (!this.panel) this.panel = NasPanel.create(this.ctx, VIEW_TYPES.searchPanel, 'NAS Lens: search', this.panelEvents());
    else this.panel.reveal();
    const latest = this.store.latest;
    if (latest) this.panel.show(searchView(latest), { now: true });
    return this.panel;
  }

  update(s: SearchSession, now = false): void {
    if (this.panel && this.store.latest === s) this.panel.show(searchView(s), { now });
    this.changed.fire(s);
  }

  notify(s: SearchSession | undefined, notice: Notice): void {
    if (s) {
      s.notice = notice;
      this.update(s, true);
    } else {
      this.panel?.setNotice(notice);
    }
  }

  private panelEvents() {
    return {
      onMessage: (m: WebviewToHost) => this.onPanelMessage(m),
      onDispose: (p: NasPanel) => {
        if (this.panel === p) this.panel = undefined;
      },
    };
  }

  private async onPanelMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'cancel':
        this.cancel(m.searchId);
        return;
      case 'rerun':
        await this.rerun(m.searchId);
        return;
      case 'result':
        await this.act(m.searchId, m.resultId, m.action);
        return;
      case 'export':
        await this.exportResults({ searchId: m.searchId, format: m.format });
        return;
    }
  }

  dispose(): void {
    for (const s of this.store.running()) this.client.cancel(s.id);
    this.panel?.dispose();
    this.client.dispose();
  }
}
