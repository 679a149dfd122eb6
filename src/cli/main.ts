import { Command } from 'commander';
import { version } from '../../package.json';
import { plainFileError } from '../node/read-file';
import { errorMessage } from '../shared/errors';
import { registerBenchSearchCommand } from './commands/bench-search';
import { registerCellCommands } from './commands/cells';
import { registerEvalCommand } from './commands/eval';
import { registerFitCommand } from './commands/fit';
import { registerLoopCommand } from './commands/loop';
import { registerRankCommand } from './commands/rank';
import { registerResultsCommands } from './commands/results';
import { registerRunsCommands } from './commands/runs';
import { registerSearchCommand } from './commands/search';
import { registerSuggestCommand } from './commands/suggest';
import { registerTrainCommand } from './commands/train';
import { registerTrainCellsCommand } from './commands/train-cells';
import { USAGE_ERROR } from './options';

const program = new Command();
program
  .name('nas-lens')
  .description('Rank, validate and search neural-network cells (NAS-Bench-101, NAS-Bench-201, DARTS).')
  .version(version)
  .showHelpAfterError();

registerCellCommands(program);
registerSearchCommand(program);
registerBenchSearchCommand(program);
registerTrainCommand(program);
registerEvalCommand(program);
registerRankCommand(program);
registerResultsCommands(program);
registerFitCommand(program);
registerSuggestCommand(program);
registerLoopCommand(program);
registerTrainCellsCommand(program);
registerRunsCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // A file-system error no command turned into words (EACCES, EISDIR, ENOSPC, …) is said plainly with its path.
  const e = error as NodeJS.ErrnoException;
  const message = typeof e?.code === 'string' && typeof e.path === 'string' ? plainFileError(error, e.path) : errorMessage(error);
  console.error(`nas-lens: ${message}`);
  process.exitCode = USAGE_ERROR;
});
