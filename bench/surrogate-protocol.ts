import { rankingReport, type RankingReport } from '../src/core/metrics';
import { createRng } from '../src/core/rng';
import type { Cell, SpaceId } from '../src/core/spaces/types';
import type { LossName, Preprocess } from '../src/core/surrogate/config';
import { defaultPreprocess, encodeCells, selectEncoded, type EncodedCells } from '../src/core/surrogate/encode-cells';
import { trainingRecipe, type TrainingRecipe } from '../src/core/surrogate/recipes';
import { createScorer } from '../src/core/surrogate/scorer';
import { trainSurrogate, type TrainedSurrogate } from '../src/core/surrogate/train';
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
}

export interface LabelledSpace {
  readonly space: SpaceId;
  readonly preprocess: Preprocess;
  readonly cells: readonly Cell[];
  readonly encoded: EncodedCells;
  readonly targets: Float32Array;
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
  const chosen = rng.shuffle(split.pool.slice()).slice(0, n);
  const base = trainingRecipe(data.space, chosen.length);
  const recipe = {
    architecture: { ...base.architecture, ...override?.architecture },
    hyper: { ...base.hyper, ...override?.hyper },
    validationFraction: override?.validationFraction ?? base.validationFraction,
  };
  const nValidation = Math.round(chosen.length * recipe.validationFraction);
  const validationRows = chosen.slice(0, nValidation);
  const trainRows = chosen.slice(nValidation);
  const labelled = (rows: readonly number[]) => ({ cells: selectEncoded(data.encoded, rows), targets: Float32Array.from(rows, (i) => data.targets[i]) });
  const start = clocks();
  let epochsRun = 0;
  const trained = await trainSurrogate({
    space: data.space,
    preprocess: data.preprocess,
    architecture: recipe.architecture,
    hyper: { ...recipe.hyper, loss },
    train: labelled(trainRows),
    ...(nValidation >= 2 ? { validation: labelled(validationRows) } : {}),
    rng,
    onEpoch: (r) => {
      epochsRun++;
      onEpoch?.(r.epoch, r.validationTau);
    },
  });
  const end = clocks();
  const test = labelled(split.test);
  const scorer = createScorer(trained.config, trained.weights);
  let report: RankingReport;
  try {
    report = rankingReport(test.targets, scorer.score(test.cells));
  } finally {
    scorer.dispose();
  }
  return {
    trained,
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
    },
  };
}

export function encodeLabelled(space: SpaceId, cells: readonly Cell[], targets: Float32Array): LabelledSpace {
  const preprocess = defaultPreprocess(space);
  return { space, preprocess, cells, encoded: encodeCells(space, preprocess, cells), targets };
}
