// Searches as the user drives them: "Search around this cell" / "Search the whole space" start one in
// the worker, show it in the search panel and as a cancellable background task (withProgress); the
// panel's Accept / Insert / Copy / Re-run / Export / Cancel come back here, checked, and act.
// Finished searches are kept in the workspace state: the panel VS Code restores after a window reload
// shows its search again with every action working (Accept / Insert only while the document's text is
// the text the search started from).
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatCell } from '../../core/dsl';
import { getSpace, spaceOf } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import type { Notice, ResultAction, WebviewToHost } from '../../protocol/webview';
import type { SearchRequest } from '../../protocol/worker';
import { isNasDocument } from '../analysis/selector';
import { VIEW_TYPES } from '../command-ids';
import type { Ctx } from '../ctx';
import { datasetFor, SPACE_LABELS } from '../datasets';
import { insertCell, replaceCell, type EditOutcome } from '../edits/cell-edits';
import { formatCount, formatTop, topOf } from '../format';
import { describeError } from '../log';
import { NasPanel } from '../panel/panel';
import { searchView } from '../panel/views';
import type { CellArgs } from '../providers/cell-args';
import { exportResults } from './export-command';
import type { ExportFormat } from './export';
import { findCell } from './find-cell';
import { SearchSession, type SearchOrigin, type SessionSnapshot } from './session';
import { SearchWorkerClient, type SearchEvent } from './worker-client';

