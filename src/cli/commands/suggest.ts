// `nas-lens suggest`: the next cells to train — new (never measured, no two with one canonical hash),
// diverse (a minimum edit distance apart), within the constraints, chosen by an acquisition over an
// ensemble fitted to the measured cells, warm-started from the space's model (or a model folder given with --model).
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { macroFor, type DatasetId } from '../../core/catalog';
import { formatCell, JSON_NOTATION } from '../../core/dsl';
import type { FitPrior, FitProgress } from '../../core/fit/types';
import type { MeasuredCell } from '../../core/results/types';
import { getSpace } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { ACQUISITION_NAMES, DEFAULT_KAPPA, type AcquisitionName } from '../../core/suggest/acquisition';
import { SUGGESTED_BY, suggestedCellsFile } from '../../core/suggest/cells-file';
import { fitAndSuggest } from '../../core/suggest/fit-and-suggest';
import { DEFAULT_MIN_DISTANCE, DEFAULT_SUGGEST_BUDGET, type SuggestResult } from '../../core/suggest/suggest';
import { readCellRef } from '../../node/cell-refs';
import { loadFitPrior } from '../../node/fit-prior';
import { bundledModelDir } from '../../node/paths';
import { loadMeasuredOfSpace } from '../../node/results/measured-of-space';
import { initTfBackend } from '../../node/tf-backend';
import { formatSiPrecise } from '../../shared/format';
import { choiceOption, collect, datasetOption, nonNegativeInteger, positiveInteger, positiveNumber, seedOption, spaceOption } from '../options';
import { displayPath, printJson, reportProblems, table } from '../output';

/** The options that say which cells suggest picks: shared by `suggest` and `train-cells --from-suggest`. */
export interface SuggestOptions {
  space: SpaceId;
  count: number;
  metric?: string;
  acquisition: AcquisitionName;
  kappa: number;
  maxParams?: number;
  dataset: DatasetId;
  from?: string;
  minDistance: number;
  model?: string;
  prior?: string;
  budget: number;
  seed: number;
}

interface SuggestCommandOptions extends SuggestOptions {
  results: string[];
  json?: boolean;
  out?: string;
  force?: boolean;
}

export function registerSuggestCommand(program: Command): void {
  const command = program
    .command('suggest')
    .description(
      'the next cells to train: new (never measured, no two isomorphic), at least --min-distance edits apart, within the constraints, ' +
        'best by the acquisition over an ensemble fitted to your measured cells (or --model DIR)',
    )
    .addOption(
      new Option('--results <file|glob>', 'results file or glob (*.nas-results.jsonl, *.nas-results.csv, benchmark CSVs with metric columns); repeatable')
        .argParser(collect)
        .makeOptionMandatory(),
    );
  addSuggestOptions(command, true)
    .option('--json', 'print {"space", "model", "acquisition", "suggestions", …} as JSON')
    .option('--out <file>', 'also write the cells to this *.nas.json file')
    .option('--force', 'let --out replace a file that nas-lens suggest did not write')
    .action(async (options: SuggestCommandOptions) => {
      await suggestCommand(options);
    });
}

