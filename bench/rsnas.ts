/**
 * The RS-NAS result where ground truth exists (npm run bench:rsnas): a surrogate trained on n labelled
 * cells with each loss (pairwise, hinge, ListMLE, MSE) guides local search and regularized evolution
 * on the surrogate alone (no oracle queries); the cell each search returns (its best by surrogate
 * score) is then looked up in the table: its true test accuracy (NB-101: validation) and its true rank
 * among the table's cells.
 *
 * Per (space, n, loss): 3 labelled sets (training seeds; the same sets for every loss) × 30 random
 * starts = 90 searches per strategy, each with 300 surrogate evaluations; the universe is the table
 * (NB-101: its 24,214 labelled cells). Units of work (one surrogate and its 60 searches) go to
 * bench/results/rsnas.partial.jsonl, so a rerun resumes. Writes bench/results/rsnas.{json,md}.
 *   npx tsx bench/rsnas.ts [--jobs 2] [--spaces nb201-cifar10,nb101] [--sizes 100,1000] [--losses pairwise,mse] [--report-only]
 *     [--train-seeds 1,2,3] [--starts 30] [--budget 300] [--out DIR]  (smaller runs for a check; results elsewhere with --out)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createStrategy, runSearch, type Evaluator } from '../src/core/search';
import { createRng } from '../src/core/rng';
import type { Cell } from '../src/core/spaces/types';
import { LOSS_NAMES, type LossName } from '../src/core/surrogate/config';
import { encodeCells } from '../src/core/surrogate/encode-cells';
import { trainingRecipe, type TrainingRecipe } from '../src/core/surrogate/recipes';
import { createScorer } from '../src/core/surrogate/scorer';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../src/core/surrogate/train';
import { readCsvCells } from '../src/node/csv-cells';
import { buildOracleTable, type OracleTable } from '../src/node/oracle-table';
import { getSpace } from '../src/core/spaces';
import { initTfBackend } from '../src/node/tf-backend';
import { runInChildren } from './child-runs';
import { clocks } from './step-timing';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SETUPS = {
  'nb201-cifar10': { file: 'nb201.csv', train: 'c10_valid_200_mean', report: 'c10_test_200', label: 'NB-201 CIFAR-10' },
  'nb201-cifar100': { file: 'nb201.csv', train: 'c100_valid_200', report: 'c100_test_200', label: 'NB-201 CIFAR-100' },
  'nb201-imagenet16': { file: 'nb201.csv', train: 'in16_valid_200', report: 'in16_test_200', label: 'NB-201 ImageNet16-120' },
  nb101: { file: 'nb101_subset.csv', train: 'val_108', report: 'val_108', label: 'NB-101 CIFAR-10 (labelled subset)' },
} as const;
type SetupName = keyof typeof SETUPS;
const STRATEGIES = ['local', 'evolution'] as const;
const TRAIN_SEEDS = (option('train-seeds') ?? '1,2,3').split(',').map(Number);
const STARTS = Number(option('starts') ?? 30);
const BUDGET = Number(option('budget') ?? 300);

/**
 * The surrogate every loss is trained with here: one plain network (3 layers × 32; at n ≤ 300 an
 * ensemble of 3, batch 16, 120 epochs; above, batch 32, 80 epochs, early stopping on 10 %), no
 * auxiliary targets: the loss is the only thing that differs between the rows.
 */
function rsnasRecipe(space: Cell['space'], n: number): TrainingRecipe {
  const base = trainingRecipe(space, n);
  const architecture = { hidden: 32, layers: 3, headHidden: 32, tiers: 0, pooling: 'sum' } as const;
  const hyper = { ...DEFAULT_HYPERPARAMETERS, learningRate: 5e-3, schedule: 'cosine' } as const;
  return n <= 300
    ? { ...base, architecture, hyper: { ...hyper, batchSize: 16, epochs: 120, patience: 0, members: 3 }, validationFraction: 0 }
    : { ...base, architecture, hyper: { ...hyper, batchSize: 32, epochs: 80, patience: 25, members: 1 }, validationFraction: 0.1 };
}

