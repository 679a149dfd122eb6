// The user's results files in the editor: found and watched (results-files.ts) and handed to the
// ranking worker, which reads what was appended, joins and scores (results-store.ts);
// the host keeps the worker's summary, puts each file's problems in a diagnostic collection of its
// own, and asks the worker for the measured cells of the documents the providers show and for the
// model's agreement. A worker that was restarted has no results: the host syncs again and asks again.
import * as vscode from 'vscode';
import type { Agreement } from '../../core/results/agreement';
import type { SpaceId } from '../../core/spaces/types';
import type { MeasuredEntry, ResultsReport, ResultsSummary } from '../../protocol/worker';
import { WorkerRequestError } from '../../worker/client';
import type { Ctx } from '../ctx';
import { ResultsFiles } from './results-files';
import { fileDiagnostics } from './problem-diagnostics';
import { SerialRuns } from '../../shared/serial-runs';

/** Problems per file the worker sends (each file's count is exact; a note says how many more). */
export const MAX_PROBLEMS_PER_FILE = 1000;
/** Every file is looked at (one stat in the worker) this often, for file systems whose events do not reach the watcher (NFS). */
const POLL_MS = 5000;
export const DIAGNOSTIC_SOURCE = 'NAS Lens results';
/** The seed of the agreement's bootstrap (the CLI's default --seed). */
export const AGREEMENT_SEED = 0;

export interface DocumentCells {
  readonly uri: string;
  readonly version: number;
  readonly cells: readonly { readonly hash?: string; readonly parsed: { readonly space: SpaceId } }[];
}

interface Cached<T> {
  readonly generation: number;
  readonly key: string;
  readonly promise: Promise<T>;
  value?: T;
}

export class ResultsController implements vscode.Disposable {
  /** The files the globs match, found and watched. */
  private readonly finder: ResultsFiles;
  private summaryNow: ResultsSummary | undefined;
  private readonly collection = vscode.languages.createDiagnosticCollection('nas-lens-results');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the measured cells, the files or their problems change. */
  readonly onDidChange = this.changed.event;
  private readonly reread = new Set<string>();
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly syncRuns = new SerialRuns(
    () => this.sync(),
    (err) => this.ctx.log.error('reading the results files (ranking worker)', err),
    () => !this.disposed,
  );
  private readonly measured = new Map<string, Cached<(MeasuredEntry | undefined)[]>>();
  private readonly agreements = new Map<string, Cached<Agreement | undefined>>();
  private metric: string | undefined;
  private disposed = false;
  /** Syncs answered by the worker (tests wait on them). */
  syncs = 0;

