// The options that say where and how cells are trained, shared by `train-cells` and `loop`: the
// backend, the command template, seeds, the results file, SLURM and local settings — each falling
// back to the workspace's nas-lens.runs.json.
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { PLACEHOLDER_NAMES } from '../core/runs/placeholders';
import { BACKEND_KINDS, type BackendKind, type LocalOptions, type SlurmOptions } from '../core/runs/runs-config';
import { DEFAULT_RESULTS_FILE } from '../node/runs/create-run';
import { readRunsConfigFile, RUNS_CONFIG_FILE } from '../node/runs/runs-config-file';
import { collect, positiveInteger, positiveNumber, seedList } from './options';

export interface RunCommandOptions {
  backend?: BackendKind;
  command?: string;
  seeds?: number[];
  results?: string;
  source?: string;
  workspace: string;
  config?: string;
  concurrency?: number;
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  gres?: string;
  account?: string;
  qos?: string;
  maxConcurrent?: number;
  sbatch?: string[];
  preamble?: string[];
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
export interface TrainingSetup {
  readonly workspace: string;
  readonly backend: BackendKind;
  readonly command: string;
  readonly seeds: number[];
  readonly results?: string;
  readonly source?: string;
  readonly slurm?: SlurmOptions;
  readonly local?: LocalOptions;
}

export function trainingSetup(options: RunCommandOptions): TrainingSetup {
  const workspace = resolve(options.workspace);
  const { config, warnings } = readRunsConfigFile(workspace, options.config);
  for (const w of warnings) console.error(w);
  const backend = options.backend ?? config.backend ?? 'local';
  const command = options.command ?? config.command;
  if (!command) throw new Error(`no training command: pass --command '…' or set "command" in ${RUNS_CONFIG_FILE}`);
  const slurm: SlurmOptions = dropUndefined({
    ...config.slurm,
    partition: options.partition ?? config.slurm?.partition,
    time: options.time ?? config.slurm?.time,
    cpusPerTask: options.cpusPerTask ?? config.slurm?.cpusPerTask,
    mem: options.mem ?? config.slurm?.mem,
    gres: options.gres ?? config.slurm?.gres,
    account: options.account ?? config.slurm?.account,
    qos: options.qos ?? config.slurm?.qos,
    maxConcurrent: options.maxConcurrent ?? config.slurm?.maxConcurrent,
    sbatch: options.sbatch ?? config.slurm?.sbatch,
    preamble: options.preamble ?? config.slurm?.preamble,
  });
  const local: LocalOptions = dropUndefined({
    concurrency: options.concurrency ?? config.local?.concurrency,
    time: options.time ?? config.local?.time,
    preamble: options.preamble ?? config.local?.preamble,
  });
  const results = options.results ?? config.results;
  const source = options.source ?? config.source;
  return {
    workspace,
    backend,
    command,
    seeds: options.seeds ?? Array.from({ length: config.seeds ?? 1 }, (_, i) => i),
    ...(results !== undefined ? { results } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(backend === 'slurm' ? { slurm } : { local }),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