interface Unit {
  readonly setup: SetupName;
  readonly n: number;
  readonly loss: LossName;
  readonly trainSeed: number;
}
interface SearchOutcome {
  readonly strategy: string;
  readonly start: number;
  readonly accuracy: number;
  readonly rank: number;
  readonly surrogateScore: number;
}
interface UnitResult extends Unit {
  readonly starts: number;
  readonly budget: number;
  readonly trainCpuSeconds: number;
  readonly trainWallSeconds: number;
  readonly searches: SearchOutcome[];
  readonly loadAverage: number;
}

const RESULTS = resolve(option('out') ?? join(__dirname, 'results'));
const PARTIAL = join(RESULTS, 'rsnas.partial.jsonl');
const keyOf = (u: Unit) => `${u.setup}|${u.n}|${u.loss}|${u.trainSeed}`;
/** A saved unit counts as done only if it ran this many starts with this budget (a rerun with other options redoes it). */
const sameRun = (r: UnitResult) => r.starts === STARTS && r.budget === BUDGET;

function dataDir(): string {
  return resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
}

function loadTable(file: string): OracleTable<Cell> {
  const rows = readCsvCells(readFileSync(join(dataDir(), file), 'utf8'));
  const space = getSpace(rows[0].space);
  return buildOracleTable(
    space as never,
    rows.map((r) => r.cell!),
    rows.map((r) => r.row),
  ) as OracleTable<Cell>;
}

