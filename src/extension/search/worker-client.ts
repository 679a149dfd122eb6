// Host side of the search worker (dist/worker.js, worker_threads): one thread for the extension's
// lifetime, started on first use, restarted after a crash. Searches are independent: each has an id
// and its own listener; a worker failure ends every running search with an error. The editor's
// ranking uses a second client of the same script for score requests (score()), so that loading
// models and scoring cells never block the extension host.
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { Cell } from '../../core/spaces/types';
import { assertNever, type HostToWorker, type SearchRequest, type WorkerToHost } from '../../protocol/worker';

export type ScoreReply = Omit<Extract<WorkerToHost, { type: 'scores' }>, 'type' | 'id'>;

interface PendingScore {
  resolve(reply: ScoreReply): void;
  reject(error: Error): void;
}

export type SearchEvent =
  | Extract<WorkerToHost, { type: 'progress' }>
  | Extract<WorkerToHost, { type: 'done' }>
  | { readonly type: 'error'; readonly id: string; readonly message: string };

export interface SearchListener {
  (event: SearchEvent): void;
}

export interface WorkerLog {
  info(message: string): void;
  error(message: string, err?: unknown): void;
}

export class SearchWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private readonly listeners = new Map<string, SearchListener>();
  private readonly scoring = new Map<string, PendingScore>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private script: string,
    private readonly log: WorkerLog,
    /** For the log: "search worker" or "ranking worker". */
    private readonly name = 'search worker',
  ) {}

  /** Tests: run searches in another worker script (the current worker is stopped). */
  setScript(script: string): void {
    this.script = script;
    void this.stopWorker();
  }

  get running(): number {
    return this.listeners.size;
  }

  /** Starts a search; `listener` gets its progress and exactly one 'done' or 'error'. Returns the search id. */
  start(request: SearchRequest, listener: SearchListener): string {
    if (this.disposed) throw new Error('the search worker client is disposed');
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

  /** Scores cells with the model of `modelDir` in the worker (no cells: loads and checks the model). Rejects with the worker's error. */
  score(modelDir: string, cells: readonly Cell[]): Promise<ScoreReply> {
    if (this.disposed) return Promise.reject(new Error('the search worker client is disposed'));
    const id = `r${Date.now().toString(36)}-${this.nextId++}`;
    return new Promise<ScoreReply>((resolve, reject) => {
      this.scoring.set(id, { resolve, reject });
      try {
        this.post({ type: 'score', id, modelDir, cells });
      } catch (err) {
        this.scoring.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  cancel(id: string): void {
    if (this.listeners.has(id)) this.post({ type: 'cancel', id });
  }

  private post(message: HostToWorker): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { stdout: false, stderr: false });
    worker.unref();
    worker.on('message', (m: WorkerToHost) => this.onMessage(m));
    // Only the current worker's end fails the running searches (a replaced worker's exit comes later).
    worker.on('error', (err) => {
      this.log.error(`the ${this.name} failed`, err);
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(`the search worker failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.listeners.size || this.scoring.size) this.failAll(`the search worker exited (code ${code})`);
    });
    this.worker = worker;
    this.log.info(`${this.name} started: ${this.script}`);
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
      case 'scores': {
        const p = this.scoring.get(m.id);
        this.scoring.delete(m.id);
        p?.resolve({ scores: m.scores, space: m.space, backend: m.backend });
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
          this.log.error(`search worker: ${m.message}`);
          return;
        }
        const p = this.scoring.get(m.id);
        if (p) {
          this.scoring.delete(m.id);
          p.reject(new Error(m.message));
          return;
        }
        const l = this.listeners.get(m.id);
        this.listeners.delete(m.id);
        l?.({ type: 'error', id: m.id, message: m.message });
        return;
      }
      case 'fit-progress':
      case 'fit-done':
        return; // fits are not started through this client
      default:
        assertNever(m);
    }
  }

  private failAll(message: string): void {
    const scoring = [...this.scoring.values()];
    this.scoring.clear();
    for (const p of scoring) p.reject(new Error(message));
    const all = [...this.listeners];
    this.listeners.clear();
    for (const [id, l] of all) l({ type: 'error', id, message });
  }

  private async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.failAll('the search worker was stopped');
    await w?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    void this.stopWorker();
  }
}
