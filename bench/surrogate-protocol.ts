import { rankingReport, type RankingReport } from '../src/core/metrics';
import { createRng } from '../src/core/rng';
import type { Cell, Nb101Cell, SpaceId } from '../src/core/spaces/types';
import { concatEncoded } from '../src/core/fit/pool';
import { renumberedNb101 } from '../src/core/surrogate/nb101-renumber';
import type { LossName, Preprocess } from '../src/core/surrogate/config';
import { defaultPreprocess, encodeCells, selectEncoded, type EncodedCells } from '../src/core/surrogate/encode-cells';
import { trainingRecipe, type TrainingRecipe } from '../src/core/surrogate/recipes';
import { createScorer } from '../src/core/surrogate/scorer';
import { trainSurrogate, type TrainedSurrogate } from '../src/core/surrogate/train';
import { readFileSync } from 'node:fs';
import { checkSpread, type SpreadCheck } from '../src/core/surrogate/uncertainty';
import { getSpace } from '../src/core/spaces';
import type { SearchSpace } from '../src/core/spaces/types';
import type { SurrogateConfig } from '../src/core/surrogate/config';
import { readCsvCells } from '../src/node/csv-cells';
import { clocks } from './step-timing';

/** One (loss, training size, seed) run of a protocol. */
export interface BenchRun {
  readonly loss: LossName;
  readonly n: number;
  readonly seed: number;
  readonly trainCells: number;
  readonly validationCells: number;
  readonly members: number;
  readonly keptEpochs: readonly number[];
  readonly epochsRun: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly test: RankingReport;
  /** Ensembles: whether the members' spread tracks the rank error on the test set. */
  readonly spread?: SpreadCheck;
  /** Distillation: the teacher's figures on the test set (`test` is the student's). */
  readonly teacher?: RankingReport;
}

export interface LabelledSpace {
  readonly space: SpaceId;
  readonly preprocess: Preprocess;
  readonly cells: readonly Cell[];
  readonly encoded: EncodedCells;
  readonly targets: Float32Array;
  /** Other numeric columns of the data file by name (auxiliary targets), NaN where a row has none. */
  readonly columns?: ReadonlyMap<string, Float32Array>;
}

export interface SplitProtocol {
  /** Row indices of the fixed test set. */
  readonly test: readonly number[];
  /** Row indices training sets are drawn from. */
  readonly pool: readonly number[];
}

/**
 * A seeded permutation (seed 0) of all rows; its first `testSize` rows are the test set, the rest the pool.
 * NB-201: 3,125 of 15,625. NB-101: 20 % of nb101_subset.csv.
 */
export function seededSplit(count: number, testSize: number, seed = 0): SplitProtocol {
  const perm = createRng(seed).shuffle(Array.from({ length: count }, (_, i) => i));
  return { test: perm.slice(0, testSize), pool: perm.slice(testSize) };
}

/** Changes to the recipe for an experiment (bench/surrogate.ts --recipe '{"hyper":{"epochs":200}}'). */
export interface RecipeOverride {
  readonly architecture?: Partial<TrainingRecipe['architecture']>;
  readonly hyper?: Partial<TrainingRecipe['hyper']>;
  readonly validationFraction?: number;
  readonly preprocess?: Preprocess;
  /** Columns of the data file trained as auxiliary targets (one head each), e.g. ["val_36", "val_12"]. */
  readonly auxiliary?: readonly string[];
  /**
   * Distillation: the trained model (the teacher) scores every pool cell (the cells outside the test
   * set; no labels used beyond the n), and a student network is trained on those scores; the student
   * is what the test set measures (the teacher's figures are kept next to it).
   */
  /**
   * Pretraining on a cost proxy: the network first learns log(parameter count) (space.cost, no labels) of
   * every pool cell for `epochs` (MSE), and the labelled training starts from those weights.
   */
  readonly pretrain?: { readonly epochs: number };
  /**
   * NB-101 augmentation: each training cell also enters as `renumberings` copies of itself under a random
   * other numbering of its vertices (same cell, another matrix; core/surrogate/nb101-renumber.ts), with
   * its targets. The validation and test cells stay as they are.
   */
  readonly augment?: { readonly renumberings: number };
  readonly distill?: {
    readonly architecture?: Partial<TrainingRecipe['architecture']>;
    readonly hyper?: Partial<TrainingRecipe['hyper']>;
    readonly loss?: LossName;
  };
}

/**
 * Trains on the first `n` rows of a seeded shuffle of the pool (the whole pool when n ≥ its size),
 * holding out the recipe's validation share for early stopping, and scores the test set.
 */
