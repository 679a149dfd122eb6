// The results files of nasLens.results.files: found in every workspace folder (and, trusted, outside
// them; patterns.ts), watched, and found again when the globs, the folders or the trust change or a
// file appears or goes. `changed(ms)` asks the controller to sync with the worker in `ms`.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { LIMITS } from '../settings';
import { resolvePatterns, type ResultsPattern } from './patterns';

/** A burst of file events (a job writing line by line) becomes one sync. */
export const SYNC_DEBOUNCE_MS = 150;
const EXCLUDE = '**/{node_modules,.git}/**';

export class ResultsFiles implements vscode.Disposable {
  private found: string[] = [];
  private watchers: vscode.Disposable[] = [];
  private scanTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private globs: string;
  private toldIgnored = '';
  /** Scans of the globs (tests wait on them). */
  scans = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly changed: (ms: number) => void,
  ) {
    this.globs = JSON.stringify(ctx.settings.resultsFiles);
    ctx.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanSoon(0)));
    ctx.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.rescanSoon(0)));
    ctx.push(
      ctx.onDidChangeSettings((settings) => {
        const globs = JSON.stringify(settings.resultsFiles);
        if (globs !== this.globs) {
          this.globs = globs;
          this.rescanSoon(0);
        }
      }),
    );
    this.rescanSoon(0);
  }

  /** The results files found now (absolute paths, at most LIMITS.resultsFiles). */
  get files(): readonly string[] {
    return this.found;
  }

  rescanSoon(ms: number): void {
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(() => {
      this.scanTimer = undefined;
      void this.scanNow();
    }, ms);
  }

  /** Finds the files now (after a scan in progress). */
  async scanNow(): Promise<void> {
    while (this.scanning) await this.scanning;
    const run = this.scan().catch((err) => this.ctx.log.error('finding the results files', err));
    this.scanning = run;
    try {
      await run;
    } finally {
      this.scanning = undefined;
    }
  }

  private async scan(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const { patterns, ignored } = resolvePatterns(this.ctx.settings.resultsFiles, folders, { trusted: vscode.workspace.isTrusted, home: os.homedir() });
    this.tellIgnored(ignored);
    this.watch(patterns);
    const files: string[] = [];
    const seen = new Set<string>();
    for (const p of patterns) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(p.base), p.glob), EXCLUDE, LIMITS.resultsFiles + 1);
      for (const path of uris.map((u) => u.fsPath).sort()) {
        if (!seen.has(path)) {
          seen.add(path);
          files.push(path);
        }
      }
    }
    if (files.length > LIMITS.resultsFiles) {
      this.ctx.log.warn(`nasLens.results.files matches more than ${LIMITS.resultsFiles} files; the first ${LIMITS.resultsFiles} are read`);
      files.length = LIMITS.resultsFiles;
    }
    this.scans++;
    if (files.join('\n') !== this.found.join('\n')) {
      this.ctx.log.info(`results files: ${files.length ? files.map((f) => vscode.workspace.asRelativePath(f)).join(', ') : 'none'}`);
      this.found = files;
    }
    this.changed(0);
  }

  private watch(patterns: readonly ResultsPattern[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const p of patterns) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(p.base), p.glob));
      this.watchers.push(
        watcher,
        watcher.onDidCreate(() => this.rescanSoon(SYNC_DEBOUNCE_MS)),
        watcher.onDidDelete(() => this.rescanSoon(SYNC_DEBOUNCE_MS)),
        watcher.onDidChange(() => this.changed(SYNC_DEBOUNCE_MS)),
      );
    }
  }

  private tellIgnored(ignored: readonly string[]): void {
    const key = ignored.join('\n');
    if (!ignored.length || key === this.toldIgnored) return;
    this.toldIgnored = key;
    const text = `NAS Lens: this workspace is not trusted, so results outside its folders are not read (nasLens.results.files: ${ignored.map((g) => `"${g}"`).join(', ')}). Trust the workspace to read them.`;
    this.ctx.log.warn(text);
    void vscode.window.showInformationMessage(text);
  }

  dispose(): void {
    if (this.scanTimer) clearTimeout(this.scanTimer);
    for (const w of this.watchers) w.dispose();
  }
}
