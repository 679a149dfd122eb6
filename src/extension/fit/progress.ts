// A cancellable progress notification for a job in the worker (a fit, a suggestion): its Cancel
// aborts the signal the job is given; `report` takes the share done (0..100) and what is happening.
import * as vscode from 'vscode';

export function withCancellableProgress<T>(
  title: string,
  run: (report: (percent: number, message: string) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    let done = 0;
    return run((percent, message) => {
      progress.report({ message, increment: Math.max(0, percent - done) });
      done = Math.max(done, percent);
    }, controller.signal);
  });
}
