// Search worker entry (dist/worker.js): runs surrogate-mode searches for a host (extension or CLI)
// over the messages of src/protocol/worker.ts, and oracle-mode benchmark trials for the bench runner.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { assertNever, type HostToWorker, type WorkerToHost } from '../protocol/worker';
import { ModelCache, runSearchSession } from '../node/search-session';
import { runBenchTrialsWorker, type BenchWorkerData } from '../node/search-bench';

const port = parentPort;

function post(message: WorkerToHost): void {
  port?.postMessage(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function serveSearches(): void {
  const models = new ModelCache();
  const running = new Map<string, AbortController>();

  const start = (id: string, request: Extract<HostToWorker, { type: 'start' }>['request']) => {
    if (running.has(id)) {
      post({ type: 'error', id, message: `a search with id '${id}' is already running` });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    runSearchSession(request, {
      signal: controller.signal,
      models,
      onProgress: (p) => post({ type: 'progress', id, ...p }),
    }).then(
      (result) => post({ type: 'done', id, reason: result.reason, evaluations: result.evaluations, elapsedMs: result.elapsedMs, top: result.top }),
      (error: unknown) => post({ type: 'error', id, message: messageOf(error) }),
    ).finally(() => running.delete(id));
  };

  port!.on('message', (message: HostToWorker) => {
    try {
      switch (message?.type) {
        case 'start':
          start(message.id, message.request);
          break;
        case 'cancel':
          running.get(message.id)?.abort();
          break;
        default:
          assertNever(message);
      }
    } catch (error) {
      post({ type: 'error', ...(typeof message?.id === 'string' ? { id: message.id } : {}), message: messageOf(error) });
    }
  });
  port!.on('close', () => {
    for (const c of running.values()) c.abort();
    void models.dispose();
  });
  process.on('uncaughtException', (error) => post({ type: 'error', message: `search worker: ${messageOf(error)}` }));
  process.on('unhandledRejection', (error) => post({ type: 'error', message: `search worker: ${messageOf(error)}` }));
  post({ type: 'ready' });
}

if (!isMainThread && port) {
  const data = workerData as BenchWorkerData | undefined;
  if (data && data.role === 'bench-trials') runBenchTrialsWorker(port, data);
  else serveSearches();
}
