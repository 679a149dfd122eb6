// A NAS Lens webview panel (the search panel or a comparison): owns its vscode.WebviewPanel, posts
// views (throttled), checks every message from the webview before handing it on, and is restored
// after a reload by the serializer with the state the webview kept (getState / setState).
import * as vscode from 'vscode';
import { parsePanelState, parseWebviewMessage, type HostToWebview, type Notice, type PanelView, type WebviewToHost } from '../../protocol/webview';
import type { Ctx } from '../ctx';
import { panelHtml } from './html';

const POST_INTERVAL_MS = 100;

export interface PanelEvents {
  onMessage(message: WebviewToHost, panel: NasPanel): void | Promise<void>;
  onDispose?(panel: NasPanel): void;
}

export class NasPanel implements vscode.Disposable {
  private view: PanelView | undefined;
  private notice: Notice | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastPost = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Messages the webview sent that failed validation (tests read it). */
  rejected = 0;
  /** Views posted to the webview (tests read the last). */
  posted = 0;

  private constructor(
    private readonly ctx: Ctx,
    readonly panel: vscode.WebviewPanel,
    private readonly events: PanelEvents,
  ) {
    const w = panel.webview;
    w.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist'), vscode.Uri.joinPath(ctx.extension.extensionUri, 'media')],
    };
    w.html = panelHtml(w, ctx.extension.extensionUri, panel.title);
    this.disposables.push(
      w.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(ctx: Ctx, viewType: string, title: string, events: PanelEvents, column = vscode.ViewColumn.Beside): NasPanel {
    const panel = vscode.window.createWebviewPanel(
      viewType,
      title,
      { viewColumn: column, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: false },
    );
    return new NasPanel(ctx, panel, events);
  }

  /** A panel VS Code restores after a reload; `state` comes from the webview's storage and is checked. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, state: unknown, events: PanelEvents): NasPanel {
    const p = new NasPanel(ctx, panel, events);
    const s = parsePanelState(state);
    if (s)
      p.view =
        s.view.kind === 'search'
          ? { ...s.view, live: false, canEdit: false, status: s.view.status === 'running' || s.view.status === 'starting' ? 'cancelled' : s.view.status }
          : s.view;
    return p;
  }

  get current(): PanelView | undefined {
    return this.view;
  }

  get currentNotice(): Notice | null {
    return this.notice;
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  show(view: PanelView, { now = false } = {}): void {
    this.view = view;
    this.panel.title = view.kind === 'search' ? `NAS Lens: ${view.title}` : `NAS Lens: ${view.title}`;
    this.schedule(now);
  }

  setNotice(notice: Notice | null): void {
    this.notice = notice;
    if (!this.disposed) void this.panel.webview.postMessage({ type: 'notice', notice } satisfies HostToWebview);
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  private schedule(now: boolean): void {
    if (this.disposed) return;
    const wait = now ? 0 : Math.max(0, this.lastPost + POST_INTERVAL_MS - Date.now());
    if (this.timer) {
      if (!now) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.post();
    }, wait);
  }

  private post(): void {
    if (this.disposed || !this.view) return;
    this.lastPost = Date.now();
    this.posted++;
    void this.panel.webview.postMessage({ type: 'view', view: this.view } satisfies HostToWebview);
  }

  /** A message from the webview: checked before anything acts on it. */
  receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.rejected++;
      this.ctx.log.warn(`ignored a malformed message from the panel: ${safeJson(raw)}`);
      return;
    }
    if (message.type === 'ready') {
      this.post();
      if (this.notice) this.setNotice(this.notice);
      return;
    }
    Promise.resolve(this.events.onMessage(message, this)).catch((err) => this.ctx.log.error(`panel message ${message.type}`, err));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.events.onDispose?.(this);
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
}
