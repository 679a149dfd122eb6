// The host's side of the search worker: one worker thread, started on first use and again after a
// crash, running any number of searches (each with its id and listener), score requests, the results
// files' requests and fits. A failure of the thread ends every search, request and fit it was running
// with an error. vscode-free: the
// CLI and the benchmarks use it as it is; the extension wraps it for its log and disposal
// (src/extension/search/editor-worker.ts).
import type { Worker } from 'node:worker_threads';
import type { FittedModelCard } from '../core/fit/card';
import { FitCancelledError, type FitProgress } from '../core/fit/types';
import type { Cell } from '../core/spaces/types';
import type {
  FitRequest,
  HostToWorker,
  MeasuredEntry,
  ResultsCells,
  ResultsCellsRequest,
  ResultsQueryRequest,
  ResultsReport,
  ResultsReportRequest,
  ResultsSummary,
  ResultsSyncRequest,
  SearchRequest,
  SuggestProgress,
  SuggestReply,
  SuggestRequest,
  WorkerErrorCode,
  WorkerToHost,
} from '../protocol/worker';
import { asError, assertNever, errorMessage } from '../shared/errors';
import { spawnWorker, workerEntry, type WorkerEntry } from './spawn';

/** A progress report of one search, as the worker sends it (without the message fields). */
export type SearchProgressEvent = Omit<Extract<WorkerToHost, { type: 'progress' }>, 'type' | 'id'>;
/** The end of one search. */
export type SearchDoneEvent = Omit<Extract<WorkerToHost, { type: 'done' }>, 'type' | 'id'>;
/** The answer to a score request. */
export type ScoreReply = Omit<Extract<WorkerToHost, { type: 'scores' }>, 'type' | 'id'>;

/** What a search's listener hears: progress, then exactly one 'done' or 'error'. */
export type SearchEvent =
  | Extract<WorkerToHost, { type: 'progress' }>
  | Extract<WorkerToHost, { type: 'done' }>
  | { readonly type: 'error'; readonly id: string; readonly message: string };

export type SearchListener = (event: SearchEvent) => void;

/** One search as an async sequence of progress reports and a final result. */
export interface SearchHandle {
  readonly id: string;
  /** Progress reports in order; ends when the search ends (also on an error, which `result` carries). */
  readonly progress: AsyncIterable<SearchProgressEvent>;
  /** The final report; rejects with the worker's error message. */
  readonly result: Promise<SearchDoneEvent>;
  /** Asks the worker to stop; `result` then resolves with reason 'cancelled'. */
  cancel(): void;
}

export interface WorkerLog {
  info(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface WorkerClientOptions {
  /** The worker script (default: workerEntry()). */
  readonly entry?: WorkerEntry;
  /** The worker's name in the log: "search worker" or "ranking worker". */
  readonly name?: string;
  readonly log?: WorkerLog;
  /**
   * A background worker (the editor's): its stdout and stderr are dropped and it does not keep the
   * process alive. The CLI's worker is a foreground one: the process waits for its search.
   */
  readonly background?: boolean;
  /**
   * An error the worker reports outside any search (an uncaught exception in it): 'log' it and go on
   * (the editor, whose worker serves many requests), or 'fail' what is running (default).
   */
  readonly strayErrors?: 'log' | 'fail';
}

/** The reply types of the requests answered by one message (a score, the results' requests). */
type ReplyMessage = Extract<WorkerToHost, { type: 'scores' | 'results-summary' | 'results-measured' | 'results-report' | 'results-cells' }>;

interface PendingReply {
  resolve(reply: ReplyMessage): void;
  reject(error: Error): void;
}

/** The end of a fit: the model folder written and its card (card.decision says whether to use it). */
export interface FitResult {
  readonly dir: string;
  readonly card: FittedModelCard;
}

/** Options of a cancellable worker job (a fit, a suggestion). */
export interface JobOptions<P> {
  readonly onProgress?: (progress: P) => void;
  /** Aborting it sends 'cancel': the job then rejects with FitCancelledError. */
  readonly signal?: AbortSignal;
}

export type FitOptions = JobOptions<FitProgress>;
export type SuggestRunOptions = JobOptions<SuggestProgress>;

/** A job posted to the worker, until its result or error comes. */
interface PendingJob<P, R> {
  readonly onProgress?: (progress: P) => void;
  resolve(result: R): void;
  reject(error: Error): void;
}

/** An error the worker answered a request with; `code` when the host is to act on it. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly code?: WorkerErrorCode,
  ) {
    super(message);
  }
}

export class WorkerClient {
  private worker: Worker | undefined;
  /** The worker that has said 'ready'. */
  private readyWorker: Worker | undefined;
  private entry: WorkerEntry;
  private readonly listeners = new Map<string, SearchListener>();
  private readonly pending = new Map<string, PendingReply>();
  private readonly fits = new Map<string, PendingJob<FitProgress, FitResult>>();
  private readonly suggests = new Map<string, PendingJob<SuggestProgress, SuggestReply>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerClientOptions = {}) {
    this.entry = options.entry ?? workerEntry();
  }