export async function runOne(
  data: LabelledSpace,
  split: SplitProtocol,
  loss: LossName,
  n: number,
  seed: number,
  onEpoch?: (epoch: number, tau?: number) => void,
  override?: RecipeOverride,
): Promise<{ run: BenchRun; trained: TrainedSurrogate }> {
  const rng = createRng(1000 * seed + n);
  // rows without a target (220 NASLib-only rows of nb101_subset.csv have no val_108) are drawn but left out
  const labelledRow = (i: number) => Number.isFinite(data.targets[i]);
  const chosen = rng.shuffle(split.pool.slice()).slice(0, n).filter(labelledRow);
  const base = trainingRecipe(data.space, chosen.length);
  const auxiliary = override?.auxiliary ?? [];
  const recipe = {
    architecture: { ...base.architecture, ...override?.architecture, ...(auxiliary.length ? { auxiliary: auxiliary.length } : {}) },
    hyper: { ...base.hyper, ...override?.hyper },
    validationFraction: override?.validationFraction ?? base.validationFraction,
  };
  const nValidation = Math.round(chosen.length * recipe.validationFraction);
  const validationRows = chosen.slice(0, nValidation);
  const trainRows = chosen.slice(nValidation);
  const columnOf = (name: string) => {
    const column = data.columns?.get(name);
    if (!column) throw new Error(`no column '${name}' for an auxiliary target`);
    return column;
  };
  const labelled = (rows: readonly number[], withAuxiliary = false) => ({
    cells: selectEncoded(data.encoded, rows),
    targets: Float32Array.from(rows, (i) => data.targets[i]),
    ...(withAuxiliary && auxiliary.length ? { auxiliary: auxiliary.map((name) => Float32Array.from(rows, (i) => columnOf(name)[i])) } : {}),
  });
  const start = clocks();
  let epochsRun = 0;
  let init: { config: SurrogateConfig; weights: Float32Array } | undefined;
  if (override?.pretrain) {
    const space = getSpace(data.space) as unknown as SearchSpace<Cell>;
    const poolCells = selectEncoded(data.encoded, split.pool);
    const logParams = Float32Array.from(split.pool, (i) => Math.log(space.cost(data.cells[i]).params));
    const architecture = recipe.architecture;
    const auxiliaryHeads = architecture.auxiliary ?? 0;
    const pre = await trainSurrogate({
      space: data.space,
      preprocess: data.preprocess,
      architecture,
      hyper: { ...recipe.hyper, loss: 'mse', members: 1, patience: 0, epochs: override.pretrain.epochs, batchSize: 128 },
      train: {
        cells: poolCells,
        targets: logParams,
        ...(auxiliaryHeads ? { auxiliary: Array.from({ length: auxiliaryHeads }, () => new Float32Array(poolCells.count).fill(NaN)) } : {}),
      },
      rng: createRng(31 * seed + n),
      onEpoch: () => {
        epochsRun++;
      },
    });
    init = { config: pre.config, weights: pre.weights };
  }
  const train = override?.augment
    ? renumberedTraining(data, labelled(trainRows, true), trainRows, override.augment.renumberings, seed)
    : labelled(trainRows, true);
  const trained = await trainSurrogate({
    ...(init ? { init } : {}),
    space: data.space,
    preprocess: data.preprocess,
    architecture: recipe.architecture,
    hyper: { ...recipe.hyper, loss },
    train,
    ...(nValidation >= 2 ? { validation: labelled(validationRows) } : {}),
    rng,
    onEpoch: (r) => {
      epochsRun++;
      onEpoch?.(r.epoch, r.validationTau);
    },
  });
  const test = labelled(split.test.filter(labelledRow));
  const scorer = createScorer(trained.config, trained.weights);
  let report: RankingReport;
  let spread: SpreadCheck | undefined;
  let teacherScores: Float32Array | undefined;
  const poolCells = override?.distill ? selectEncoded(data.encoded, split.pool) : undefined;
  try {
    report = rankingReport(test.targets, scorer.score(test.cells));
    if (trained.config.members > 1) spread = checkSpread(test.targets, scorer.memberScores(test.cells));
    if (poolCells) teacherScores = scorer.score(poolCells);
  } finally {
    scorer.dispose();
  }
  let model = trained;
  let teacher: RankingReport | undefined;
  if (override?.distill && poolCells && teacherScores) {
    const d = override.distill;
    const studentBase = trainingRecipe(data.space, poolCells.count);
    model = await trainSurrogate({
      space: data.space,
      preprocess: data.preprocess,
      architecture: { ...studentBase.architecture, ...d.architecture },
      hyper: { ...studentBase.hyper, members: 1, patience: 0, ...d.hyper, loss: d.loss ?? 'mse' },
      train: { cells: poolCells, targets: teacherScores },
      rng: createRng(7919 * seed + n),
      onEpoch: () => {
        epochsRun++;
      },
    });
    teacher = report;
    const student = createScorer(model.config, model.weights);
    try {
      report = rankingReport(test.targets, student.score(test.cells));
    } finally {
      student.dispose();
    }
  }
  const end = clocks();
  return {
    trained: model,
    run: {
      loss,
      n,
      seed,
      trainCells: trainRows.length,
      validationCells: validationRows.length,
      members: recipe.hyper.members,
      keptEpochs: trained.keptEpochs,
      epochsRun,
      seconds: (end.wall - start.wall) / 1000,
      cpuSeconds: (end.cpu - start.cpu) / 1000,
      test: report,
      ...(spread ? { spread } : {}),
      ...(teacher ? { teacher } : {}),
    },
  };
}