/** The options of SuggestOptions; `required`: --space and --count are mandatory (else the caller checks them). */
export function addSuggestOptions(command: Command, required: boolean): Command {
  const space = spaceOption('the space of the cells to suggest');
  const count = new Option('--count <k>', 'cells in the batch').argParser(positiveInteger);
  return command
    .addOption(required ? space.makeOptionMandatory() : space)
    .addOption(required ? count.makeOptionMandatory() : count)
    .option('--metric <name>', 'the metric to improve (default: the first test metric, else the first validation metric, else the first)')
    .addOption(
      choiceOption<AcquisitionName>(
        '--acquisition <name>',
        'ucb: score + κ·spread; ei: expected improvement over the best measured cell; greedy: the score',
        'acquisition',
        ACQUISITION_NAMES,
      ).default('ucb'),
    )
    .addOption(new Option('--kappa <k>', 'κ of ucb').argParser(positiveNumber).default(DEFAULT_KAPPA))
    .addOption(
      new Option('--max-params <millions>', "only cells with at most this many parameters (millions, in the dataset's network)").argParser(positiveNumber),
    )
    .addOption(
      datasetOption('the bundled model the fit starts from, and the network whose parameters --max-params counts (NB-201; NB-101 and DARTS have cifar10 only)'),
    )
    .option('--from <file#cell>', 'search around this cell: a DSL, text or CSV file and the name of a cell in it (#2: the second cell)')
    .addOption(
      new Option('--min-distance <d>', 'smallest edit distance between two suggested cells').argParser(nonNegativeInteger).default(DEFAULT_MIN_DISTANCE),
    )
    .option('--model <dir>', 'score with this model folder as it is (an ensemble of a fit has a spread) instead of fitting one to the results')
    .option('--prior <dir>', 'the model every network of the fit warm-starts from (default: the bundled model of the space and --dataset)')
    .addOption(new Option('--budget <n>', 'candidate cells the search scores').argParser(positiveInteger).default(DEFAULT_SUGGEST_BUDGET))
    .addOption(seedOption('seed of the fit and the search (same seed, same cells)'));
}

/** What suggest picked, with what it picked from. */
export interface SuggestedBatch {
  readonly result: SuggestResult;
  readonly model: { readonly name: string; readonly members: number };
  readonly metric: string;
  readonly measuredCells: number;
}

/** The cells suggest picks from the measured cells of these results files or globs (relative to `cwd`). */
export async function suggestBatch(options: SuggestOptions, results: readonly string[], cwd = process.cwd()): Promise<SuggestedBatch> {
  const { space, count, seed } = options;
  const label = getSpace(space).label;
  const start = options.from ? await readCellRef(options.from) : undefined;
  if (start && start.cell.space !== space)
    throw new Error(`the --from cell '${start.name}' is a ${getSpace(start.cell.space).label} cell, --space is ${label}`);
  const measured = await loadMeasuredOfSpace(results, {
    space,
    cwd,
    ...(options.metric !== undefined ? { metric: options.metric } : {}),
  });
  reportProblems(measured.problems);
  const cells: readonly MeasuredCell[] = measured.cells;

  await initTfBackend();
  const given = options.model ? await modelOf(resolve(options.model), space) : undefined;
  if (given && given.config.members === 1 && options.acquisition !== 'greedy') {
    console.error(`nas-lens: warning: ${given.name} is one network: no spread, so ${options.acquisition} ranks as greedy does`);
  }
  const prior = given ? undefined : await modelOf(resolve(options.prior ?? bundledModelDir(space, options.dataset)), space);
  if (prior) console.error(`fitting an ensemble to ${cells.length} measured cells, warm-started from ${prior.name} …`);
  const progress = fitProgressPrinter();
  const { result, model } = await fitAndSuggest(cells, {
    space,
    ...(given ? { model: given } : {}),
    ...(prior ? { prior } : {}),
    count,
    acquisition: options.acquisition,
    kappa: options.kappa,
    minDistance: options.minDistance,
    ...(options.maxParams !== undefined ? { constraints: { maxParams: options.maxParams * 1e6, macro: macroFor(space, options.dataset) } } : {}),
    ...(start ? { start: start.cell } : {}),
    budget: options.budget,
    seed,
    onFitProgress: progress.onProgress,
  });
  progress.done();
  return { result, model, metric: measured.metric, measuredCells: cells.length };
}

