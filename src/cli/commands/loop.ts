// `nas-lens loop`: the closed loop — fit → suggest → train → fit … for a number of rounds, each
// round's cells trained as one run on SLURM or local processes, results read back from the file.
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { macroFor, type DatasetId } from '../../core/catalog';
import type { LoopEvent, LoopState } from '../../core/loop/loop-types';
import { describeCounts } from '../../core/runs/describe';
import { runStatus, statusCounts } from '../../core/runs/run-types';
import type { SpaceId } from '../../core/spaces/types';
import { ACQUISITION_NAMES, DEFAULT_KAPPA, type AcquisitionName } from '../../core/suggest/acquisition';
import { DEFAULT_MIN_DISTANCE, DEFAULT_SUGGEST_BUDGET } from '../../core/suggest/suggest';
import { LoopStore, type Loop } from '../../node/loop/loop';
import { loopRequestOf } from '../../node/loop/loop-request';
import { initTfBackend } from '../../node/tf-backend';
import { choiceOption, datasetOption, nonNegativeInteger, positiveInteger, positiveNumber, seedOption, spaceOption } from '../options';
import { printJson } from '../output';
import { addRunOptions, trainingSetup, type RunCommandOptions } from '../run-options';
import { printRunEvent } from '../runs-output';

interface LoopCommandOptions extends RunCommandOptions {
  space?: SpaceId;
  rounds?: number;
  batch?: number;
  initial?: number;
  metric?: string;
  acquisition: AcquisitionName;
  kappa: number;
  minDistance: number;
  budget: number;
  maxParams?: number;
  dataset: DatasetId;
  prior?: string;
  seed: number;
  resume?: string;
  json?: boolean;
}

export function registerLoopCommand(program: Command): void {
  addRunOptions(
    program
      .command('loop')
      .description(
        'the closed loop: each round fits an ensemble to every measured cell, suggests a batch and trains it as one run; ' +
          'results land in the results file and the next round starts from them. Ctrl-C stops following (the jobs go on); --resume ID continues',
      )
      .addOption(spaceOption('the space of the cells'))
      .addOption(new Option('--rounds <r>', 'rounds (the first trains --initial random cells when fewer are measured)').argParser(positiveInteger))
      .addOption(new Option('--batch <k>', 'cells per round').argParser(positiveInteger))
      .addOption(new Option('--initial <n>', 'random cells of the first round when fewer cells are measured (default: --batch)').argParser(positiveInteger))
      .option('--metric <name>', 'the metric to improve (default: the first test metric, else the first validation metric, else the first)')
      .addOption(
        choiceOption<AcquisitionName>(
          '--acquisition <name>',
          'ucb: score + κ·spread; ei: expected improvement; greedy: the score',
          'acquisition',
          ACQUISITION_NAMES,
        ).default('ucb'),
      )
      .addOption(new Option('--kappa <k>', 'κ of ucb').argParser(positiveNumber).default(DEFAULT_KAPPA))
      .addOption(
        new Option('--min-distance <d>', 'smallest edit distance between two cells of a batch').argParser(nonNegativeInteger).default(DEFAULT_MIN_DISTANCE),
      )
      .addOption(new Option('--budget <n>', 'candidate cells each round scores').argParser(positiveInteger).default(DEFAULT_SUGGEST_BUDGET))
      .addOption(new Option('--max-params <millions>', 'only cells with at most this many parameters (millions)').argParser(positiveNumber))
      .addOption(datasetOption('the bundled model the first fit starts from, and the network whose parameters --max-params counts'))
      .option('--prior <dir>', 'the model the first fit warm-starts from (default: the bundled model of the space and --dataset)')
      .addOption(seedOption('seed of the loop (same seed and results, same cells)')),
  )
    .option('--resume <id>', 'continue a loop of this workspace (an id, a prefix of one, or "last"); the other options are its own')
    .option('--json', "print the loop's final state as JSON (progress goes to stderr)")
    .action(async (options: LoopCommandOptions) => {
      process.exitCode = await loopCommand(options);
    });
}

