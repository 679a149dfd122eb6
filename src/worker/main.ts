// Search worker entry: filled in by the search-engine issue.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  parentPort?.postMessage({ type: 'error', message: 'the search worker is not built yet' });
});