const TOP_K = 10;
const KEEP_SESSIONS = 5;
/** Finished searches kept in the workspace state for a restored panel. */
const PERSIST_SESSIONS = 3;
export const SESSIONS_STATE_KEY = 'nasLens.searches.v1';

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class SearchManager implements vscode.Disposable {
  readonly client: SearchWorkerClient;
  private readonly sessions = new Map<string, SearchSession>();
  private panel: NasPanel | undefined;
  private latest: SearchSession | undefined;
  private seed = 1;
  private readonly changed = new vscode.EventEmitter<SearchSession>();
  /** Fires on every change of a session (progress, end, notice). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    this.client = new SearchWorkerClient(path.join(ctx.extensionPath, 'dist', 'worker.js'), ctx.log);
    ctx.push(this.changed);
    ctx.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.searchPanel, {
        deserializeWebviewPanel: async (webviewPanel, state) => this.restorePanel(webviewPanel, state),
      }),
    );
  }

  get current(): SearchSession | undefined {
    return this.latest;
  }

  get searchPanel(): NasPanel | undefined {
    return this.panel;
  }

  session(id: string): SearchSession | undefined {
    return this.sessions.get(id);
  }

  // ---- after a window reload ---------------------------------------------------------------------

  /** The panel VS Code restores after a reload (the serializer): its search comes back from the workspace state when it is kept there. */
  restorePanel(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    const panel = NasPanel.revive(this.ctx, webviewPanel, state, this.panelEvents());
    this.panel = panel;
    const view = panel.current;
    if (view?.kind !== 'search') return;
    const s = this.sessions.get(view.searchId) ?? this.restoreSession(view.searchId);
    if (s) {
      this.remember(s, !this.latest);
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

  private restoreSession(id: string): SearchSession | undefined {
    const kept = this.ctx.extension.workspaceState.get<unknown[]>(SESSIONS_STATE_KEY, []);
    const snap = Array.isArray(kept) ? kept.find((x) => (x as Partial<SessionSnapshot> | null)?.id === id) : undefined;
    try {
      const s = snap ? SearchSession.restore(snap) : undefined;
      if (s) {
        s.notice = {
          kind: 'info',
          text: s.origin
            ? `Restored after the window was reloaded. Accept and Insert apply while ${s.origin.file} still holds the text this search started from; otherwise re-run it.`
            : 'Restored after the window was reloaded.',
        };
      }
      return s;
    } catch (err) {
      this.ctx.log.warn(`a kept search could not be restored: ${describeError(err)}`);
      return undefined;
    }
  }

  /** Tests: forget every search and the panel, as a window reload does (the workspace state stays). */
  forgetForTests(): void {
    this.panel?.dispose();
    this.panel = undefined;
    this.sessions.clear();
    this.latest = undefined;
  }

  /** Keeps the latest finished searches in the workspace state (for a panel restored after a reload). */
  private persist(): void {
    const finished = [...this.sessions.values()].filter((s) => !s.running);
    const fresh = finished.slice(-PERSIST_SESSIONS).map((s) => s.snapshot());
    const ids = new Set(fresh.map((x) => x.id));
    const older = this.ctx.extension.workspaceState.get<SessionSnapshot[]>(SESSIONS_STATE_KEY, []).filter((x) => x && !ids.has(x.id));
    const keep = [...older, ...fresh].slice(-PERSIST_SESSIONS);
    Promise.resolve(this.ctx.extension.workspaceState.update(SESSIONS_STATE_KEY, keep)).catch((err) =>
      this.ctx.log.warn(`searches not kept for a reload: ${describeError(err)}`),
    );
  }

  // ---- starting -------------------------------------------------------------------------------

  /** "Search around this cell": the cell of the lens / hover link, else the cell at the cursor. */
  async searchAround(raw?: unknown): Promise<SearchSession | undefined> {
    const found = await findCell(this.ctx, raw);
    if (!found) return undefined;
    const { doc, analysis, cell } = found;
    if (!cell.parsed.valid || !cell.parsed.cell || !cell.hash) {
      void vscode.window.showWarningMessage(`NAS Lens: '${cell.parsed.name}' is not a valid cell; fix it first (see the Problems view).`);
      return undefined;
    }
    if (!cell.ranking) {
      void vscode.window.showWarningMessage(`NAS Lens: cannot search around '${cell.parsed.name}': ${cell.unranked ?? 'it is not ranked'}.`);
      return undefined;
    }
    const origin: SearchOrigin = {
      target: { uri: doc.uri.toString(), version: analysis.version, index: cell.index, name: cell.parsed.name },
      file: vscode.workspace.asRelativePath(doc.uri),
      notation: cell.parsed.notation,
      cell: cell.parsed.cell,
      hash: cell.hash,
      ranking: cell.ranking,
      ...(cell.cost ? { cost: cell.cost } : {}),
      textHash: textHash(analysis.text),
    };
    return this.start(this.request(cell.parsed.space, cell.ranking.model.dataset, cell.ranking.model.dir, origin), origin);
  }

  /** "Search the whole space": the space of the active file's cells, else picked. */
  async searchSpace(raw?: unknown): Promise<SearchSession | undefined> {
    let space: SpaceId | undefined = raw === 'nb101' || raw === 'nb201' || raw === 'darts' ? raw : undefined;
    if (!space) {
      const doc = vscode.window.activeTextEditor?.document;
      const spaces = new Set(doc && isNasDocument(doc) ? this.ctx.analyzer.parse(doc).cells.map((c) => c.parsed.space) : []);
      const items = (['nb201', 'nb101', 'darts'] as const).map((id) => ({ id, label: getSpace(id).label, description: spaces.has(id) ? 'in this file' : '' }));
      items.sort((a, b) => Number(spaces.has(b.id)) - Number(spaces.has(a.id)));
      space = (await vscode.window.showQuickPick(items, { title: 'NAS Lens: search which space?' }))?.id;
    }
    if (!space) return undefined;
    const dataset = datasetFor(space, this.ctx.settings.dataset);
    const lookup = await this.ctx.models.load(space, dataset);
    if (lookup.kind !== 'ready') {
      void vscode.window.showWarningMessage(`NAS Lens: cannot search ${SPACE_LABELS[space]}: ${lookup.message}.`);
      return undefined;
    }
    return this.start(this.request(space, dataset, lookup.model.dir), undefined);
  }

  private request(space: SpaceId, dataset: string, modelDir: string, origin?: SearchOrigin): SearchRequest {
    const s = this.ctx.settings;
    // The strategy, budget and time limit come from the settings; the worker starts from `start` when given.
    return {
      space,
      strategy: s.strategy,
      mode: 'surrogate',
      dataset,
      modelDir,
      ...(origin ? { start: origin.cell } : {}),
      budget: s.budget,
      timeMs: s.timeLimitMs,
      seed: this.seed++,
      topK: TOP_K,
      progressIntervalMs: 150,
    };
  }

  private start(request: SearchRequest, origin: SearchOrigin | undefined): SearchSession {
    for (const s of this.sessions.values()) if (s.running) this.client.cancel(s.id);
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((r) => (finish = r));
    const spaceSize = origin?.ranking.spaceSize ?? this.spaceSizeOf(request);
    let id: string;
    try {
      // Events arrive through the worker's message port, so never before the session below is remembered.
      id = this.client.start(request, (e) => {
        const s = this.sessions.get(e.id);
        if (s) this.onEvent(s, e);
        if (e.type !== 'progress') finish();
      });
    } catch (err) {
      void vscode.window.showErrorMessage(`NAS Lens: the search could not start: ${describeError(err)}`);
      throw err;
    }
    const session = new SearchSession(id, request, spaceSize, origin);
    this.remember(session);
    this.showPanel();
    this.ctx.log.info(
      `search ${id}: ${request.strategy} over ${request.space} on ${request.dataset}, budget ${request.budget}, ${request.timeMs} ms${origin ? `, around '${origin.target.name}' in ${origin.file}` : ''}`,
    );
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: origin ? `NAS Lens: searching around '${origin.target.name}'` : `NAS Lens: searching ${SPACE_LABELS[request.space]}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => this.cancel(id));
        let reported = 0;
        const sub = this.onDidChange((s) => {
          if (s.id !== id) return;
          const fraction = Math.min(1, s.evaluations / request.budget);
          const increment = Math.max(0, fraction * 100 - reported);
          reported += increment;
          const best = s.top[0];
          progress.report({
            increment,
            message: `${formatCount(s.evaluations)} evaluations${best ? ` · best Top ${formatTop(topOf(best.rank, s.spaceSize))}` : ''}`,
          });
        });
        try {
          await finished;
        } finally {
          sub.dispose();
        }
      },
    );
    return session;
  }

  private spaceSizeOf(request: SearchRequest): number {
    const lookup = this.ctx.models.peek(request.space, request.dataset as never);
    return lookup?.kind === 'ready' ? lookup.model.calibration.spaceSize : (getSpace(request.space).size ?? 1);
  }

  private remember(session: SearchSession, latest = true): void {
    this.sessions.set(session.id, session);
    if (latest) this.latest = session;
    while (this.sessions.size > KEEP_SESSIONS) {
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
  }

  private onEvent(s: SearchSession, e: SearchEvent): void {
    switch (e.type) {
      case 'progress':
        s.progress(e);
        break;
      case 'done':
        s.done(e);
        this.ctx.log.info(`search ${s.id}: ${e.reason} after ${e.evaluations} evaluations in ${e.elapsedMs} ms`);
        break;
      case 'error':
        s.fail(`The search stopped with an error: ${e.message}`);
        this.ctx.log.error(`search ${s.id}: ${e.message}`);
        break;
    }
    this.update(s, e.type !== 'progress');
    if (e.type !== 'progress') this.persist();
  }

  private update(s: SearchSession, now = false): void {
    if (this.panel && this.latest === s) this.panel.show(searchView(s), { now });
    this.changed.fire(s);
  }

  cancel(id?: string): void {
    const s = id ? this.sessions.get(id) : this.latest;
    if (s?.running) this.client.cancel(s.id);
  }

  // ---- the panel --------------------------------------------------------------------------------

  showPanel(): NasPanel {
    if (!this.latest) {
      // After a reload with no panel restored: the newest search kept in the workspace state.
      const kept = this.ctx.extension.workspaceState.get<SessionSnapshot[]>(SESSIONS_STATE_KEY, []);
      const newest = Array.isArray(kept) && kept.length ? this.restoreSession(kept[kept.length - 1]?.id) : undefined;
      if (newest) this.remember(newest);
    }
    if (!this.panel) this.panel = NasPanel.create(this.ctx, VIEW_TYPES.searchPanel, 'NAS Lens: search', this.panelEvents());
    else this.panel.reveal();
    if (this.latest) this.panel.show(searchView(this.latest), { now: true });
    return this.panel;
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

  private notify(s: SearchSession | undefined, notice: Notice): void {
    if (s) {
      s.notice = notice;
      this.update(s, true);
    } else {
      this.panel?.setNotice(notice);
    }
  }

  /** Accept (replace the start cell), Insert (a new cell after it) or Copy one result. */
  async act(
    searchId: string,
    resultId: string,
    action: ResultAction,
  ): Promise<EditOutcome | { kind: 'copied'; text: string } | { kind: 'unknown'; message: string }> {
    const s = this.sessions.get(searchId);
    const result = s?.result(resultId);
    if (!s || !result) {
      const message = 'This search is no longer held by NAS Lens (the window was reloaded or newer searches replaced it). Re-run it to act on its results.';
      this.notify(s, { kind: 'warning', text: message });
      return { kind: 'unknown', message };
    }
    if (action === 'copy') {
      const text = s.origin ? formatCell(result.cell, s.origin.notation) : spaceOf(result.cell).toText(result.cell);
      await vscode.env.clipboard.writeText(text);
      this.notify(s, { kind: 'info', text: `Copied ${s.origin ? `in the notation of '${s.origin.target.name}'` : 'as text'}.` });
      return { kind: 'copied', text };
    }
    if (!s.origin) {
      const message = 'A whole-space search has no start cell to replace; use Copy.';
      this.notify(s, { kind: 'warning', text: message });
      return { kind: 'unknown', message };
    }
    if (s.restored) {
      // Restored after a reload: document versions started again, so the text decides whether the document is unchanged.
      const unchanged = await this.rebaseRestored(s);
      if (unchanged !== true) {
        this.notify(s, { kind: 'stale', text: `${unchanged}. Re-run the search from the current text?` });
        return { kind: 'stale', message: unchanged, current: -1 };
      }
    }
    const outcome = action === 'accept' ? await replaceCell(this.ctx, s.origin.target, result.cell) : await insertCell(this.ctx, s.origin.target, result.cell);
    switch (outcome.kind) {
      case 'applied': {
        const editor = await vscode.window.showTextDocument(outcome.uri, { preserveFocus: false, preview: false, viewColumn: vscode.ViewColumn.One });
        editor.selection = new vscode.Selection(outcome.range.start, outcome.range.start);
        editor.revealRange(outcome.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        const what =
          action === 'accept'
            ? `Replaced '${s.origin.target.name}' with the #${formatCount(result.rank)} cell`
            : `Inserted the #${formatCount(result.rank)} cell as '${outcome.name ?? 'a new cell'}'`;
        this.notify(s, {
          kind: 'info',
          text: `${what} in ${s.origin.file}. Undo (Ctrl+Z) restores it. Acting on another result needs a re-run: the file has changed.`,
        });
        break;
      }
      case 'stale':
        this.notify(s, { kind: 'stale', text: `${outcome.message}. Re-run the search from the current text?` });
        break;
      case 'failed':
        this.notify(s, { kind: 'error', text: outcome.message });
        break;
    }
    return outcome;
  }

  /** true when the restored search's document still holds the text it started from (its target is then the current version); else why not. */
  private async rebaseRestored(s: SearchSession): Promise<true | string> {
    const origin = s.origin;
    if (!origin) return 'This search has no start cell';
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(origin.target.uri, true));
    } catch (err) {
      return `${origin.file} cannot be opened (${describeError(err)}); nothing was edited`;
    }
    if (!origin.textHash || textHash(doc.getText()) !== origin.textHash)
      return `${origin.file} changed since this search ran (before the window was reloaded); nothing was edited`;
    s.rebase(doc.version);
    this.ctx.log.info(`search ${s.id}: ${origin.file} is unchanged since the search; its results apply to version ${doc.version}`);
    return true;
  }

  /** The same search again from the start cell as it is now (found by its name). */
  async rerun(searchId: string): Promise<SearchSession | undefined> {
    const s = this.sessions.get(searchId);
    if (!s) {
      // A panel restored after a reload: the host no longer has the search, the view still names its start.
      const view = this.panel?.current?.kind === 'search' ? this.panel.current : undefined;
      const where = view?.start ? ` on '${view.start.name}' in ${view.start.file}` : '';
      void vscode.window.showInformationMessage(
        `NAS Lens: run the search again from the editor${where} ("Search around this cell" or "Search the whole space").`,
      );
      return undefined;
    }
    if (!s.origin) return this.searchSpace(s.request.space);
    const { target, file } = s.origin;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri, true));
    const cell = this.ctx.analyzer.parse(doc).cells.find((c) => c.parsed.name === target.name);
    if (!cell) {
      this.notify(s, { kind: 'error', text: `'${target.name}' is no longer in ${file}.` });
      return undefined;
    }
    return this.searchAround({ uri: target.uri, version: doc.version, index: cell.index, name: cell.parsed.name } satisfies CellArgs);
  }

  /** Export the results of a search (the latest by default), else the active file's ranking. */
  exportResults(options: { searchId?: string; format?: ExportFormat; uri?: vscode.Uri | string } = {}): Promise<vscode.Uri | undefined> {
    return exportResults(this.ctx, options.searchId ? this.sessions.get(options.searchId) : this.latest, options);
  }

  dispose(): void {
    for (const s of this.sessions.values()) if (s.running) this.client.cancel(s.id);
    this.panel?.dispose();
    this.client.dispose();
  }
}