async function loopCommand(options: LoopCommandOptions): Promise<number> {
  const workspace = resolve(options.workspace);
  const store = new LoopStore(workspace);
  let loop: Loop;
  if (options.resume) {
    loop = store.open(options.resume);
    console.error(`resuming ${loop.id}: ${loop.state().rounds.length} of ${loop.request.rounds} rounds started`);
  } else {
    const missing = (['space', 'rounds', 'batch'] as const).filter((k) => options[k] === undefined).map((k) => `--${k}`);
    if (missing.length) throw new Error(`a new loop needs ${missing.join(', ')} (or --resume ID to continue one)`);
    const setup = trainingSetup(options);
    const space = options.space as SpaceId;
    if (options.maxParams !== undefined && space === 'nb201' && !macroFor(space, options.dataset))
      throw new Error(`no network for --dataset ${options.dataset}`);
    loop = store.create(
      loopRequestOf(setup, {
        space,
        ...(options.metric !== undefined ? { metric: options.metric } : {}),
        rounds: options.rounds as number,
        batch: options.batch as number,
        ...(options.initial !== undefined ? { initial: options.initial } : {}),
        seed: options.seed,
        acquisition: options.acquisition,
        kappa: options.kappa,
        minDistance: options.minDistance,
        searchBudget: options.budget,
        ...(options.maxParams !== undefined ? { maxParams: options.maxParams * 1e6 } : {}),
        dataset: options.dataset,
        ...(options.prior !== undefined ? { priorDir: resolve(options.prior) } : {}),
      }),
    );
    console.error(`loop ${loop.id}: ${loop.request.rounds} rounds × ${loop.request.batch} cells on ${setup.backend}; state in ${loop.dir}`);
  }
  await initTfBackend();
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  let state: LoopState;
  try {
    state = await loop.run({
      signal: stop.signal,
      schedulerMs: (options.poll ?? 2) * 1000,
      onEvent: printLoopEvent,
      onRun: (run) => run.onEvent(printRunEvent),
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (options.json) printJson({ loop: loop.id, dir: loop.dir, request: loop.request, ...state });
  else printLoopSummary(loop, state);
  if (state.status === 'running') {
    console.error(`loop ${loop.id} goes on when resumed: \`nas-lens loop --resume ${loop.id}\` (the jobs of its current round keep running)`);
    return stop.signal.aborted ? 130 : 0;
  }
  return state.status === 'done' ? 0 : 1;
}

function printLoopEvent(event: LoopEvent): void {
  const time = new Date().toISOString().slice(11, 19);
  switch (event.type) {
    case 'round-start':
      process.stderr.write(
        `${time} round ${event.round}: ${event.kind === 'initial' ? 'random cells to start from' : `fitting to ${event.measured} measured cells`}\n`,
      );
      return;
    case 'fit':
      return;
    case 'submitted':
      process.stderr.write(
        `${time} round ${event.round.round}: ${event.round.cells.length} cells → run ${event.round.runId}${event.round.shortfall ? ` (${event.round.shortfall})` : ''}\n`,
      );
      return;
    case 'round-end':
      process.stderr.write(`${time} round ${event.round}: ${describeCounts(statusCounts(event.state.tasks))} (${runStatus(event.state.tasks)})\n`);
      return;
    case 'note':
      process.stderr.write(`${time} ${event.message}\n`);
      return;
  }
}

function printLoopSummary(loop: Loop, state: LoopState): void {
  console.log(`loop ${loop.id}: ${state.status}${state.reason ? ` — ${state.reason}` : ''}; ${state.rounds.length} of ${loop.request.rounds} rounds`);
  for (const r of state.rounds) {
    console.log(`  round ${r.round} (${r.kind}, ${r.measuredBefore} measured before): ${r.cells.length} cells, run ${r.runId}`);
  }
  console.log(`results: ${loop.request.results}`);
}
