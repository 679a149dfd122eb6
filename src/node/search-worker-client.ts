import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { HostToWorker, SearchRequest, WorkerToHost } from '../protocol/worker';

/** A progress report of one search, as the worker sends it (without the message fields). */
export type SearchProgressEvent = Omit<Extract<WorkerToHost, { type: 'progress' }>, 'type' | 'id'>;
/** The end of one search. */
export type SearchDoneEvent = Omit<Extract<WorkerToHost, { type: 'done' }>, 'type' | 'id'>;

export interface SearchHandle {
  readonly id: string;
  /** Progress reports in order; ends when the search ends (also on an error, which `result` carries). */
  readonly progress: AsyncIterable<SearchProgressEvent>;
  /** The final report; rejects with the worker's error message. */
  readonly result: Promise<SearchDoneEvent>;
  /** Asks the worker to stop; `result` then resolves with reason 'cancelled'. */
  cancel(): void;
}

export interface WorkerEntry {
  /** dist/worker.js, or src/worker/main.ts (run through tsx's CommonJS hook). */
  readonly file: string;
}

/** Starts a worker thread on the entry; a TypeScript entry is loaded through tsx. */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (!entry.file.endsWith('.ts')) return new Worker(entry.file, options);
  // `--import tsx` in execArgv does not reach worker threads on Node 20; tsx's require hook does.
  const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'noop.js'));
  const hook = requireHere.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry.file)});`, { ...options, eval: true });
}

/**
 * The worker script: dist/worker.js beside a bundle (dist/cli.js), else the TypeScript source run
 * through tsx (tests, bench scripts). NAS_LENS_WORKER overrides both.
 */
export function searchWorkerEntry(): WorkerEntry {
  const override = process.env.NAS_LENS_WORKER;
  if (override) return { file: resolve(override) };
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const bundled = join(here, 'worker.js');
  if (existsSync(bundled)) return { file: bundled };
  const source = join(here, '../worker/main.ts');
  if (existsSync(source)) return { file: source };
  const fromRoot = join(dirname(here), 'dist/worker.js');
  if (existsSync(fromRoot)) return { file: fromRoot };
  throw new Error(`cannot find the search worker (looked for ${bundled} and ${source}); set NAS_LENS_WORKER`);
}

interface Pending {
  readonly queue: SearchProgressEvent[];
  wake?: () => void;
  ended: boolean;
  resolve(done: SearchDoneEvent): void;
  reject(error: Error): void;
}

/**
 * Host side of the search worker for Node (the CLI): one worker thread, any number of searches.
 *
 *   const client = await SearchWorkerClient.start();
 *   const search = client.start(request);
 *   for await (const p of search.progress) …;
 *   const done = await search.result;
 *   await client.terminate();
 */
export class SearchWorkerClient {
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  private terminated = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerToHost) => this.onMessage(message));
    worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => {
      if (!this.terminated) this.fail(new Error(`the search worker exited unexpectedly (code ${code})`));
    });
  }

  /** Spawns the worker and waits for its 'ready' message. */
  static async start(entry: WorkerEntry = searchWorkerEntry()): Promise<SearchWorkerClient> {
    const worker = spawnWorker(entry);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerToHost) => {
        if (m.type === 'ready') {
          cleanup();
          resolve();
        } else if (m.type === 'error') {
          cleanup();
          reject(new Error(m.message));
        }
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`the search worker exited during start-up (code ${code})`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    }).catch(async (error) => {
      await worker.terminate();
      throw error;
    });
    return new SearchWorkerClient(worker);
  }

  start(request: SearchRequest): SearchHandle {
    const id = `s${this.nextId++}`;
    let resolveResult!: (done: SearchDoneEvent) => void;
    let rejectResult!: (error: Error) => void;
    const result = new Promise<SearchDoneEvent>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => undefined); // the caller may only iterate progress; the error is still there for `await result`
    const entry: Pending = { queue: [], ended: false, resolve: resolveResult, reject: rejectResult };
    if (this.failure || this.terminated) {
      entry.ended = true;
      rejectResult(this.failure ?? new Error('the search worker has been terminated'));
    } else {
      this.pending.set(id, entry);
      this.post({ type: 'start', id, request });
    }
    const progress: AsyncIterable<SearchProgressEvent> = {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<SearchProgressEvent>> => {
          for (;;) {
            const item = entry.queue.shift();
            if (item) return { value: item, done: false };
            if (entry.ended) return { value: undefined, done: true };
            await new Promise<void>((wake) => {
              entry.wake = wake;
            });
          }
        },
      }),
    };
    return {
      id,
      progress,
      result,
      cancel: () => {
        if (this.pending.has(id)) this.post({ type: 'cancel', id });
      },
    };
  }

  /** Stops the worker; pending searches reject. */
  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    for (const id of this.pending.keys()) this.post({ type: 'cancel', id });
    this.fail(new Error('the search worker has been terminated'));
    await this.worker.terminate();
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: WorkerToHost): void {
    // 'scores' answer the editor's score requests and fit messages answer fits; this client (the CLI's searches) sends neither.
    if (message.type === 'ready' || message.type === 'scores' || message.type === 'fit-progress' || message.type === 'fit-done') return;
    if (message.type === 'error' && message.id === undefined) {
      this.fail(new Error(message.message));
      return;
    }
    const entry = this.pending.get(message.id!);
    if (!entry) return;
    if (message.type === 'progress') {
      const { type: _type, id: _id, ...event } = message;
      entry.queue.push(event);
      entry.wake?.();
      return;
    }
    this.pending.delete(message.id!);
    entry.ended = true;
    entry.wake?.();
    if (message.type === 'done') {
      const { type: _type, id: _id, ...done } = message;
      entry.resolve(done);
    } else {
      entry.reject(new Error(message.message));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.pending.values()) {
      entry.ended = true;
      entry.wake?.();
      entry.reject(error);
    }
    this.pending.clear();
  }
}