async function runUnit(unit: Unit, table: OracleTable<Cell>, cells: readonly Cell[]): Promise<UnitResult> {
  const setup = SETUPS[unit.setup];
  const space = table.space;
  const trainValues = Float32Array.from(cells, (c) => table.value(c, setup.train) ?? NaN);
  const reportValues = Float64Array.from(cells, (c) => table.value(c, setup.report) ?? NaN);
  // the same labelled set for every loss: seeded by (setup, n, training seed) only
  const rng = createRng(1000 * unit.trainSeed + unit.n);
  const chosen = rng.shuffle(cells.map((_, i) => i)).slice(0, unit.n);
  const recipe = rsnasRecipe(space.id, chosen.length);
  const preprocess = recipe.preprocess;
  const nValidation = Math.round(chosen.length * recipe.validationFraction);
  const labelled = (rows: readonly number[]) => ({
    cells: encodeCells(
      space.id,
      preprocess,
      rows.map((i) => cells[i]),
    ),
    targets: Float32Array.from(rows, (i) => trainValues[i]),
  });
  const t0 = clocks();
  const trained = await trainSurrogate({
    space: space.id,
    preprocess,
    architecture: recipe.architecture,
    hyper: { ...DEFAULT_HYPERPARAMETERS, ...recipe.hyper, loss: unit.loss },
    train: labelled(chosen.slice(nValidation)),
    ...(nValidation >= 2 ? { validation: labelled(chosen.slice(0, nValidation)) } : {}),
    rng: createRng(unit.trainSeed * 7 + 1),
  });
  const t1 = clocks();
  // the surrogate's score of every cell of the universe, looked up by canonical hash during the searches
  const scorer = createScorer(trained.config, trained.weights);
  const scores = scorer.score(encodeCells(space.id, preprocess, cells));
  scorer.dispose();
  const rowOfKey = new Map<string, number>();
  cells.forEach((c, i) => {
    const k = space.hash(c);
    if (!rowOfKey.has(k)) rowOfKey.set(k, i);
  });
  const scoreOf = (cell: Cell) => {
    const row = rowOfKey.get(space.hash(cell));
    return row === undefined ? NaN : scores[row];
  };
  const evaluate: Evaluator<Cell> = async (batch) => batch.map(scoreOf);
  // true rank in the table: 1 + cells with a strictly higher report value
  const sortedReport = Float64Array.from(reportValues.filter(Number.isFinite)).sort();
  const rankOf = (v: number) => {
    let lo = 0,
      hi = sortedReport.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedReport[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return sortedReport.length - lo + 1;
  };

  const searches: SearchOutcome[] = [];
  const keyCache = new Map<string, string>();
  for (let start = 0; start < STARTS; start++) {
    const seed = 100 * unit.trainSeed + start;
    const startCell = cells[createRng(seed).int(cells.length)];
    for (const strategy of STRATEGIES) {
      const search = createStrategy<Cell>(strategy, { space, rng: createRng(seed), start: startCell, allow: (_c, key) => rowOfKey.has(key), keyCache });
      const run = await runSearch(search, evaluate, { budget: BUDGET });
      if (!run.best) throw new Error(`${strategy} returned no cell`);
      const accuracy = table.value(run.best.cell, setup.report);
      if (accuracy === undefined) throw new Error(`the returned cell ${space.toText(run.best.cell)} has no ${setup.report}`);
      searches.push({ strategy, start, accuracy, rank: rankOf(accuracy), surrogateScore: run.best.score });
    }
  }
  return {
    ...unit,
    starts: STARTS,
    budget: BUDGET,
    trainCpuSeconds: (t1.cpu - t0.cpu) / 1000,
    trainWallSeconds: (t1.wall - t0.wall) / 1000,
    searches,
    loadAverage: loadavg()[0],
  };
}

async function worker(units: readonly Unit[]): Promise<void> {
  await initTfBackend();
  tf.enableProdMode();
  const tables = new Map<string, { table: OracleTable<Cell>; cells: Cell[] }>();
  for (const unit of units) {
    const file = SETUPS[unit.setup].file;
    if (!tables.has(file)) {
      const table = loadTable(file);
      const rows = readCsvCells(readFileSync(join(dataDir(), file), 'utf8'));
      tables.set(file, { table, cells: rows.map((r) => r.cell!) });
    }
    const { table, cells: all } = tables.get(file)!;
    // the universe: cells with both values (220 NASLib-only rows of nb101_subset.csv have no val_108)
    const setup = SETUPS[unit.setup];
    const cells = all.filter((c) => table.value(c, setup.train) !== undefined && table.value(c, setup.report) !== undefined);
    process.stdout.write(`UNIT ${JSON.stringify(await runUnit(unit, table, cells))}\n`);
  }
}

/** Mean and 95 % t-interval half-width of a sample. */
function meanCi(values: readonly number[]): { mean: number; half: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const t = n >= 30 ? 2.045 : n >= 20 ? 2.093 : n >= 10 ? 2.262 : 4.303; // t(0.975, df) for df ≈ 29, 19, 9, 2
  return { mean, half: (t * sd) / Math.sqrt(n) };
}

interface Row {
  readonly setup: SetupName;
  readonly n: number;
  readonly loss: LossName;
  readonly strategy: string;
  readonly searches: number;
  readonly accuracy: { mean: number; half: number };
  readonly rankMean: number;
  readonly rankMedian: number;
  /** Paired against MSE (same labelled set, same start): mean difference in accuracy and its 95 % interval. */
  readonly versusMse?: { mean: number; half: number; verdict: 'win' | 'tie' | 'lose' };
}

function summarise(results: readonly UnitResult[]): Row[] {
  const rows: Row[] = [];
  const setups = [...new Set(results.map((r) => r.setup))];
  for (const setup of Object.keys(SETUPS) as SetupName[]) {
    if (!setups.includes(setup)) continue;
    for (const n of [...new Set(results.filter((r) => r.setup === setup).map((r) => r.n))].sort((a, b) => a - b)) {
      for (const strategy of STRATEGIES) {
        const outcomes = (loss: LossName) =>
          results
            .filter((r) => r.setup === setup && r.n === n && r.loss === loss)
            .flatMap((r) => r.searches.filter((s) => s.strategy === strategy).map((s) => ({ ...s, trainSeed: r.trainSeed })))
            .sort((a, b) => a.trainSeed - b.trainSeed || a.start - b.start);
        const mse = outcomes('mse');
        for (const loss of LOSS_NAMES) {
          const list = outcomes(loss);
          if (!list.length) continue;
          const ranks = list.map((s) => s.rank).sort((a, b) => a - b);
          let versusMse: Row['versusMse'];
          if (loss !== 'mse' && mse.length === list.length) {
            const diff = meanCi(list.map((s, i) => s.accuracy - mse[i].accuracy));
            versusMse = { ...diff, verdict: diff.mean - diff.half > 0 ? 'win' : diff.mean + diff.half < 0 ? 'lose' : 'tie' };
          }
          rows.push({
            setup,
            n,
            loss,
            strategy,
            searches: list.length,
            accuracy: meanCi(list.map((s) => s.accuracy)),
            rankMean: ranks.reduce((a, b) => a + b, 0) / ranks.length,
            rankMedian: ranks.length % 2 ? ranks[(ranks.length - 1) / 2] : (ranks[ranks.length / 2 - 1] + ranks[ranks.length / 2]) / 2,
            ...(versusMse ? { versusMse } : {}),
          });
        }
      }
    }
  }
  return rows;
}

function markdown(rows: readonly Row[]): string {
  const lines = [
    '| space | n | strategy | loss | searches | true accuracy, mean ± 95 % | true rank, mean / median | vs MSE (paired Δ ± 95 %) |',
    '| --- | ---: | --- | --- | ---: | --- | --- | --- |',
  ];
  for (const r of rows) {
    const vs = r.versusMse
      ? `${r.versusMse.mean >= 0 ? '+' : ''}${r.versusMse.mean.toFixed(2)} ± ${r.versusMse.half.toFixed(2)} (${r.versusMse.verdict})`
      : '—';
    lines.push(
      `| ${SETUPS[r.setup].label} | ${r.n.toLocaleString('en-US')} | ${r.strategy} | ${r.loss} | ${r.searches} | ${r.accuracy.mean.toFixed(2)} ± ${r.accuracy.half.toFixed(2)} | ${Math.round(r.rankMean).toLocaleString('en-US')} / ${Math.round(r.rankMedian).toLocaleString('en-US')} | ${vs} |`,
    );
  }
  return lines.join('\n');
}

/** One row per (space, n, strategy), one column per loss: accuracy mean ± 95 % (median true rank); then each rank loss's verdict against MSE. */
function compactMarkdown(rows: readonly Row[]): string {
  const losses = LOSS_NAMES.filter((l) => rows.some((r) => r.loss === l));
  const rankLosses = losses.filter((l) => l !== 'mse');
  const lines = [
    `| space | n | strategy | ${losses.join(' | ')} | vs MSE (${rankLosses.join(' / ')}) |`,
    `| --- | ---: | --- | ${losses.map(() => '---').join(' | ')} | --- |`,
  ];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.setup}|${r.n}|${r.strategy}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const { setup, n, strategy } = group[0];
    const cell = (loss: LossName) => {
      const r = group.find((x) => x.loss === loss);
      return r ? `${r.accuracy.mean.toFixed(2)} ± ${r.accuracy.half.toFixed(2)} (${Math.round(r.rankMedian).toLocaleString('en-US')})` : '—';
    };
    const verdicts = rankLosses.map((l) => group.find((x) => x.loss === l)?.versusMse?.verdict ?? '—').join(' / ');
    lines.push(`| ${SETUPS[setup].label} | ${n.toLocaleString('en-US')} | ${strategy} | ${losses.map(cell).join(' | ')} | ${verdicts} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const workerUnits = option('worker');
  if (workerUnits) return worker(JSON.parse(workerUnits) as Unit[]);
  const setups = (option('spaces')?.split(',') ?? Object.keys(SETUPS)) as SetupName[];
  const bad = setups.filter((s) => !(s in SETUPS));
  if (bad.length) throw new Error(`unknown --spaces ${bad.join(', ')}; choose from ${Object.keys(SETUPS).join(', ')}`);
  const sizes = option('sizes')?.split(',').map(Number) ?? [100, 1000];
  const losses = (option('losses')?.split(',') ?? LOSS_NAMES) as LossName[];
  const units: Unit[] = [];
  // labelled set outermost: a stopped run has whole labelled sets of every space rather than whole spaces
  for (const trainSeed of TRAIN_SEEDS) for (const setup of setups) for (const n of sizes) for (const loss of losses) units.push({ setup, n, loss, trainSeed });
  const done = new Map<string, UnitResult>();
  if (existsSync(PARTIAL))
    for (const line of readFileSync(PARTIAL, 'utf8').split('\n'))
      if (line.trim()) {
        const r = JSON.parse(line) as UnitResult;
        if (sameRun(r)) done.set(keyOf(r), r);
      }
  const todo = units.filter((u) => !done.has(keyOf(u)));
  console.log(`${units.length - todo.length} of ${units.length} units done; running ${todo.length}`);
  mkdirSync(RESULTS, { recursive: true });
  const started = clocks();
  if (!process.argv.includes('--report-only') && todo.length) {
    const args = process.argv.slice(2).filter((a, i, v) => a !== '--jobs' && v[i - 1] !== '--jobs');
    await runInChildren<Unit, UnitResult>(__filename, args, todo, Number(option('jobs') ?? 1), 'UNIT ', (r) => {
      appendFileSync(PARTIAL, JSON.stringify(r) + '\n');
      done.set(keyOf(r), r);
      const mean = (s: string) => r.searches.filter((x) => x.strategy === s).reduce((a, x) => a + x.accuracy, 0) / STARTS;
      console.log(
        `${r.setup} n=${r.n} ${r.loss} set ${r.trainSeed}: local ${mean('local').toFixed(2)}, evolution ${mean('evolution').toFixed(2)} (training ${r.trainCpuSeconds.toFixed(0)} CPU s, load ${r.loadAverage.toFixed(1)})`,
      );
    });
  }
  const results = units.map((u) => done.get(keyOf(u))).filter((r): r is UnitResult => r !== undefined);
  const rows = summarise(results);
  const ended = clocks();
  const report = {
    generated: new Date().toISOString(),
    command: `npx tsx bench/rsnas.ts ${process.argv.slice(2).join(' ')}`.trim(),
    protocol: `per (space, n, loss): ${TRAIN_SEEDS.length} labelled sets (the same for every loss) × ${STARTS} random starts; ${STRATEGIES.join(' and ')} with ${BUDGET} surrogate evaluations each, no oracle query; the returned cell is the search's best by surrogate score; accuracy = the table's report column of that cell, rank = 1 + table cells with a higher value; recipe = one plain 3×32 network (n ≤ 300: 3 of them), the loss swapped (rsnasRecipe in bench/rsnas.ts)`,
    setups: SETUPS,
    complete: results.length === units.length,
    unitsDone: results.length,
    unitsPlanned: units.length,
    wallSeconds: (ended.wall - started.wall) / 1000,
    trainCpuSeconds: results.reduce((a, r) => a + r.trainCpuSeconds, 0),
    rows,
    units: results,
  };
  writeFileSync(join(RESULTS, 'rsnas.json'), JSON.stringify(report, null, 1) + '\n');
  const md = `# RS-NAS: search on the surrogate alone\n\nGenerated ${report.generated} by \`${report.command}\`${report.complete ? '' : ` — **incomplete: ${results.length} of ${units.length} units**`}.\n\n${report.protocol}.\n\nTrue accuracy of the returned cell, mean ± 95 % interval (median true rank); win / tie / lose = the paired difference to MSE (same labelled set, same start) is above 0 / straddles 0 / is below 0 at 95 %:\n\n${compactMarkdown(rows)}\n\nAll rows:\n\n${markdown(rows)}\n`;
  writeFileSync(join(RESULTS, 'rsnas.md'), md);
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
