import { Command } from 'commander';
import { registerCellCommands } from './commands/cells';
import { registerResultsCommands } from './commands/results';
import { registerSearchCommands } from './commands/search';
import { registerSurrogateCommands } from './commands/surrogate';

const program = new Command();
program
  .name('nas-lens')
  .description('Rank, validate and search neural-network cells (NAS-Bench-101, NAS-Bench-201, DARTS).')
  .version(process.env.NAS_LENS_VERSION ?? '0.1.0')
  .showHelpAfterError();

registerCellCommands(program);
registerSearchCommands(program);
registerSurrogateCommands(program);
registerResultsCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`nas-lens: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
