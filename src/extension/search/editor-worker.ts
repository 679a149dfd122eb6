// The editor's handle on a worker thread (the search worker, the ranking worker): the vscode-free
// WorkerClient of src/worker/client.ts in the background (its output dropped, never keeping the
// extension host alive), logging to the NAS Lens output channel, disposed with the extension.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { WorkerClient, type WorkerLog } from '../../worker/client';

export class EditorWorker extends WorkerClient implements vscode.Disposable {
  /** dist/worker.js of the extension; `name` says which worker it is in the log. */
  constructor(extensionPath: string, log: WorkerLog, name: 'search worker' | 'ranking worker') {
    super({ entry: { file: path.join(extensionPath, 'dist', 'worker.js') }, name, log, background: true, strayErrors: 'log' });
  }

  dispose(): void {
    void this.terminate();
  }
}