  constructor(private readonly ctx: Ctx) {
    this.metric = ctx.settings.resultsMetric;
    this.finder = new ResultsFiles(ctx, (ms) => this.scheduleSync(ms));
    ctx.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        // An edit may lie anywhere in the file: read it whole.
        if (doc.uri.scheme === 'file' && this.finder.files.includes(doc.uri.fsPath)) {
          this.reread.add(doc.uri.fsPath);
          this.scheduleSync(0);
        }
      }),
    );
    ctx.push(
      ctx.onDidChangeSettings((settings) => {
        if (settings.resultsMetric !== this.metric) {
          this.metric = settings.resultsMetric;
          this.scheduleSync(0);
        }
      }),
    );
    this.poll = setInterval(() => {
      if (this.finder.files.length) this.scheduleSync(0);
    }, POLL_MS);
    this.poll.unref?.();
  }

  /** The worker's last summary; undefined before the first sync or when no results file exists. */
  get summary(): ResultsSummary | undefined {
    return this.summaryNow;
  }

  /** The results files found now (absolute paths). */
  get found(): readonly string[] {
    return this.finder.files;
  }

  /** Waits until the files found and the worker's summary are up to date with the disk as it was when called (tests, commands). */
  async settled(): Promise<ResultsSummary | undefined> {
    await this.finder.scanNow();
    await this.syncNow();
    return this.summaryNow;
  }

  // ---- the worker ----------------------------------------------------------------------------------

  private scheduleSync(ms: number): void {
    if (this.disposed) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      void this.syncNow();
    }, ms);
  }

  /** One sync at a time; a sync asked for meanwhile runs after it. */
  private syncNow(): Promise<void> {
    return this.syncRuns.run();
  }

  private async sync(): Promise<void> {
    // No results file now and none before: the worker is not asked (nor started) for nothing.
    if (this.disposed || (!this.finder.files.length && !this.summaryNow?.files.length)) return;
    const reread = [...this.reread];
    this.reread.clear();
    const summary = await this.ctx.scorer.resultsSync({
      files: this.finder.files,
      reread,
      ...(this.ctx.settings.resultsMetric !== undefined ? { metric: this.ctx.settings.resultsMetric } : {}),
      maxProblemsPerFile: MAX_PROBLEMS_PER_FILE,
    });
    if (!this.disposed) this.apply(summary);
  }

  private apply(summary: ResultsSummary): void {
    const before = this.summaryNow;
    this.summaryNow = summary;
    this.syncs++;
    const present = new Set(summary.files.map((f) => f.file));
    for (const f of before?.files ?? []) if (!present.has(f.file)) this.collection.delete(vscode.Uri.file(f.file));
    let problemsChanged = false;
    for (const f of summary.files) {
      if (!f.problems) continue;
      problemsChanged = true;
      this.collection.set(vscode.Uri.file(f.file), fileDiagnostics({ ...f, problems: f.problems }).map(toDiagnostic));
    }
    const moved =
      !before ||
      before.store !== summary.store ||
      before.generation !== summary.generation ||
      problemsChanged ||
      before.files.length !== summary.files.length ||
      summary.files.some((f) => f.read !== 'unchanged');
    if (moved) {
      if (!before || before.store !== summary.store || before.generation !== summary.generation) this.measured.clear();
      this.changed.fire();
    }
  }

  /** Runs `ask` with the worker's store; a restarted worker (no store) is synced anew and asked once more. */
  private async withStore<T>(ask: (store: string) => Promise<T>): Promise<T> {
    const store = this.summaryNow?.store;
    if (!store) throw new Error('no results have been read');
    try {
      return await ask(store);
    } catch (err) {
      if (!(err instanceof WorkerRequestError) || err.code !== 'results-store-missing') throw err;
      this.ctx.log.info('the ranking worker was restarted: reading the results files again');
      await this.syncNow();
      const fresh = this.summaryNow?.store;
      if (!fresh || fresh === store) throw err;
      return ask(fresh);
    }
  }

  // ---- what the providers and the view ask ---------------------------------------------------------

  /** The measured cell of each cell of a document version (aligned with `doc.cells`; empty when nothing is measured). */
  measuredOf(doc: DocumentCells): Promise<readonly (MeasuredEntry | undefined)[]> {
    const s = this.summaryNow;
    if (!s || s.measuredCells === 0) return Promise.resolve([]);
    const key = `${doc.version}`;
    const hit = this.measured.get(doc.uri);
    if (hit && hit.key === key && hit.generation === s.generation) return hit.promise;
    const keys: { space: SpaceId; hash: string }[] = [];
    const at: number[] = [];
    doc.cells.forEach((c, i) => {
      if (c.hash) {
        keys.push({ space: c.parsed.space, hash: c.hash });
        at.push(i);
      }
    });
    const promise = keys.length
      ? this.withStore((store) => this.ctx.scorer.resultsQuery({ store, keys })).then((reply) => {
          const out: (MeasuredEntry | undefined)[] = new Array(doc.cells.length).fill(undefined);
          reply.measured.forEach((m, k) => (out[at[k]] = m ?? undefined));
          return out;
        })
      : Promise.resolve([]);
    const entry: Cached<(MeasuredEntry | undefined)[]> = { generation: s.generation, key, promise };
    promise.catch(() => {
      if (this.measured.get(doc.uri) === entry) this.measured.delete(doc.uri);
    });
    this.measured.set(doc.uri, entry);
    if (this.measured.size > 200) this.measured.delete(this.measured.keys().next().value as string);
    return promise;
  }

  /** Forgets what was asked for a closed document. */
  forget(uri: string): void {
    this.measured.delete(uri);
  }

  /**
   * The agreement of the model in `modelDir` with the measured cells of the space; undefined when
   * nothing of the space is measured. While a newer one is computed the last one is kept.
   */
  agreement(space: SpaceId, modelDir: string): Promise<Agreement | undefined> {
    const s = this.summaryNow;
    if (!s || s.measuredCells === 0) return Promise.resolve(undefined);
    const key = `${space}\u0000${modelDir}`;
    const hit = this.agreements.get(key);
    if (hit && hit.generation === s.generation && hit.key === s.store) return hit.promise;
    const previous = hit?.value;
    const entry: Cached<Agreement | undefined> = {
      generation: s.generation,
      key: s.store,
      promise: this.report(space, modelDir, 0, 0).then(
        (r) => {
          if (r.modelError) this.ctx.log.warn(`the agreement with ${modelDir}: ${r.modelError}`);
          entry.value = r.agreement;
          return r.agreement;
        },
        (err: unknown) => {
          // A newer generation is on its way (the caller asks again when it lands); keep showing the last figure.
          if (err instanceof WorkerRequestError && err.code === 'results-stale') return previous;
          this.agreements.delete(key);
          throw err;
        },
      ),
    };
    this.agreements.set(key, entry);
    return entry.promise;
  }

  /** A space's measured cells best first, scored by the model of `modelDir` (see ResultsReportRequest). */
  report(space: SpaceId, modelDir: string | undefined, best: number, cells: number): Promise<ResultsReport> {
    return this.withStore((store) =>
      this.ctx.scorer.resultsReport({ store, space, ...(modelDir !== undefined ? { modelDir } : {}), best, cells, seed: AGREEMENT_SEED }),
    );
  }

  dispose(): void {
    this.disposed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    clearInterval(this.poll);
    this.finder.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }
}

function toDiagnostic(d: ReturnType<typeof fileDiagnostics>[number]): vscode.Diagnostic {
  const severity =
    d.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : d.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, d.character, d.endLine, d.endCharacter), d.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}
