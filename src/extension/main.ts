// Entry of the extension host side: builds the context, the providers and the command table.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from './analysis/selector';
import { commandTable, registerCommands } from './commands';
import { CompareCommand } from './commands/compare';
import { SearchManager } from './search/manager';
import { Ctx } from './ctx';
import { insertCell, replaceCell } from './edits/cell-edits';
import { CellHintProvider } from './providers/inlay-hints';
import { CellHoverProvider } from './providers/hover';
import { CellCodeActions } from './providers/code-actions';
import { CellLensProvider } from './providers/codelens';
import { DiagnosticsController } from './providers/diagnostics';
import { StatusBar } from './providers/status-bar';
import { ResultsPanel } from './results/results-panel';
import type { NasLensApi } from './api';
import { testHooks } from './testing';
import { RunsController } from './runs/runs-controller';
import { LoopController } from './runs/loop-controller';
import { runsCommandTable } from './runs/runs-commands';

export function activate(context: vscode.ExtensionContext): NasLensApi {
  const ctx = new Ctx(context);
  ctx.log.info(`NAS Lens ${context.extension.packageJSON.version} activated (VS Code ${vscode.version}, ${vscode.env.appName})`);
  const diagnostics = ctx.push(new DiagnosticsController(ctx));
  ctx.push(vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, new CellLensProvider(ctx)));
  ctx.push(vscode.languages.registerInlayHintsProvider(DOCUMENT_SELECTOR, new CellHintProvider(ctx)));
  ctx.push(vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new CellHoverProvider(ctx)));
  ctx.push(vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new CellCodeActions(ctx), { providedCodeActionKinds: CellCodeActions.kinds }));
  const statusBar = ctx.push(new StatusBar(ctx));
  const searches = ctx.push(new SearchManager(ctx));
  const compare = ctx.push(new CompareCommand(ctx));
  const results = ctx.push(new ResultsPanel(ctx));
  const runs = ctx.push(new RunsController(ctx));
  const loops = ctx.push(new LoopController(ctx, runs));
  registerCommands(ctx, { ...commandTable(ctx, searches, compare, results), ...runsCommandTable(ctx, runs, loops) });
  return {
    ctx,
    diagnostics,
    statusBar,
    searches,
    compare,
    results,
    runs,
    loops,
    replaceCell: (target, cell) => replaceCell(ctx, target, cell),
    insertCell: (target, cell, name) => insertCell(ctx, target, cell, name),
    testing: testHooks(ctx, searches, results),
  };
}

export function deactivate(): void {
  // Everything is on context.subscriptions.
}
