import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { PLACEHOLDER_NAMES } from '../../core/runs/placeholders';
import { BACKEND_KINDS, type BackendKind, type LocalOptions, type SlurmOptions } from '../../core/runs/runs-config';
import { runStatus, type RunState } from '../../core/runs/run-types';
import { readCellRefs } from '../../node/cell-refs';
import { DEFAULT_RESULTS_FILE } from '../../node/runs/create-run';
import type { Run } from '../../node/runs/run';
import { RunStore } from '../../node/runs/run-store';
import { readRunsConfigFile, RUNS_CONFIG_FILE } from '../../node/runs/runs-config-file';
import { collect, positiveInteger, positiveNumber, seedList } from '../options';
import { exitCodeOf, printRunEvent, printRunState } from '../runs-output';

interface TrainCellsOptions {
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
  detach?: boolean;
  poll?: number;
  json?: boolean;
}

/** `nas-lens train-cells FILE#CELL… --backend slurm|local --command '…'`. */
export function registerTrainCellsCommand(program: Command): void {
  program
    .command('train-cells')
    .description(
      `train cells with your own command on SLURM (one job array) or local processes; each finished run appends one line to the results file (default ${DEFAULT_RESULTS_FILE})`,
    )
    .argument('<cells...>', 'FILE#CELL (a name, or #N for the N-th cell), or FILE for every cell in it')
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
    .option('--detach', 'submit and return; follow later with nas-lens runs watch ID')
    .option('--poll <seconds>', 'slurm: seconds between questions to the scheduler', positiveNumber, 2)
    .option('--json', "print the run's final state as JSON (progress goes to stderr)")
    .action(async (specs: string[], options: TrainCellsOptions) => {
      const workspace = resolve(options.workspace);
      const { config, warnings } = readRunsConfigFile(workspace, options.config);
      for (const w of warnings) console.error(w);
      const backend = options.backend ?? config.backend ?? 'local';
      const command = options.command ?? config.command;
      if (!command) throw new Error(`no training command: pass --command '…' or set "command" in ${RUNS_CONFIG_FILE}`);
      const cells = await readCellRefs(specs);
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
      const store = new RunStore(workspace);
      const { run, duplicates } = await store.create({
        workspace,
        cells,
        seeds: options.seeds ?? Array.from({ length: config.seeds ?? 1 }, (_, i) => i),
        command,
        backend,
        results: options.results ?? config.results,
        source: options.source ?? config.source,
        ...(backend === 'slurm' ? { slurm } : { local }),
      });
      for (const d of duplicates) console.error(`skipped ${d}`);
      console.error(`run ${run.id}: ${run.request.cells.length} cells × ${run.request.seeds.length} seeds on ${backend}; state in ${run.dir}`);
      process.exitCode = await followRun(run, { detach: options.detach, json: options.json, schedulerMs: (options.poll ?? 2) * 1000 });
    });
}

/**
 * Follows a run to its end, printing each change to stderr; Ctrl-C stops following (the jobs go on).
 * Returns the exit code: 0 when every task is done, 1 when some failed or were cancelled, 130 when interrupted.
 */
export async function followRun(run: Run, options: { detach?: boolean; json?: boolean; schedulerMs?: number }): Promise<number> {
  const unsubscribe = run.onEvent(printRunEvent);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  let state: RunState;
  try {
    state = options.detach ? await run.step() : await run.follow({ signal: stop.signal, schedulerMs: options.schedulerMs });
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
  printRunState(run, state, options.json ?? false);
  if (runStatus(state.tasks) === 'active') {
    console.error(
      `run ${run.id} goes on: follow it with \`nas-lens runs watch ${run.id}\`, stop it with \`nas-lens runs cancel ${run.id}\`${run.request.backend === 'local' ? ' (local tasks waiting for a free slot start only while a watcher runs)' : ''}`,
    );
    return stop.signal.aborted ? 130 : 0;
  }
  if (runStatus(state.tasks) !== 'done') console.error(`retry the failed tasks with \`nas-lens runs retry ${run.id}\``);
  return exitCodeOf(state);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
