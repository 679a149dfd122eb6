// When the lenses and hints must be asked for again: the rankings changed (dataset, models), the settings or the user's results did.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export function providerRefresh(ctx: Ctx): vscode.Event<void> {
  const changed = ctx.push(new vscode.EventEmitter<void>());
  ctx.push(ctx.analyzer.onDidChange(() => changed.fire()));
  ctx.push(ctx.onDidChangeSettings(() => changed.fire()));
  ctx.push(ctx.results.onDidChange(() => changed.fire()));
  return changed.event;
}
