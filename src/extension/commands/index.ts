// The command table: every command id (command-ids.ts) → its handler. Registered once at activation.
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from '../command-ids';
import type { Ctx } from '../ctx';
import { applyCellEdit } from './apply-cell-edit';
import { chooseDataset } from './choose-dataset';
import { chooseResultsMetric } from './choose-results-metric';
import { rankFile } from './rank-file';
import { fitSurrogateCommand } from './fit-surrogate';
import { suggestCellsCommand } from './suggest-cells';
import type { CompareCommand } from './compare';
import type { SearchManager } from '../search/manager';
import type { ResultsPanel } from '../results/results-panel';
import { errorMessage } from '../../shared/errors';
import type { RunsCommandId } from '../runs/runs-commands';

export type Handler = (...args: unknown[]) => unknown;

export function commandTable(
  ctx: Ctx,
  searches: SearchManager,
  compare: CompareCommand,
  results: ResultsPanel,
): Record<Exclude<CommandId, RunsCommandId>, Handler> {
  return {
    [COMMANDS.rankFile]: (options?: unknown) => rankFile(ctx, { pick: (options as { pick?: unknown } | undefined)?.pick !== false }),
    [COMMANDS.searchAround]: (args?: unknown) => searches.searchAround(args),
    [COMMANDS.searchSpace]: (space?: unknown) => searches.searchSpace(space),
    [COMMANDS.showSearchPanel]: () => searches.showPanel(),
    [COMMANDS.chooseDataset]: (dataset?: unknown) => chooseDataset(ctx, dataset),
    [COMMANDS.compareCells]: (args?: unknown) => compare.run(args),
    [COMMANDS.exportResults]: (options?: unknown) => searches.exportResults(parseExportOptions(options)),
    [COMMANDS.applyCellEdit]: (args?: unknown) => applyCellEdit(ctx, args),
    [COMMANDS.showResults]: () => results.show(),
    [COMMANDS.chooseResultsMetric]: (metric?: unknown) => chooseResultsMetric(ctx, metric),
    [COMMANDS.fitSurrogate]: (args?: unknown) => fitSurrogateCommand(ctx, args),
    [COMMANDS.suggestCells]: (args?: unknown) => suggestCellsCommand(ctx, args),
  };
}

function parseExportOptions(value: unknown): { format?: 'csv' | 'json'; uri?: string } {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  return {
    ...(v.format === 'csv' || v.format === 'json' ? { format: v.format } : {}),
    ...(typeof v.uri === 'string' ? { uri: v.uri } : {}),
  };
}

export function registerCommands(ctx: Ctx, table: Record<CommandId, Handler>): void {
  for (const [id, handler] of Object.entries(table)) {
    ctx.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          ctx.log.error(`${id} failed`, err);
          void vscode.window.showErrorMessage(`NAS Lens: ${errorMessage(err)}`);
          return undefined;
        }
      }),
    );
  }
}
