import type { FittedModelCard } from '../core/fit/card';
import { FitCancelledError, type FitProgress } from '../core/fit/types';
import type { FitRequest, HostToWorker, WorkerToHost } from '../protocol/worker';
import { searchWorkerEntry, spawnWorker, type WorkerEntry } from './search-worker-client';

export interface FitInWorkerOptions {
  readonly onProgress?: (progress: FitProgress) => void;
  /** Aborting it sends 'cancel': the promise then rejects with FitCancelledError. */
  readonly signal?: AbortSignal;
  readonly entry?: WorkerEntry;
}

/**
 * Runs one fit in a worker thread of its own (the worker script of the searches) and stops the
 * worker at the end: the host's thread only passes messages. Resolves with the folder written and
 * its card; rejects with the worker's message, or FitCancelledError after a cancel.
 */
export async function runFitInWorker(request: FitRequest, options: FitInWorkerOptions = {}): Promise<{ dir: string; card: FittedModelCard }> {
  const worker = spawnWorker(options.entry ?? searchWorkerEntry());
  const id = 'fit';
  const post = (message: HostToWorker) => worker.postMessage(message);
  const onAbort = () => post({ type: 'cancel', id });
  try {
    return await new Promise<{ dir: string; card: FittedModelCard }>((resolve, reject) => {
      worker.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'ready':
            if (options.signal?.aborted) {
              reject(new FitCancelledError());
              return;
            }
            options.signal?.addEventListener('abort', onAbort, { once: true });
            post({ type: 'fit', id, request });
            return;
          case 'fit-progress':
            if (message.id === id) options.onProgress?.(message.progress);
            return;
          case 'fit-done':
            if (message.id === id) resolve({ dir: message.dir, card: message.card });
            return;
          case 'error':
            if (message.id === undefined || message.id === id) reject(message.code === 'cancelled' ? new FitCancelledError() : new Error(message.message));
            return;
          default:
            return;
        }
      });
      worker.on('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => reject(new Error(`the fit worker exited unexpectedly (code ${code})`)));
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