/** A training set with `copies` renumbered copies of each of its NB-101 cells appended (targets and auxiliary targets repeated). */
function renumberedTraining(
  data: LabelledSpace,
  set: { cells: EncodedCells; targets: Float32Array; auxiliary?: Float32Array[] },
  rows: readonly number[],
  copies: number,
  seed: number,
): { cells: EncodedCells; targets: Float32Array; auxiliary?: Float32Array[] } {
  if (data.space !== 'nb101') throw new Error(`renumbering augmentation is for NB-101 cells, not ${data.space}`);
  const rng = createRng(4099 * seed + rows.length);
  const extra: Cell[] = [];
  for (let c = 0; c < copies; c++) for (const i of rows) extra.push(renumberedNb101(data.cells[i] as Nb101Cell, rng));
  const repeat = (v: Float32Array) => {
    const out = new Float32Array(v.length * (copies + 1));
    for (let c = 0; c <= copies; c++) out.set(v, c * v.length);
    return out;
  };
  return {
    cells: concatEncoded([set.cells, encodeCells(data.space, data.preprocess, extra)]),
    targets: repeat(set.targets),
    ...(set.auxiliary ? { auxiliary: set.auxiliary.map(repeat) } : {}),
  };
}

export function encodeLabelled(
  space: SpaceId,
  cells: readonly Cell[],
  targets: Float32Array,
  preprocess = defaultPreprocess(space),
  columns?: ReadonlyMap<string, Float32Array>,
): LabelledSpace {
  return { space, preprocess, cells, encoded: encodeCells(space, preprocess, cells), targets, ...(columns ? { columns } : {}) };
}

/** Per space: data file, target column, test-set size, default training sizes, and the goals (target, reference τ). */
export const PROTOCOLS = {
  nb201: {
    file: 'nb201.csv',
    target: 'c10_test_200',
    testSize: (count: number) => Math.round(count / 5),
    sizes: [100, 1000, 12500],
    goals: { 100: { target: 0.78, reference: 0.705 }, 1000: { target: 0.91, reference: 0.903 }, 12500: { target: 0.95, reference: 0.944 } } as Record<
      number,
      { target: number; reference: number }
    >,
  },
  nb101: {
    file: 'nb101_subset.csv',
    target: 'val_108',
    testSize: (count: number) => Math.round(count / 5),
    sizes: [1000, 4236, 19371],
    goals: { 1000: { target: 0.84, reference: 0.826 }, 4236: { target: 0.88, reference: 0.865 }, 19371: { target: 0.9, reference: 0.891 } } as Record<
      number,
      { target: number; reference: number }
    >,
  },
};

/** Reads a protocol's data file: every row as a cell, the target and any other numeric columns asked for. */
export function readProtocolData(file: string, space: SpaceId, target: string, preprocess?: Preprocess, columns: readonly string[] = []): LabelledSpace {
  const rows = readCsvCells(readFileSync(file, 'utf8'));
  const cells = rows.map((r) => {
    if (!r.cell) throw new Error(`${file}:${r.line}: ${r.error}`);
    return r.cell;
  });
  const numeric = (name: string) => Float32Array.from(rows, (r) => (r.row[name] === undefined || r.row[name] === '' ? NaN : Number(r.row[name])));
  const extra = new Map(columns.map((name) => [name, numeric(name)]));
  return encodeLabelled(space, cells, numeric(target), preprocess, extra);
}
