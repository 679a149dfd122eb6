// `nas-lens fit`: a surrogate fitted to the user's measured cells of one space, in the worker thread,
// judged against the model the space ranks with today by cross-validated Kendall τ.
import { Option, type Command } from 'commander';
import type { DatasetId } from '../../core/catalog';
import type { FittedModelCard } from '../../core/fit/card';
import { FitCancelledError, type FitProgress } from '../../core/fit/types';
import { getSpace } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { bundledModelDir } from '../../node/paths';
import { loadMeasuredOfSpace } from '../../node/results/measured-of-space';
import { WorkerClient } from '../../worker/client';
import { fitRequestOf } from '../../worker/fit-request';
import { collect, datasetOption, positiveInteger, seedOption, spaceOption } from '../options';
import { displayPath, printJson, reportProblems } from '../output';

interface FitCommandOptions {
  space: SpaceId;
  results: string[];
  metric?: string;
  out?: string;
  name?: string;
  prior?: string;
  dataset: DatasetId;
  folds?: number;
  epochs?: number;
  seed: number;
  json?: boolean;
}

/** Exit code after Ctrl-C (128 + SIGINT), as train-cells. */
const INTERRUPTED = 130;

export function registerFitCommand(program: Command): void {
  program
    .command('fit')
    .description(
      'fit a surrogate (an ensemble of 3 networks, warm-started from the model the space ranks with today) to your measured cells, ' +
        'in the worker thread; k-fold cross-validated Kendall τ of both decides whether the fitted model is used; writes a model folder with its card',
    )
    .addOption(spaceOption('the space of the cells to fit').makeOptionMandatory())
    .addOption(
      new Option('--results <file|glob>', 'results file or glob (*.nas-results.jsonl, *.nas-results.csv, benchmark CSVs with metric columns); repeatable')
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .option('--metric <name>', 'the metric to fit (default: the first test metric, else the first validation metric, else the first)')
    .option('--out <dir>', 'the model folder to write (default .nas-lens/models/<space>-<name>)')
    .option('--name <name>', "the fitted model's name (default: the metric)")
    .option('--prior <dir>', 'the model to compare with and start from (default: the bundled model of the space and --dataset)')
    .addOption(datasetOption('the bundled model used as the prior (NB-201; NB-101 and DARTS have cifar10 only)'))
    .addOption(new Option('--folds <k>', 'cross-validation folds (default 5; fewer with few cells)').argParser(positiveInteger))
    .addOption(new Option('--epochs <n>', 'passes over your cells per network (default 30 warm, 120 from scratch)').argParser(positiveInteger))
    .addOption(seedOption('seed of the folds and the training (same seed, same model)'))
    .option('--json', 'print {"dir", "card"} as JSON')
    .action(async (options: FitCommandOptions) => {
      await fitCommand(options);
    });
}

async function fitCommand(options: FitCommandOptions): Promise<void> {
  const { space } = options;
  const measured = await loadMeasuredOfSpace(options.results, {
    space,
    cwd: process.cwd(),
    ...(options.metric !== undefined ? { metric: options.metric } : {}),
  });
  reportProblems(measured.problems);
  const request = fitRequestOf({
    space,
    measured: measured.cells,
    metric: measured.metric,
    files: measured.files.map(displayPath),
    root: process.cwd(),
    priorDir: options.prior ?? bundledModelDir(space, options.dataset),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.out !== undefined ? { outDir: options.out } : {}),
    ...(options.folds !== undefined ? { folds: options.folds } : {}),
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    seed: options.seed,
    progressIntervalMs: 250,
  });
  const { outDir, priorDir } = request;
  console.error(
    `fitting ${getSpace(space).label} on ${measured.cells.length} measured cells (${measured.runs} runs, ${measured.metric}) from ${measured.files.length} file(s); prior ${displayPath(priorDir)}; Ctrl-C cancels`,
  );

  const client = await WorkerClient.start();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const { dir, card } = await client.fit(request, { signal: controller.signal, onProgress: progressPrinter() });
    if (options.json) printJson({ dir, card });
    else printCard(dir, card);
  } catch (error) {
    if (!(error instanceof FitCancelledError)) throw error;
    console.error(`fit cancelled; nothing was written (${displayPath(outDir)} is as it was)`);
    process.exitCode = INTERRUPTED;
  } finally {
    process.off('SIGINT', onSigint);
    await client.terminate();
  }
}

/** Fold results as lines; epochs as a percentage rewritten in place on a terminal, else a line every 10 %. */
function progressPrinter(): (p: FitProgress) => void {
  const tty = process.stderr.isTTY === true;
  let lastPercent = -1;
  return (p) => {
    const percent = Math.floor(p.fraction * 100);
    if (p.kind === 'fold') {
      if (tty) process.stderr.write('\r\x1b[K');
      const prior = p.priorTau !== undefined ? `prior τ ${p.priorTau.toFixed(3)}, ` : '';
      console.error(`fold ${p.fold}/${p.folds} (${p.cells} held-out cells): ${prior}fitted τ ${p.fittedTau.toFixed(3)}  [${percent}%]`);
      return;
    }
    if (!tty) {
      // Not a terminal (a log, a pipe): a line every 10 %.
      const tenth = Math.floor(percent / 10) * 10;
      if (tenth > 0 && tenth > lastPercent) {
        lastPercent = tenth;
        console.error(`fit: ${tenth}%`);
      }
      return;
    }
    if (percent === lastPercent) return;
    lastPercent = percent;
    const stage = p.stage === 'cv' ? `fold ${p.fold}/${p.folds}` : 'final model';
    process.stderr.write(`\r\x1b[K${stage}, network ${p.member + 1}/${p.members}, epoch ${p.epoch}/${p.epochs}  [${percent}%]`);
  };
}

function printCard(dir: string, card: FittedModelCard): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const cv = card.evaluation.crossValidation;
  const where = displayPath(dir);
  console.log(`${getSpace(card.space).label} fitted to ${card.fittedOn.cells} measured cells (${card.fittedOn.runs} runs) by ${card.fittedOn.metric}`);
  if (cv) {
    console.log(`cross-validated Kendall τ on your cells (${cv.folds} folds):`);
    if (cv.priorKendallTau !== undefined) console.log(`  ${card.prior ?? 'prior'} as it is: ${cv.priorKendallTau.toFixed(3)}`);
    console.log(`  fitted:${' '.repeat(Math.max(1, (card.prior ?? 'prior').length + 7 - 'fitted'.length))}${cv.kendallTau.toFixed(3)}`);
  }
  console.log(card.decision.used ? `use it: ${card.decision.message}` : `not used: ${card.decision.message}`);
  console.log(`written: ${where} (model.json, weights.bin, calibration.json, card.json); rank or search with it: --model ${where}`);
  const cpu = card.training.cpuSeconds !== undefined ? `, ${card.training.cpuSeconds.toFixed(1)} s CPU` : '';
  console.log(
    `card: ${card.name}, ${card.members} networks, seed ${card.seed}, ${card.training.epochs} network epochs, trained in ${card.training.seconds.toFixed(1)} s${cpu}` +
      (card.training.backend ? ` (${card.training.backend})` : '') +
      `; fitted on ${card.fittedOn.files.join(', ')}`,
  );
}
