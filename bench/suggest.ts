/**
 * Suggest benchmark in oracle mode: measure 10 random cells of the table, then repeatedly fit the
 * surrogate to every measured cell (fitSurrogate) and measure the batch of 10 that suggestCells
 * proposes, up to the budget. The figure after q measured cells is the test accuracy (--report) of
 * the best-by-validation cell so far, averaged over the trials, next to the `predictor` strategy
 * and regularized evolution of bench/results/search*.json.
 *
 *   npx tsx bench/suggest.ts --preset nb201-imagenet16 [--trials 30] [--budget 150] [--variant ucb]
 *                            [--acquisition ucb|ei|greedy] [--kappa 1] [--prior none|DATASET] [--chain true|false] [--first-trial 0]
 *                            [--variant NAME]
 *   npx tsx bench/suggest.ts --summary      # bench/results/suggest.json and suggest.md
 *
 * The first fit of a trial warm-starts from the bundled model of another dataset (the preset's prior,
 * or --prior DATASET; `none`: from scratch), as `nas-lens suggest` and the loop start from the
 * bundled model of the space: a user's setting is not the one the bundled model was trained on, and
 * the bundled model of the preset's own dataset has seen its labels. Every later fit warm-starts from
 * the previous round's ensemble (the fitted model is the prior of the next fit; nextBatch), or with
 * --chain false from the prior again. Each finished trial is appended to
 * bench/results/suggest.partial.jsonl and skipped when the script runs again (resumable).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FitPrior, FitRecipe } from '../src/core/fit/types';
import type { MeasuredCell } from '../src/core/results/types';
import type { ScoredCell } from '../src/core/search';
import type { Cell } from '../src/core/spaces/types';
import type { AcquisitionName } from '../src/core/suggest/acquisition';
import { initialCells, nextBatch } from '../src/core/suggest/next-batch';
import { loadFitPrior } from '../src/node/fit-prior';
import { loadOracleTable, type OracleTable } from '../src/node/oracle-table';
import { bestSoFarCurve, meanCurve } from '../src/core/search/bench-curves';
import { initTfBackend } from '../src/node/tf-backend';
import { readJsonl } from './jsonl';

const root = resolve(__dirname, '..');
const dataDir = resolve(process.env.NAS_LENS_DATA ?? join(root, '..', 'shared', 'data'));
const results = join(root, 'bench', 'results');
let partialFile = join(results, 'suggest.partial.jsonl');

interface Preset {
  readonly data: string;
  readonly metric: string;
  readonly report: string;
  /** bench/results file holding `predictor` and `evolution` on this preset. */
  readonly searchResults: string;
  /** The bundled model (media/models/<space>-<prior>) the first fit warm-starts from: another dataset's, or none. */
  readonly prior: string;
  readonly title: string;
}

const PRESETS: Record<string, Preset> = {
  'nb201-cifar10': {
    data: 'nb201.csv',
    metric: 'c10_valid_200_mean',
    report: 'c10_test_200',
    searchResults: 'search.json',
    title: 'NB-201 CIFAR-10',
    prior: 'imagenet16',
  },
  'nb201-cifar100': {
    data: 'nb201.csv',
    metric: 'c100_valid_200',
    report: 'c100_test_200',
    searchResults: 'search-nb201-cifar100.json',
    title: 'NB-201 CIFAR-100',
    prior: 'cifar10',
  },
  'nb201-imagenet16': {
    data: 'nb201.csv',
    metric: 'in16_valid_200',
    report: 'in16_test_200',
    searchResults: 'search-nb201-imagenet16.json',
    title: 'NB-201 ImageNet16-120',
    prior: 'cifar10',
  },
  nb101: {
    data: 'nb101_subset.csv',
    metric: 'val_108',
    report: 'val_108',
    searchResults: 'search-nb101.json',
    title: 'NB-101 (labelled subset)',
    prior: 'none',
  },
};

interface TrialRecord {
  readonly preset: string;
  readonly variant: string;
  readonly trial: number;
  readonly curve: readonly number[];
  readonly fits: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly load: number;
  readonly settings: Record<string, unknown>;
}

