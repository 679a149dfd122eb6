import type { FittedModelCard } from '../core/fit/card';
import type { FitProgress, FitRecipe } from '../core/fit/types';
import type { MeasuredCell } from '../core/results/types';
import type { Cell, SpaceId } from '../core/spaces/types';

/**
 * Messages between a host (extension or CLI) and the search worker thread.
 * Each search has an id chosen by the host; every reply carries it.
 */

export type SearchMode = 'surrogate';

export interface SearchConstraintsMessage {
  /** Absolute parameter count. */
  readonly maxParams?: number;
  readonly maxFlops?: number;
  /** Macro network the constraints are measured in (space default when absent). */
  readonly macro?: string;
}

export interface SearchRequest {
  readonly space: SpaceId;
  /** One of the strategy names of src/core/search (random, local, evolution, nar, eps, predictor). */
  readonly strategy: string;
  readonly mode: SearchMode;
  /** Dataset whose bundled model scores cells, e.g. 'cifar10'. */
  readonly dataset: string;
  /** Folder of the surrogate model to load (model.json, weights.bin, calibration.json). */
  readonly modelDir: string;
  /** Start cell ("search around"); absent = the whole space. */
  readonly start?: Cell;
  /** Query budget: cells evaluated. */
  readonly budget: number;
  /** Time budget in milliseconds. */
  readonly timeMs: number;
  readonly seed: number;
  /** How many best cells progress and results carry. */
  readonly topK: number;
  readonly constraints?: SearchConstraintsMessage;
  /** Minimum interval between progress messages (default 100 ms). */
  readonly progressIntervalMs?: number;
}

/** A scored cell as the host shows it. */
export interface RankedCell {
  readonly cell: Cell;
  readonly hash: string;
  readonly score: number;
  /** Share of the whole space predicted better, in percent (0 = best). */
  readonly percentile: number;
  /** Predicted rank in the whole space, 1 = best. */
  readonly rank: number;
  readonly params?: number;
  readonly flops?: number;
}

export type StopReason = 'budget' | 'time' | 'cancelled' | 'exhausted';

/**
 * Scores cells with the model of modelDir (loaded once per worker, as for a search). The editor ranks
 * through this, so that model loading and scoring never run on the extension host's thread. An empty
 * `cells` only loads (and checks) the model. Answered by 'scores' or by an 'error' with the same id.
 */
export interface ScoreRequest {
  readonly modelDir: string;
  readonly cells: readonly Cell[];
}

/**
 * Fits a surrogate to measured cells of one space (src/core/fit) and writes the model folder.
 * Answered by 'fit-progress' messages, then 'fit-done', or an 'error' with the same id ('cancel'
 * with the id stops it: the error then has code 'cancelled').
 */
export interface FitRequest {
  readonly measured: readonly MeasuredCell[];
  /** Folder of the model the space ranks with today (compared as it is, and the warm start); absent: none. */
  readonly priorDir?: string;
  /** Benchmark tables added as down-weighted sources of their own (used when recipe.priorShare > 0). */
  readonly priorSources?: readonly { readonly file: string; readonly target: string }[];
  readonly folds?: number;
  readonly seed?: number;
  readonly recipe?: Partial<FitRecipe>;
  /** The folder to write (e.g. .nas-lens/models/<space>-<name>); replaced when it exists. */
  readonly outDir: string;
  /** The model's name in its card. */
  readonly name: string;
  /** The results files the measurements came from, for the card. */
  readonly files?: readonly string[];
  /** nb101_space.csv.gz, to calibrate NB-101 models. */
  readonly nb101SpaceFile?: string;
  /** Minimum interval between epoch progress messages (default 100 ms; fold messages always go). */
  readonly progressIntervalMs?: number;
}

export type HostToWorker =
  | { readonly type: 'start'; readonly id: string; readonly request: SearchRequest }
  | { readonly type: 'cancel'; readonly id: string }
  | ({ readonly type: 'score'; readonly id: string } & ScoreRequest)
  | { readonly type: 'fit'; readonly id: string; readonly request: FitRequest };

export type WorkerToHost =
  | { readonly type: 'ready' }
  | {
      readonly type: 'progress';
      readonly id: string;
      readonly evaluations: number;
      readonly evaluationsPerSecond: number;
      readonly elapsedMs: number;
      /** Best-so-far score after each progress step, for the chart. */
      readonly best?: RankedCell;
      readonly top: readonly RankedCell[];
    }
  | {
      readonly type: 'done';
      readonly id: string;
      readonly reason: StopReason;
      readonly evaluations: number;
      readonly elapsedMs: number;
      readonly top: readonly RankedCell[];
    }
  | {
      readonly type: 'scores';
      readonly id: string;
      /** One score per requested cell, in order (higher = better). */
      readonly scores: readonly number[];
      /** The space the model ranks, and the TF.js backend that scored. */
      readonly space: SpaceId;
      readonly backend: string;
      /** Per cell, the spread of an ensemble's members (same scale as the scores); absent for a one-member model. */
      readonly spreads?: readonly number[];
    }
  | { readonly type: 'fit-progress'; readonly id: string; readonly progress: FitProgress }
  | {
      readonly type: 'fit-done';
      readonly id: string;
      /** The folder written, and its card (decision.used says whether the fitted model should be used). */
      readonly dir: string;
      readonly card: FittedModelCard;
    }
  | { readonly type: 'error'; readonly id?: string; readonly message: string; readonly code?: 'cancelled' };

export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
