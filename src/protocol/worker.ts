import type { DatasetId } from '../core/catalog';
import type { Cell, SpaceId } from '../core/spaces/types';
import type { Prediction } from '../shared/ranking-terms';

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
  /** Dataset the model ranks on; sets the macro network of params/FLOPs (NB-201). */
  readonly dataset: DatasetId;
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

/** A scored cell as the host shows it: its prediction (score, rank, top % from the model's calibration) and cost. */
export interface RankedCell extends Prediction {
  readonly cell: Cell;
  readonly hash: string;
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

export type HostToWorker =
  | { readonly type: 'start'; readonly id: string; readonly request: SearchRequest }
  | { readonly type: 'cancel'; readonly id: string }
  | ({ readonly type: 'score'; readonly id: string } & ScoreRequest);

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
    }
  | { readonly type: 'error'; readonly id?: string; readonly message: string };
