// The commands of training: Train these cells, Run loop, cancel and retry (their ids: command-ids.ts).
import { COMMANDS } from '../command-ids';
import type { Handler } from '../commands';
import type { Ctx } from '../ctx';
import type { LoopController } from './loop-controller';
import type { RunsController } from './runs-controller';
import { trainCells } from './train-cells';

export type RunsCommandId = typeof COMMANDS.trainCells | typeof COMMANDS.runLoop | typeof COMMANDS.cancelRun | typeof COMMANDS.retryFailed;

export function runsCommandTable(ctx: Ctx, runs: RunsController, loops: LoopController): Record<RunsCommandId, Handler> {
  return {
    [COMMANDS.trainCells]: (args?: unknown) => trainCells(ctx, runs, args),
    [COMMANDS.runLoop]: (args?: unknown) => loops.runLoop(args),
    [COMMANDS.cancelRun]: (node?: unknown) => runs.cancel(node),
    [COMMANDS.retryFailed]: (node?: unknown) => runs.retry(node),
  };
}
