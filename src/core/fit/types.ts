import type { SpreadCheck } from '../surrogate/uncertainty';
import type { Cell, SpaceId } from '../spaces/types';
import type { LossName, SurrogateConfig } from '../surrogate/config';

/** The model a space ranks with today (the bundled one): compared as it is, and the warm start of the fit. */
export interface FitPrior {
  /** e.g. "nb201-cifar10". */
  readonly name: string;
  readonly config: SurrogateConfig;
  readonly weights: Float32Array;
}

/**
 * Benchmark labels added to the training as a source of their own: its targets are ranked only
 * against each other (never against the user's), and it is down-weighted (FitRecipe.priorShare).
 */
export interface PriorSource {
  /** e.g. "nb201.csv c10_test_200". */
  readonly name: string;
  readonly cells: readonly Cell[];
  /** Higher = better, one per cell. */
  readonly targets: ArrayLike<number>;
}

/** How the fitted ensemble is trained (see recipe.ts for the defaults and why). */
export interface FitRecipe {
  /** Ensemble members, at least 3. */
  readonly members: number;
  /** Every member starts from the prior's weights (needs a prior). */
  readonly warmStart: boolean;
  readonly loss: LossName;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly batchSize: number;
  /** Passes over the user's cells (the prior sources' rows come on top). */
  readonly epochs: number;
  /** Share of each epoch's rows drawn from the prior sources; 0 leaves them out. */
  readonly priorShare: number;
  /** Each member trains on a bootstrap resample of the user's cells (members differ even in full batches). */
  readonly bootstrap: boolean;
}

export interface FitOptions {
  readonly prior?: FitPrior;
  readonly priorSources?: readonly PriorSource[];
  /** Cross-validation folds (default 5; fewer when there are few cells, see foldCount). */
  readonly folds?: number;
  readonly seed?: number;
  /** Overrides of the default recipe. */
  readonly recipe?: Partial<FitRecipe>;
  /** Skip cross-validation (benchmarks that measure on their own held-out cells); the decision then says so. */
  readonly skipCrossValidation?: boolean;
  /** Cells of the space that set each member's scale (mean 0, std 1 over them); default 256 sampled with the seed. */
  readonly scaleReference?: readonly Cell[];
  /** Wall and CPU clocks in milliseconds, for the card (the caller's: core has no process clock). */
  readonly clock?: FitClock;
  /** Awaited between epochs (a chance for the event loop to deliver a cancel); default a macrotask every ≥ 10 ms. */
  readonly pause?: () => Promise<void>;
}

export interface FitClock {
  wallMs(): number;
  cpuMs?(): number;
}

/** Progress of a fit: every epoch of every member, and every finished fold. */
export type FitProgress =
  | {
      readonly kind: 'epoch';
      /** 'cv' while cross-validating (fold 1..folds), 'final' for the model trained on every cell. */
      readonly stage: 'cv' | 'final';
      readonly fold?: number;
      readonly folds: number;
      readonly member: number;
      readonly members: number;
      readonly epoch: number;
      readonly epochs: number;
      readonly loss: number;
      /** Share of the whole fit done, 0..1. */
      readonly fraction: number;
    }
  | {
      readonly kind: 'fold';
      readonly fold: number;
      readonly folds: number;
      readonly cells: number;
      /** τ on this fold's held-out cells: the prior as it is, and the fitting recipe. */
      readonly priorTau?: number;
      readonly fittedTau: number;
      readonly fraction: number;
    };

export interface FoldResult {
  readonly fold: number;
  readonly cells: number;
  readonly priorTau?: number;
  readonly fittedTau: number;
}

export interface CrossValidation {
  readonly folds: number;
  /**
   * (a) the prior model as it is: Kendall τ over every measured cell (each scored by the same model;
   * compare with fittedTau, over the same pairs). Absent without a prior.
   */
  readonly priorTau?: number;
  /** (b) the fitting recipe: Kendall τ of the out-of-fold scores (each cell scored by the model trained without its fold). */
  readonly fittedTau: number;
  /** Both figures within folds only (τ-b per fold, weighted by its pairs): fewer pairs, each pair scored by one model. */
  readonly withinFolds: { readonly priorTau?: number; readonly fittedTau: number };
  readonly perFold: readonly FoldResult[];
  /**
   * Whether the ensemble's spread tracks its rank error on the held-out cells: each cell's member scores
   * come from the model trained without its fold (core/surrogate/uncertainty.ts checkSpread, percentile scale).
   */
  readonly spread?: SpreadCheck;
  readonly protocol: string;
}

/** Why a fitted model is not used for its space. */
export type NotUsedReason =
  | { readonly code: 'too-few-cells'; readonly cells: number; readonly minimum: number; readonly message: string }
  | { readonly code: 'prior-better'; readonly priorTau: number; readonly fittedTau: number; readonly message: string }
  | { readonly code: 'not-better-than-chance'; readonly fittedTau: number; readonly message: string }
  | { readonly code: 'not-validated'; readonly message: string };

export type FitDecision = { readonly used: true; readonly message: string } | { readonly used: false; readonly reason: NotUsedReason };

/** What the fit was trained on, for the card. */
export interface FitData {
  readonly space: SpaceId;
  readonly metric: string;
  /** Distinct canonical cells. */
  readonly cells: number;
  /** Runs behind them (sum of MeasuredCell.runs). */
  readonly runs: number;
  readonly priorSources: readonly { readonly name: string; readonly rows: number }[];
}

export interface FitOutcome {
  /** The ensemble trained on every measured cell. */
  readonly model: { readonly config: SurrogateConfig; readonly weights: Float32Array };
  readonly data: FitData;
  readonly prior?: string;
  readonly recipe: FitRecipe;
  readonly crossValidation?: CrossValidation;
  readonly decision: FitDecision;
  readonly seed: number;
  readonly training: { readonly wallSeconds: number; readonly cpuSeconds?: number; readonly epochs: number };
}

/** A measured input the fit cannot use (a wrong space, mixed metrics, too few distinct values, …). */
export class FitInputError extends Error {
  override readonly name = 'FitInputError';
}

/** The fit was cancelled through its AbortSignal. */
export class FitCancelledError extends Error {
  override readonly name = 'FitCancelledError';
  constructor() {
    super('the fit was cancelled');
  }
}
