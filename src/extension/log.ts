// The "NAS Lens" output channel.
import * as vscode from 'vscode';
import { errorMessage } from '../shared/errors';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  show(): void;
}

export function createLog(context: vscode.ExtensionContext): Log {
  const channel = vscode.window.createOutputChannel('NAS Lens', { log: true });
  context.subscriptions.push(channel);
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, err) => channel.error(err === undefined ? m : `${m}: ${errorMessage(err)}`),
    show: () => channel.show(true),
  };
}
