// One round of the measure → fit → suggest loop, shared by the closed loop (src/node/loop) and the
// oracle-mode benchmark (bench/suggest.ts), so that the same measured cells and seed give the same
// batch whether the cells were measured by a table lookup or by jobs on a cluster.
import { fitSurrogate } from '../fit/fit';
import type { FitPrior, FitProgress, FitRecipe } from '../fit/types';
import type { MeasuredCell } from '../results/types';
import { createRng } from '../rng';
import { createStrategy, type SearchConstraints } from '../search';
import { getSpace } from '../spaces';
import type { Cell, SpaceId } from '../spaces/types';
import type { SurrogateConfig } from '../surrogate/config';
import { createEnsembleScorer } from '../surrogate/ensemble';
import { encodeCells } from '../surrogate/encode-cells';
import type { AcquisitionName } from './acquisition';
import { suggestCells, type SpreadModel, type SuggestResult } from './suggest';

/** An ensemble (config + weights) as suggestCells' model; dispose() frees its tensors. */
export function ensembleSpreadModel(model: { readonly config: SurrogateConfig; readonly weights: Float32Array }): { model: SpreadModel; dispose(): void } {
  const scorer = createEnsembleScorer(model.config, model.weights);
  return {
    model: { predictWithSpread: (cells) => scorer.scoreWithSpread(encodeCells(model.config.space, model.config.preprocess, cells)) },
    dispose: () => scorer.dispose(),
  };
}

/** The loop's first cells, before there is anything to fit: a seeded random sample (a random search's first batch). */
export function initialCells(space: SpaceId, count: number, seed: number, allow?: (cell: Cell, key: string) => boolean): Cell[] {
  const random = createStrategy<Cell>('random', { space: getSpace(space), rng: createRng(seed), ...(allow ? { allow } : {}) });
  return random.ask(count);
}

export interface NextBatchOptions {
  readonly space: SpaceId;
  readonly count: number;
  readonly acquisition: AcquisitionName;
  readonly kappa: number;
  readonly minDistance: number;
  /** Candidates the acquisition search scores. */
  readonly searchBudget: number;
  /** The loop's seed: fit k (0-based) uses seed + k, its search seed + 1000·(k + 1). */
  readonly seed: number;
  /** Fits done before this one in the loop (0 for the first). */
  readonly fitIndex: number;
  /** The space's own model (the bundled one, or the user's): the first fit warm-starts from it (see fitSuggestModel). */
  readonly basePrior?: FitPrior;
  /** The previous round's ensemble: this fit warm-starts from it (over basePrior). */
  readonly prior?: FitPrior;
  readonly recipe?: Partial<FitRecipe>;
  readonly constraints?: SearchConstraints;
  readonly allow?: (cell: Cell, key: string) => boolean;
  /** Cells never to propose besides the measured ones (e.g. cells whose runs are still in flight). */
  readonly exclude?: readonly Cell[];
  readonly onFitProgress?: (progress: FitProgress) => void;
  readonly pause?: () => Promise<void>;
}

export interface NextBatch {
  readonly result: SuggestResult;
  /** The ensemble fitted in this round: the prior of the next. */
  readonly model: FitPrior;
}

export interface SuggestFitOptions {
  /** Every member warm-starts from this model (bootstrap resamples tell members apart when it has fewer); none: from scratch. */
  readonly start?: FitPrior;
  readonly seed: number;
  readonly recipe?: Partial<FitRecipe>;
  readonly name?: string;
  readonly onProgress?: (progress: FitProgress) => void;
  readonly pause?: () => Promise<void>;
  /** Aborts the fit (FitCancelledError). */
  readonly signal?: AbortSignal;
}

/**
 * The ensemble suggest scores with: fitted to every measured cell (in the order given), without
 * cross-validation — nothing is decided from it; the recipe was chosen on bench:suggest — each
 * member warm-started from `start` when there is one. Same cells, start and seed → the same weights.
 */
export async function fitSuggestModel(measured: readonly MeasuredCell[], options: SuggestFitOptions): Promise<FitPrior> {
  const { start } = options;
  const outcome = await fitSurrogate(
    measured,
    {
      ...(start ? { prior: start } : {}),
      recipe: { ...(start ? { warmStart: true } : {}), ...options.recipe },
      seed: options.seed,
      skipCrossValidation: true,
      ...(options.pause ? { pause: options.pause } : {}),
    },
    options.onProgress,
    options.signal,
  );
  return {
    name: options.name ?? `an ensemble of ${outcome.model.config.members} fitted to ${measured.length} measured cells${start ? ` from ${start.name}` : ''}`,
    config: outcome.model.config,
    weights: outcome.model.weights,
  };
}

/**
 * Fits an ensemble to every measured cell (in the order given: the order cells were measured in,
 * so that a loop and its oracle-mode replay train on the same sequence), warm-started from the
 * previous round's ensemble, else from the space's own model (basePrior), then suggests the batch.
 */
export async function nextBatch(measured: readonly MeasuredCell[], options: NextBatchOptions): Promise<NextBatch> {
  const { fitIndex, seed } = options;
  const start = options.prior ?? options.basePrior;
  const model = await fitSuggestModel(measured, {
    ...(start ? { start } : {}),
    seed: seed + fitIndex,
    ...(options.recipe ? { recipe: options.recipe } : {}),
    name: `loop fit ${fitIndex + 1}`,
    ...(options.onFitProgress ? { onProgress: options.onFitProgress } : {}),
    ...(options.pause ? { pause: options.pause } : {}),
  });
  const scorer = ensembleSpreadModel(model);
  try {
    const result = await suggestCells({
      space: options.space,
      model: scorer.model,
      measured,
      count: options.count,
      acquisition: options.acquisition,
      kappa: options.kappa,
      minDistance: options.minDistance,
      ...(options.allow ? { allow: options.allow } : {}),
      ...(options.constraints ? { constraints: options.constraints } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
      budget: options.searchBudget,
      seed: seed + 1000 * (fitIndex + 1),
    });
    return { result, model };
  } finally {
    scorer.dispose();
  }
}