async function suggestCommand(options: SuggestCommandOptions): Promise<void> {
  const { space, count, seed } = options;
  const label = getSpace(space).label;
  const out = options.out === undefined ? undefined : resolve(options.out);
  if (out) await checkOut(out, options.force === true);
  const { result, model, metric, measuredCells } = await suggestBatch(options, options.results);
  const rows = result.suggestions.map((s, i) => ({
    name: `suggested-${i + 1}`,
    text: getSpace(space).toText(s.cell as never),
    dsl: formatCell(s.cell, JSON_NOTATION[space]),
    hash: s.hash,
    score: s.score,
    spread: s.spread,
    acquisition: s.acquisition,
    distanceToMeasured: s.distanceToMeasured,
    params: s.params,
    ...(s.flops !== undefined ? { flops: s.flops } : {}),
  }));
  if (out) await writeCells(out, space, result, options, model.name);
  if (options.json) {
    printJson({
      space,
      model: model.name,
      members: model.members,
      metric,
      measuredCells,
      acquisition: result.acquisition,
      minDistance: options.minDistance,
      seed,
      evaluated: result.evaluated,
      suggestions: rows,
      ...(result.shortfall ? { shortfall: result.shortfall } : {}),
      ...(out ? { out } : {}),
    });
  } else {
    console.log(
      `${count} ${label} cells to train next by ${describeAcquisition(result)} over ${model.name}, from ${measuredCells} measured cells (${metric}); ` +
        `${result.evaluated.toLocaleString('en-US')} new cells scored. Scores are predictions, not measurements.`,
    );
    console.log(
      table(
        ['#', 'score', 'spread', 'acquisition', 'edits to measured', 'params', 'cell'],
        rows.map((r, i) => [
          String(i + 1),
          r.score.toFixed(3),
          r.spread.toFixed(3),
          r.acquisition.toFixed(3),
          String(r.distanceToMeasured),
          formatSiPrecise(r.params),
          r.text,
        ]),
      ),
    );
    if (out) console.log(`written: ${displayPath(out)}`);
  }
  if (result.shortfall) console.error(`nas-lens: warning: ${result.shortfall}`);
}

function describeAcquisition(result: SuggestResult): string {
  const a = result.acquisition;
  if (a.kind === 'ucb') return `ucb with κ = ${a.kappa}`;
  return a.kind;
}

/** A model folder as it is (a fitted one, or any other of the space), named by its card and folder. */
async function modelOf(dir: string, space: SpaceId): Promise<FitPrior> {
  const prior = await loadFitPrior(dir);
  if (prior.config.space !== space)
    throw new Error(`the model ${displayPath(dir)} ranks ${getSpace(prior.config.space).label} cells, not ${getSpace(space).label} ones`);
  return { ...prior, name: `${prior.name} (${displayPath(dir)})` };
}

/** The fit's progress as a percentage rewritten in place on a terminal. */
function fitProgressPrinter(): { onProgress: (p: FitProgress) => void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = -1;
  return {
    onProgress: (p) => {
      const percent = Math.floor(p.fraction * 100);
      if (!tty || percent === last) return;
      last = percent;
      process.stderr.write(`\r\x1b[Kfitting: ${percent}%`);
    },
    done: () => {
      if (tty && last >= 0) process.stderr.write('\r\x1b[K');
    },
  };
}

/** --out may replace an empty file or one this command wrote; anything else needs --force. */
async function checkOut(out: string, force: boolean): Promise<void> {
  if (!out.endsWith('.nas.json')) throw new Error(`--out ${displayPath(out)}: the cells are written as a *.nas.json file; name it so`);
  if (force || !existsSync(out)) return;
  const text = await readFile(out, 'utf8');
  if (text.trim() && !text.includes(`"description": "${SUGGESTED_BY}`)) {
    throw new Error(`--out ${displayPath(out)} exists and was not written by nas-lens suggest; pass --force to replace it`);
  }
}

async function writeCells(out: string, space: SpaceId, result: SuggestResult, options: SuggestCommandOptions, model: string): Promise<void> {
  const description =
    `(${describeAcquisition(result)}, seed ${options.seed}, model: ${model}): ` +
    `${result.suggestions.length} cells to train next. Scores are predictions, not measurements.`;
  const text = suggestedCellsFile(
    space,
    result.suggestions.map((s, i) => ({ name: `suggested-${i + 1}`, cell: s.cell })),
    description,
  );
  const temp = `${out}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, out);
}
