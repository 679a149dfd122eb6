// The results messages of the worker (src/protocol/worker.ts): one ResultsStore, made on the first sync.
import type { HostToWorker, WorkerToHost } from '../protocol/worker';
import { errorMessage } from '../shared/errors';
import type { ModelCache } from './model-cache';
import { CodedError, ResultsStore } from './results-store';

export type ResultsMessage = Extract<HostToWorker, { type: 'results-sync' | 'results-query' | 'results-report' | 'results-cells' }>;

/** Handles the results messages; every request is answered by its reply or an 'error' with its id (and a code the host acts on). */
export function resultsHandler(models: ModelCache, post: (message: WorkerToHost) => void): (message: ResultsMessage) => void {
  let store: ResultsStore | undefined;
  const fail = (id: string) => (error: unknown) =>
    post({ type: 'error', id, message: errorMessage(error), ...(error instanceof CodedError ? { code: error.code } : {}) });
  const missing = (id: string, named: string) =>
    fail(id)(new CodedError('results-store-missing', `this worker holds no results store (${named} was in a worker that stopped): sync again`));
  return (message) => {
    switch (message.type) {
      case 'results-sync':
        store ??= new ResultsStore(models);
        store.sync(message.request).then((summary) => post({ type: 'results-summary', id: message.id, summary }), fail(message.id));
        return;
      case 'results-query':
        if (!store) return missing(message.id, message.request.store);
        try {
          const { generation, measured } = store.query(message.request);
          post({ type: 'results-measured', id: message.id, generation, measured });
        } catch (error) {
          fail(message.id)(error);
        }
        return;
      case 'results-cells':
        if (!store) return missing(message.id, message.request.store);
        try {
          post({ type: 'results-cells', id: message.id, cells: store.cellsOf(message.request) });
        } catch (error) {
          fail(message.id)(error);
        }
        return;
      case 'results-report':
        if (!store) return missing(message.id, message.request.store);
        store.report(message.request).then((report) => post({ type: 'results-report', id: message.id, report }), fail(message.id));
        return;
    }
  };
}
