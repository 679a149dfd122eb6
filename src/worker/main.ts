// Worker entry (dist/worker.js): serves surrogate-mode searches, score requests and the results files
// (results-messages.ts) for a host (the extension or the CLI) over the messages of src/protocol/worker.ts, or runs oracle-mode benchmark
// trials when started with BenchWorkerData.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Cell } from '../core/spaces/types';
import type { BenchWorkerData, HostToWorker, WorkerToHost } from '../protocol/worker';
import { assertNever, errorMessage } from '../shared/errors';
import { runBenchTrialsWorker } from './bench-trials';
import { ModelCache } from './model-cache';
import { resultsHandler } from './results-messages';
import { scoreCells, spreadsOf } from './score-cells';
import { runSurrogateSearch } from './surrogate-search';
import { FitCancelledError } from '../core/fit/types';
import { runFitSession } from './fit-session';
import { runSuggestSession } from './suggest-session';

const port = parentPort;

function post(message: WorkerToHost): void {
  port?.postMessage(message);
}

function serveSearches(): void {
  // The editor keeps a model per (space, dataset) it ranks with: room for all of them and a search's.
  const models = new ModelCache(8);
  const running = new Map<string, AbortController>();
  const results = resultsHandler(models, post);

  const start = (id: string, request: Extract<HostToWorker, { type: 'start' }>['request']) => {
    if (running.has(id)) {
      post({ type: 'error', id, message: `a search with id '${id}' is already running` });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    runSurrogateSearch(request, {
      signal: controller.signal,
      models,
      onProgress: (p) => post({ type: 'progress', id, ...p }),
    })
      .then(
        (result) => post({ type: 'done', id, reason: result.reason, evaluations: result.evaluations, elapsedMs: result.elapsedMs, top: result.top }),
        (error: unknown) => post({ type: 'error', id, message: errorMessage(error) }),
      )
      .finally(() => running.delete(id));
  };

  /** A cancellable job (a fit, a suggestion): its result message, or an 'error' (code 'cancelled' after a cancel). */
  const job = <T>(id: string, run: (signal: AbortSignal) => Promise<T>, done: (result: T) => WorkerToHost) => {
    if (running.has(id)) {
      post({ type: 'error', id, message: `a job with id '${id}' is already running` });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    run(controller.signal)
      .then(
        (result) => post(done(result)),
        (error: unknown) =>
          post({ type: 'error', id, message: errorMessage(error), ...(error instanceof FitCancelledError ? { code: 'cancelled' as const } : {}) }),
      )
      .finally(() => running.delete(id));
  };

  const fit = (id: string, request: Extract<HostToWorker, { type: 'fit' }>['request']) =>
    job(
      id,
      (signal) => runFitSession(request, { signal, onProgress: (progress) => post({ type: 'fit-progress', id, progress }) }),
      ({ dir, card }) => ({ type: 'fit-done', id, dir, card }),
    );

  const suggest = (id: string, request: Extract<HostToWorker, { type: 'suggest' }>['request']) =>
    job(
      id,
      (signal) => runSuggestSession(request, { signal, onProgress: (progress) => post({ type: 'suggest-progress', id, progress }) }),
      (reply) => ({ type: 'suggest-done', id, ...reply }),
    );

  const score = (id: string, modelDir: string, cells: readonly Cell[]) => {
    models
      .get(modelDir)
      .then(async (model) => {
        const space = model.surrogate.config.space;
        const wrong = cells.find((c) => c?.space !== space);
        if (wrong) throw new Error(`the model in ${modelDir} ranks ${space} cells, not ${String(wrong?.space)} cells`);
        const scores = await scoreCells(model, cells);
        const spreads = model.surrogate.config.members > 1 ? await spreadsOf(model, cells) : undefined;
        post({ type: 'scores', id, scores, space, backend: model.backend.backend, ...(spreads ? { spreads } : {}) });
      })
      .catch((error: unknown) => post({ type: 'error', id, message: errorMessage(error) }));
  };

  port!.on('message', (message: HostToWorker) => {
    try {
      switch (message?.type) {
        case 'start':
          start(message.id, message.request);
          break;
        case 'score':
          score(message.id, message.modelDir, Array.isArray(message.cells) ? message.cells : []);
          break;
        case 'fit':
          fit(message.id, message.request);
          break;
        case 'suggest':
          suggest(message.id, message.request);
          break;
        case 'cancel':
          running.get(message.id)?.abort();
          break;
        case 'results-sync':
        case 'results-query':
        case 'results-report':
        case 'results-cells':
          results(message);
          break;
        default:
          assertNever(message);
      }
    } catch (error) {
      post({ type: 'error', ...(typeof message?.id === 'string' ? { id: message.id } : {}), message: errorMessage(error) });
    }
  });
  port!.on('close', () => {
    for (const c of running.values()) c.abort();
    void models.dispose();
  });
  process.on('uncaughtException', (error) => post({ type: 'error', message: `search worker: ${errorMessage(error)}` }));
  process.on('unhandledRejection', (error) => post({ type: 'error', message: `search worker: ${errorMessage(error)}` }));
  post({ type: 'ready' });
}

if (!isMainThread && port) {
  const data = workerData as BenchWorkerData | undefined;
  if (data && data.role === 'bench-trials') runBenchTrialsWorker(port, data);
  else serveSearches();
}
