// The extension's context object: owns what lives as long as the extension (settings, log, models,
// the analyzer, the results files) and, through `searches`, what lives as long as a search. Everything disposable is
// registered on `subscriptions` (context.subscriptions) in the order it must be torn down.
import * as vscode from 'vscode';
import { bundledModelsDir } from '../node/paths';
import { Analyzer } from './analysis/analyzer';
import { Ranker } from './analysis/ranker';
import { typescriptLoader } from './analysis/typescript';
import { readSettings } from './config';
import { CONFIG_KEYS, SECTION, type Settings } from './settings';
import { createLog, type Log } from './log';
import { ModelRegistry } from './models/registry';
import { ResultsController } from './results/controller';
import { EditorWorker } from './search/editor-worker';

export class Ctx {
  private current: Settings;
  private readonly settingsChanged = new vscode.EventEmitter<Settings>();
  readonly onDidChangeSettings = this.settingsChanged.event;
  readonly log: Log;
  readonly models: ModelRegistry;
  /** The ranking worker: loads the models and scores the editor's cells off the extension host's thread. */
  readonly scorer: EditorWorker;
  readonly ranker: Ranker;
  readonly analyzer: Analyzer;
  /** The user's results files: found, watched, read and joined in the ranking worker. */
  readonly results: ResultsController;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = createLog(extension);
    this.current = readSettings();
    this.scorer = this.push(new EditorWorker(extension.extensionPath, this.log, 'ranking worker'));
    this.models = this.push(
      new ModelRegistry(
        bundledModelsDir(extension.extensionPath),
        () => this.current,
        this.log,
        (dir, cells) => this.scorer.score(dir, cells),
        // Fitted models (.nas-lens/models/) are the workspace's files: used only where it is trusted.
        () => (vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath) : []),
      ),
    );
    this.ranker = new Ranker(this.models);
    this.analyzer = this.push(new Analyzer(this.ranker, () => this.current.dataset, typescriptLoader(extension.extensionPath)));
    this.push(this.settingsChanged);
    this.push(this.models.onDidChange(() => this.analyzer.invalidate()));
    this.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        const before = this.current;
        this.current = readSettings();
        if (e.affectsConfiguration(`${SECTION}.${CONFIG_KEYS.modelFolder}`)) this.models.reset();
        else if (before.dataset !== this.current.dataset) this.analyzer.invalidate();
        this.settingsChanged.fire(this.current);
      }),
    );
    this.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.current = readSettings();
        this.models.reset();
        this.settingsChanged.fire(this.current);
      }),
    );
    this.push(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.analyzer.forget(doc.uri);
        this.results.forget(doc.uri.toString());
      }),
    );
    this.results = this.push(new ResultsController(this));
  }

  get settings(): Settings {
    return this.current;
  }

  get extensionPath(): string {
    return this.extension.extensionPath;
  }

  push<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }
}