  /** A client whose worker has started and said it is ready (rejects when the worker fails to start). */
  static async start(options: WorkerClientOptions = {}): Promise<WorkerClient> {
    const client = new WorkerClient(options);
    try {
      await client.ready();
    } catch (err) {
      await client.terminate();
      throw err;
    }
    return client;
  }

  private get name(): string {
    return this.options.name ?? 'search worker';
  }

  /** Starts the worker if it is not running and waits for its 'ready' message. */
  ready(): Promise<void> {
    const worker = this.ensureWorker();
    if (this.readyWorker === worker) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerToHost) => {
        if (m?.type === 'ready') done();
        else if (m?.type === 'error' && m.id === undefined) done(new Error(m.message));
      };
      const onError = (e: unknown) => done(asError(e));
      const onExit = (code: number) => done(new Error(`the ${this.name} exited during start-up (code ${code})`));
      const done = (error?: Error) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** Starts a search; `listener` gets its progress and exactly one 'done' or 'error'. Returns the search id. */
  start(request: SearchRequest, listener: SearchListener): string {
    if (this.closed) throw new Error(`the ${this.name} client is closed`);
    const id = `s${Date.now().toString(36)}-${this.nextId++}`;
    this.listeners.set(id, listener);
    try {
      this.post({ type: 'start', id, request });
    } catch (err) {
      this.listeners.delete(id);
      throw err;
    }
    return id;
  }

