// The options that say where and how cells are trained, shared by `train-cells` and `loop` (read with
// src/node/runs/training-setup.ts, which the editor shares): the
// backend, the command template, seeds, the results file, SLURM and local settings — each falling
// back to the workspace's nas-lens.runs.json.
import { Option, type Command } from 'commander';
import { PLACEHOLDER_NAMES } from '../core/runs/placeholders';
import { BACKEND_KINDS } from '../core/runs/runs-config';
import { DEFAULT_RESULTS_FILE } from '../node/runs/create-run';
import { RUNS_CONFIG_FILE } from '../node/runs/runs-config-file';
import { trainingSetup as nodeTrainingSetup, type TrainingOptions, type TrainingSetup } from '../node/runs/training-setup';
import { collect, positiveInteger, positiveNumber, seedList } from './options';

export interface RunCommandOptions extends TrainingOptions {
  poll?: number;
}

export function addRunOptions(command: Command): Command {
  return command
    .addOption(new Option('--backend <kind>', `where to train (default: "backend" in ${RUNS_CONFIG_FILE}, else local)`).choices(BACKEND_KINDS))
    .option(
      '--command <template>',
      `your training command; placeholders: ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ')} (default: "command" in ${RUNS_CONFIG_FILE})`,
    )
    .option('--seeds <n|list>', 'seeds per cell: a count (3 → 0,1,2) or a list (1,5,9); default 1', seedList)
    .option('--results <file>', `results file the runs append to (default: "results" in ${RUNS_CONFIG_FILE}, else ${DEFAULT_RESULTS_FILE} in the workspace)`)
    .option('--source <name>', 'the "source" of the results lines (your recipe\'s name)')
    .option('--workspace <dir>', 'the workspace folder: runs live in its .nas-lens/runs/, commands run from it', '.')
    .option('--config <file>', `runs configuration (default: ${RUNS_CONFIG_FILE} in the workspace, when present)`)
    .option('--concurrency <n>', 'local: processes at once (default: the number of cores)', positiveInteger)
    .option('--time <limit>', 'time limit per run, SLURM format (30, 30:00, 1-00:00:00); local runs are ended by NAS Lens')
    .option('--partition <name>', 'slurm: partition')
    .option('--cpus-per-task <n>', 'slurm: CPUs per task', positiveInteger)
    .option('--mem <size>', 'slurm: memory per node (e.g. 16G)')
    .option('--gres <spec>', 'slurm: generic resources (e.g. gpu:1)')
    .option('--account <name>', 'slurm: account')
    .option('--qos <name>', 'slurm: quality of service')
    .option('--max-concurrent <p>', 'slurm: array tasks running at once (--array=…%P)', positiveInteger)
    .option('--sbatch <option>', 'slurm: an extra #SBATCH option, e.g. --constraint=a100 (repeatable)', collect)
    .option('--preamble <line>', 'a shell line run before the command, e.g. "module load cuda" (repeatable)', collect)
    .option('--poll <seconds>', 'slurm: seconds between questions to the scheduler', positiveNumber, 2);
}

/** How to train, from the options with nas-lens.runs.json as the fallback; warnings of the config file go to stderr. */
export function trainingSetup(options: RunCommandOptions): TrainingSetup {
  return nodeTrainingSetup(options, (w) => console.error(w));
}
