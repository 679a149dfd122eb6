/**
 * Every message between a host (the extension, the CLI, a benchmark) and a worker thread running
 * src/worker/main.ts, declared once. A search worker serves searches and score requests: each has an
 * id chosen by the host, and every reply carries it. A benchmark worker (workerData BenchWorkerData)
 * runs oracle-mode trials.
 */
import type { DatasetId } from '../core/catalog';
import type { AnyStrategyOptions, StrategyName } from '../core/search';
import type { PredictorFitSettings, PredictorSearchSettings } from '../core/search/predictor-fit';
import type { Cell, SpaceId } from '../core/spaces/types';
import type { Prediction } from '../shared/ranking-terms';

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
  /** One of STRATEGY_NAMES of src/core/search (the worker checks it). */
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

// ---- oracle-mode benchmark trials (src/worker/search-bench.ts ↔ src/worker/bench-trials.ts) ----------

/** The predictor strategy's fit (warm starts, steps, ensemble) and search settings, over their defaults. */
export interface PredictorOverrides {
  readonly fit?: Partial<PredictorFitSettings>;
  readonly search?: Partial<PredictorSearchSettings>;
}

/** workerData of a benchmark worker: it loads the table itself and runs the trials it is sent. */
export interface BenchWorkerData {
  readonly role: 'bench-trials';
  readonly tablePath: string;
  readonly metric: string;
  readonly report: string;
  readonly budget: number;
  /** Extra strategy options: plain data (they cross the thread boundary). */
  readonly strategyOptions?: Partial<AnyStrategyOptions<Cell>>;
  readonly predictor?: PredictorOverrides;
}

export interface TrialStats {
  readonly wallMs: number;
  readonly fits?: number;
  readonly fitTrainMs?: number;
  readonly fitScoreMs?: number;
}

export interface TrialResult {
  /** The report value of the best-by-metric cell after each query. */
  readonly curve: number[];
  readonly stats: TrialStats;
}

export type HostToBenchWorker = { readonly type: 'trial'; readonly job: number; readonly name: StrategyName; readonly seed: number };

export type BenchWorkerToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'trial'; readonly job: number; readonly result: TrialResult }
  | { readonly type: 'error'; readonly job?: number; readonly message: string };