const CHECKPOINTS = [20, 50, 100, 150];

async function runTrial(
  table: OracleTable,
  preset: Preset,
  trial: number,
  options: {
    budget: number;
    acquisition: AcquisitionName;
    kappa: number;
    prior?: FitPrior;
    recipe: Partial<FitRecipe>;
    searchBudget: number;
    minDistance: number;
    /** False: every fit warm-starts from the prior given (the bundled model), not from the previous round's ensemble. */
    chain: boolean;
  },
): Promise<{ curve: number[]; fits: number }> {
  const space = table.space;
  const seed = 7919 * trial + 11;
  const allow = (_cell: Cell, key: string) => table.containsKey(key);
  // The first 10 cells: a random search's first batch over the table's cells (as the strategies' initial samples).
  const evaluate = table.evaluator(preset.metric);
  const history: ScoredCell[] = [];
  const measure = async (cells: readonly Cell[]) => {
    const scores = await evaluate(cells);
    cells.forEach((cell, i) => history.push({ cell, score: scores[i] }));
  };
  await measure(initialCells(space.id, 10, seed, allow));
  let previous: FitPrior | undefined;
  let fits = 0;
  while (history.length < options.budget) {
    const measured: MeasuredCell[] = history
      .filter((h) => Number.isFinite(h.score))
      .map((h) => ({
        space: space.id,
        hash: space.hash(h.cell),
        cell: h.cell,
        metric: preset.metric,
        mean: h.score,
        std: 0,
        runs: 1,
      }));
    const batch = await nextBatch(measured, {
      space: space.id,
      count: Math.min(10, options.budget - history.length),
      acquisition: options.acquisition,
      kappa: options.kappa,
      minDistance: options.minDistance,
      searchBudget: options.searchBudget,
      seed,
      fitIndex: fits,
      ...(options.prior ? { basePrior: options.prior } : {}),
      ...(previous ? { prior: previous } : {}),
      recipe: options.recipe,
      allow,
      pause: async () => undefined,
    });
    fits++;
    if (options.chain) previous = batch.model;
    if (!batch.result.suggestions.length) break;
    await measure(batch.result.suggestions.map((s) => s.cell));
  }
  return { curve: bestSoFarCurve(history, (cell) => table.value(cell, preset.report), options.budget), fits };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      preset: { type: 'string' },
      trials: { type: 'string', default: '30' },
      'first-trial': { type: 'string', default: '0' },
      budget: { type: 'string', default: '150' },
      variant: { type: 'string' },
      acquisition: { type: 'string', default: 'ucb' },
      kappa: { type: 'string', default: '1' },
      prior: { type: 'string' },
      recipe: { type: 'string' },
      'search-budget': { type: 'string', default: '3000' },
      'min-distance': { type: 'string', default: '2' },
      chain: { type: 'string', default: 'true' },
      summary: { type: 'boolean', default: false },
      partial: { type: 'string' },
    },
  });
  if (args.partial) partialFile = resolve(args.partial);
  if (args.summary) {
    summarise(readJsonl<TrialRecord>(partialFile));
    return;
  }
  const preset = args.preset ? PRESETS[args.preset] : undefined;
  if (!preset) throw new Error(`give --preset: ${Object.keys(PRESETS).join(', ')}`);
  await initTfBackend();
  const table = loadOracleTable(join(dataDir, preset.data));
  const acquisition = args.acquisition as AcquisitionName;
  const priorName = args.prior ?? preset.prior;
  const chain = args.chain !== 'false';
  const variant = args.variant ?? `suggest-${acquisition}${priorName !== 'none' ? `-warm-${chain ? 'chain' : 'prior'}` : ''}`;
  const prior = priorName === 'none' ? undefined : await loadFitPrior(join(root, 'media', 'models', `${table.space.id}-${priorName}`));
  const recipe = args.recipe ? (JSON.parse(args.recipe) as Partial<FitRecipe>) : {};
  const settings = {
    acquisition,
    kappa: Number(args.kappa),
    prior: priorName,
    recipe,
    searchBudget: Number(args['search-budget']),
    minDistance: Number(args['min-distance']),
    ...(args.chain === 'false' ? { chain: false } : {}),
  };
  const done = new Set(
    readJsonl<TrialRecord>(partialFile)
      .filter((r) => r.preset === args.preset && r.variant === variant)
      .map((r) => r.trial),
  );
  const first = Number(args['first-trial']);
  for (let trial = first; trial < first + Number(args.trials); trial++) {
    if (done.has(trial)) continue;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { curve, fits } = await runTrial(table, preset, trial, {
      budget: Number(args.budget),
      acquisition,
      kappa: settings.kappa,
      ...(prior ? { prior } : {}),
      recipe,
      searchBudget: settings.searchBudget,
      minDistance: settings.minDistance,
      chain,
    });
    const cpu = process.cpuUsage(cpu0);
    const record: TrialRecord = {
      preset: args.preset!,
      variant,
      trial,
      curve: curve.map((v) => Math.round(v * 1e4) / 1e4),
      fits,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      load: Math.round(loadavg()[0] * 10) / 10,
      settings,
    };
    appendFileSync(partialFile, JSON.stringify(record) + '\n');
    console.error(
      `${args.preset} ${variant} trial ${trial}: ${CHECKPOINTS.filter((q) => q <= curve.length)
        .map((q) => `@${q} ${curve[q - 1].toFixed(2)}`)
        .join(' ')} (${record.seconds} s, ${record.cpuSeconds} s CPU, load ${record.load})`,
    );
  }
}

