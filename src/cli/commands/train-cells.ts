import type { Command } from 'commander';
import { runStatus, type RunState } from '../../core/runs/run-types';
import { readCellRefs } from '../../node/cell-refs';
import { DEFAULT_RESULTS_FILE } from '../../node/runs/create-run';
import type { Run } from '../../node/runs/run';
import { RunStore } from '../../node/runs/run-store';
import { resolve } from 'node:path';
import { addRunOptions, trainingSetup, type RunCommandOptions } from '../run-options';
import { addSuggestOptions, suggestBatch, type SuggestOptions } from './suggest';
import { exitCodeOf, printRunEvent, printRunState } from '../runs-output';

interface TrainCellsOptions extends RunCommandOptions, Partial<SuggestOptions> {
  detach?: boolean;
  json?: boolean;
  fromSuggest?: boolean;
}

/** `nas-lens train-cells FILE#CELL… | --from-suggest --space S --count K … --backend slurm|local --command '…'`. */
export function registerTrainCellsCommand(program: Command): void {
  const command = addRunOptions(
    program
      .command('train-cells')
      .description(
        `train cells with your own command on SLURM (one job array) or local processes; each finished run appends one line to the results file (default ${DEFAULT_RESULTS_FILE})`,
      )
      .argument('[cells...]', 'FILE#CELL (a name, or #N for the N-th cell), or FILE for every cell in it'),
  )
    .option('--from-suggest', 'train the cells `nas-lens suggest` picks from the measured cells of the results file (its options below: --space, --count, …)')
    .option('--detach', 'submit and return; follow later with nas-lens runs watch ID')
    .option('--json', "print the run's final state as JSON (progress goes to stderr)");
  addSuggestOptions(command, false).action(async (specs: string[], options: TrainCellsOptions) => {
    const setup = trainingSetup(options);
    const cells = options.fromSuggest ? await suggestedCells(options, setup.workspace, setup.results, specs) : await readCellRefs(needCells(specs));
    const store = new RunStore(setup.workspace);
    const { run, duplicates } = await store.create({ ...setup, cells, ...(options.fromSuggest && !setup.source ? { source: 'nas-lens suggest' } : {}) });
    for (const d of duplicates) console.error(`skipped ${d}`);
    console.error(`run ${run.id}: ${run.request.cells.length} cells × ${run.request.seeds.length} seeds on ${setup.backend}; state in ${run.dir}`);
    process.exitCode = await followRun(run, { detach: options.detach, json: options.json, schedulerMs: (options.poll ?? 2) * 1000 });
  });
}

function needCells(specs: readonly string[]): string[] {
  if (!specs.length) throw new Error('name the cells to train (FILE#CELL or FILE), or pass --from-suggest');
  return [...specs];
}

/** The batch suggest picks from the measured cells of the results file the runs append to. */
async function suggestedCells(options: TrainCellsOptions, workspace: string, results: string | undefined, specs: readonly string[]) {
  if (specs.length) throw new Error(`--from-suggest trains the suggested cells: leave out ${specs.join(' ')}`);
  const missing = (['space', 'count'] as const).filter((k) => options[k] === undefined).map((k) => `--${k}`);
  if (missing.length) throw new Error(`--from-suggest needs ${missing.join(' and ')}`);
  const file = resolve(workspace, results ?? DEFAULT_RESULTS_FILE);
  const batch = await suggestBatch(options as SuggestOptions, [file]);
  if (batch.result.shortfall) console.error(`nas-lens: warning: ${batch.result.shortfall}`);
  console.error(`suggest: ${batch.result.suggestions.length} cells from ${batch.measuredCells} measured (${batch.metric}) by ${batch.model.name}`);
  return batch.result.suggestions.map((s, i) => ({ name: `suggested-${i + 1}`, cell: s.cell }));
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