  /** Starts a search and follows it as a sequence of progress reports and a result. */
  search(request: SearchRequest): SearchHandle {
    const queue: SearchProgressEvent[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    let settle!: (event: SearchDoneEvent | Error) => void;
    const result = new Promise<SearchDoneEvent>((resolve, reject) => {
      settle = (event) => (event instanceof Error ? reject(event) : resolve(event));
    });
    result.catch(() => undefined); // the caller may only iterate progress; the error is still there for `await result`
    const end = (event: SearchDoneEvent | Error) => {
      ended = true;
      wake?.();
      settle(event);
    };
    let id = '';
    try {
      id = this.start(request, (e) => {
        if (e.type === 'progress') {
          const { type: _type, id: _id, ...event } = e;
          queue.push(event);
          wake?.();
        } else if (e.type === 'done') {
          const { type: _type, id: _id, ...done } = e;
          end(done);
        } else {
          end(new Error(e.message));
        }
      });
    } catch (err) {
      end(asError(err));
    }
    const progress: AsyncIterable<SearchProgressEvent> = {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<SearchProgressEvent>> => {
          for (;;) {
            const item = queue.shift();
            if (item) return { value: item, done: false };
            if (ended) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
      }),
    };
    return { id, progress, result, cancel: () => this.cancel(id) };
  }

  /** Scores cells with the model of `modelDir` in the worker (no cells: loads and checks the model). Rejects with the worker's error. */
  async score(modelDir: string, cells: readonly Cell[]): Promise<ScoreReply> {
    const m = await this.request('r', (id) => ({ type: 'score', id, modelDir, cells }), 'scores');
    return { scores: m.scores, space: m.space, backend: m.backend, ...(m.spreads ? { spreads: m.spreads } : {}) };
  }

  /** Brings the worker's results files up to date (src/worker/results-store.ts). */
  async resultsSync(request: ResultsSyncRequest): Promise<ResultsSummary> {
    return (await this.request('q', (id) => ({ type: 'results-sync', id, request }), 'results-summary')).summary;
  }

  /** The measured cells of (space, hash) keys, in order. */
  async resultsQuery(request: ResultsQueryRequest): Promise<{ generation: number; measured: readonly (MeasuredEntry | null)[] }> {
    const m = await this.request('q', (id) => ({ type: 'results-query', id, request }), 'results-measured');
    return { generation: m.generation, measured: m.measured };
  }

  /** A space's measured cells best first, scored, and the model's agreement with them. */
  async resultsReport(request: ResultsReportRequest): Promise<ResultsReport> {
    return (await this.request('q', (id) => ({ type: 'results-report', id, request }), 'results-report')).report;
  }

  /** The measured cells of one space (with their cells), for a fit or a suggestion. */
  async resultsCells(request: ResultsCellsRequest): Promise<ResultsCells> {
    return (await this.request('q', (id) => ({ type: 'results-cells', id, request }), 'results-cells')).cells;
  }

  /** Posts a request and waits for its one reply of type `reply` (or rejects with the worker's error). */
  private request<T extends ReplyMessage['type']>(
    prefix: string,
    message: (id: string) => HostToWorker,
    reply: T,
  ): Promise<Extract<ReplyMessage, { type: T }>> {
    if (this.closed) return Promise.reject(new Error(`the ${this.name} client is closed`));
    const id = `${prefix}${Date.now().toString(36)}-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (m) =>
          m.type === reply ? resolve(m as Extract<ReplyMessage, { type: T }>) : reject(new Error(`the ${this.name} answered ${m.type} to a ${reply} request`)),
        reject,
      });
      try {
        this.post(message(id));
      } catch (err) {
        this.pending.delete(id);
        reject(asError(err));
      }
    });
  }

  /**
   * Fits a surrogate to measured cells in the worker and writes its folder (src/worker/fit-session.ts).
   * Rejects with the worker's message, or with FitCancelledError after `signal` aborts.
   */
  fit(request: FitRequest, options: FitOptions = {}): Promise<FitResult> {
    return this.job('f', this.fits, (id) => ({ type: 'fit', id, request }), options);
  }

  /**
   * The next cells to train, as `nas-lens suggest` chooses them, in the worker (src/worker/suggest-session.ts).
   * Rejects with the worker's message, or with FitCancelledError after `signal` aborts.
   */
  suggest(request: SuggestRequest, options: SuggestRunOptions = {}): Promise<SuggestReply> {
    return this.job('g', this.suggests, (id) => ({ type: 'suggest', id, request }), options);
  }

  /** Posts a cancellable job (a fit, a suggestion) kept in `jobs` until its result or error comes. */
  private job<P, R>(prefix: string, jobs: Map<string, PendingJob<P, R>>, message: (id: string) => HostToWorker, options: JobOptions<P>): Promise<R> {
    if (this.closed) return Promise.reject(new Error(`the ${this.name} client is closed`));
    if (options.signal?.aborted) return Promise.reject(new FitCancelledError());
    const id = `${prefix}${Date.now().toString(36)}-${this.nextId++}`;
    const onAbort = () => this.cancel(id);
    return new Promise<R>((resolve, reject) => {
      jobs.set(id, { onProgress: options.onProgress, resolve, reject });
      try {
        this.post(message(id));
        options.signal?.addEventListener('abort', onAbort, { once: true });
      } catch (err) {
        jobs.delete(id);
        reject(asError(err));
      }
    }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  }

  cancel(id: string): void {
    if (this.listeners.has(id) || this.fits.has(id) || this.suggests.has(id)) this.post({ type: 'cancel', id });
  }

  /** Runs what comes next in another worker script; the running worker is stopped (what it runs ends with an error). */
  useEntry(entry: WorkerEntry): void {
    this.entry = entry;
    void this.stopWorker();
  }

  /** Stops the worker for good; what it runs ends with an error. */
  async terminate(): Promise<void> {
    this.closed = true;
    await this.stopWorker();
  }

  private post(message: HostToWorker): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const background = this.options.background === true;
    const worker = spawnWorker(this.entry, background ? { stdout: false, stderr: false } : {});
    if (background) worker.unref();
    worker.on('message', (m: WorkerToHost) => {
      if (m?.type === 'ready') this.readyWorker = worker;
      this.onMessage(m);
    });
    // Only the current worker's end fails the running searches (a replaced worker's exit comes later).
    worker.on('error', (err) => {
      this.options.log?.error(`the ${this.name} failed`, err);
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(`the search worker failed: ${errorMessage(err)}`);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.listeners.size || this.pending.size || this.fits.size || this.suggests.size) this.failAll(`the search worker exited (code ${code})`);
    });
    this.worker = worker;
    this.options.log?.info(`${this.name} started: ${this.entry.file}`);
    return worker;
  }

  private onMessage(m: WorkerToHost): void {
    if (typeof m !== 'object' || m === null) return;
    switch (m.type) {
      case 'ready':
        return;
      case 'progress':
        this.listeners.get(m.id)?.(m);
        return;
      case 'scores':
      case 'results-summary':
      case 'results-measured':
      case 'results-report':
      case 'results-cells': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m);
        return;
      }
      case 'fit-progress':
        this.fits.get(m.id)?.onProgress?.(m.progress);
        return;
      case 'fit-done': {
        const f = this.fits.get(m.id);
        this.fits.delete(m.id);
        f?.resolve({ dir: m.dir, card: m.card });
        return;
      }
      case 'suggest-progress':
        this.suggests.get(m.id)?.onProgress?.(m.progress);
        return;
      case 'suggest-done': {
        const g = this.suggests.get(m.id);
        this.suggests.delete(m.id);
        g?.resolve({ result: m.result, model: m.model });
        return;
      }
      case 'done': {
        const l = this.listeners.get(m.id);
        this.listeners.delete(m.id);
        l?.(m);
        return;
      }
      case 'error': {
        if (m.id === undefined) {
          if (this.options.strayErrors === 'log') this.options.log?.error(`${this.name}: ${m.message}`);
          else this.failAll(m.message);
          return;
        }
        const p = this.pending.get(m.id);
        if (p) {
          this.pending.delete(m.id);
          p.reject(new WorkerRequestError(m.message, m.code));
          return;
        }
        const f = this.fits.get(m.id);
        if (f) {
          this.fits.delete(m.id);
          f.reject(m.code === 'cancelled' ? new FitCancelledError() : new Error(m.message));
          return;
        }
        const g = this.suggests.get(m.id);
        if (g) {
          this.suggests.delete(m.id);
          g.reject(m.code === 'cancelled' ? new FitCancelledError() : new Error(m.message));
          return;
        }
        const l = this.listeners.get(m.id);
        this.listeners.delete(m.id);
        l?.({ type: 'error', id: m.id, message: m.message });
        return;
      }
      default:
        assertNever(m);
    }
  }

  private failAll(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new Error(message));
    const fits = [...this.fits.values()];
    this.fits.clear();
    for (const f of fits) f.reject(new Error(message));
    const suggests = [...this.suggests.values()];
    this.suggests.clear();
    for (const g of suggests) g.reject(new Error(message));
    const all = [...this.listeners];
    this.listeners.clear();
    for (const [id, l] of all) l({ type: 'error', id, message });
  }

  private async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const id of [...this.listeners.keys(), ...this.fits.keys(), ...this.suggests.keys()]) w?.postMessage({ type: 'cancel', id } satisfies HostToWorker);
    this.failAll('the search worker was stopped');
    await w?.terminate();
  }
}