/** bench/results/suggest.json and suggest.md: suggest variants next to predictor and evolution. */
function summarise(records: readonly TrialRecord[]): void {
  const lines = ['| setting | method | trials | @20 | @50 | @100 | @150 | CPU per trial |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const out: Record<string, unknown> = {};
  for (const [name, preset] of Object.entries(PRESETS)) {
    const mine = records.filter((r) => r.preset === name);
    if (!mine.length) continue;
    const search = JSON.parse(readFileSync(join(results, preset.searchResults), 'utf8')) as {
      strategies: Record<string, { mean: number[]; trials: number; sem: number[] }>;
    };
    const rows: Record<string, unknown> = {};
    const row = (method: string, mean: readonly number[], sem: readonly number[], trials: number, cost: string) => {
      rows[method] = { trials, ...Object.fromEntries(CHECKPOINTS.map((q) => [`@${q}`, { mean: mean[q - 1], sem: sem[q - 1] }])) };
      lines.push(
        `| ${preset.title} | ${method} | ${trials} | ${CHECKPOINTS.map((q) => (mean[q - 1] === undefined ? '—' : `${mean[q - 1].toFixed(2)} ± ${sem[q - 1].toFixed(2)}`)).join(' | ')} | ${cost} |`,
      );
    };
    for (const strategy of ['evolution', 'predictor']) {
      const s = search.strategies[strategy];
      if (s) row(strategy === 'evolution' ? 'regularized evolution' : 'predictor', s.mean, s.sem, s.trials, '');
    }
    for (const variant of [...new Set(mine.map((r) => r.variant))]) {
      const list = mine.filter((r) => r.variant === variant);
      const { mean, sem } = meanCurve(list.map((r) => r.curve));
      const cpu = list.reduce((s, r) => s + r.cpuSeconds, 0) / list.length;
      row(`**${variant}**`, mean, sem, list.length, `${cpu.toFixed(0)} s`);
    }
    out[name] = { preset, rows };
  }
  writeFileSync(
    join(results, 'suggest.json'),
    JSON.stringify(
      {
        what: 'test accuracy (NB-101: validation) of the best-by-validation cell after q measured cells, mean ± standard error over trials; suggest: 10 random cells, then batches of 10 from suggestCells after a fit to every measured cell',
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        presets: out,
      },
      null,
      1,
    ) + '\n',
  );
  writeFileSync(join(results, 'suggest.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
