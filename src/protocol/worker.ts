/**
 * Every message between a host (the extension, the CLI, a benchmark) and a worker thread running
 * src/worker/main.ts, declared once. A search worker serves searches and score requests: each has an
 * id chosen by the host, and every reply carries it. A benchmark worker (workerData BenchWorkerData)
 * runs oracle-mode trials.
 */
import type { DatasetId } from '../core/catalog';
import type { Agreement } from '../core/results/agreement';
import type { JoinedCell } from '../core/results/join';
import type { MetricChoice } from '../core/results/metric-choice';
import type { ResultProblem } from '../core/results/runs';
import type { AnyStrategyOptions, StrategyName } from '../core/search';
import type { PredictorFitSettings, PredictorSearchSettings } from '../core/search/predictor-fit';
import type { Cell, SpaceId } from '../core/spaces/types';
import type { Prediction } from '../shared/ranking-terms';
import type { FittedModelCard } from '../core/fit/card';
import type { FitProgress, FitRecipe } from '../core/fit/types';
import type { MeasuredCell } from '../core/results/types';
import type { AcquisitionName } from '../core/suggest/acquisition';
import type { SuggestResult } from '../core/suggest/suggest';

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
  /** Set when the score is outside the model's sampled reference set: `rank` and `top` are then only bounds, and this says which. */
  readonly outside?: string;
  readonly params?: number;
  readonly flops?: number;
  /** The spread of an ensemble's members' scores (the score's scale); absent for a one-network model. */
  readonly spread?: number;
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

/**
 * The next cells to train, as `nas-lens suggest` chooses them (src/core/suggest/fit-and-suggest.ts):
 * an ensemble fitted to the measured cells (or the model of modelDir as it is) scores a search by the
 * acquisition. Answered by 'suggest-progress' messages, then 'suggest-done', or an 'error' with the
 * same id ('cancel' with the id stops it: the error then has code 'cancelled'). Checked by the worker
 * (src/worker/suggest-session.ts).
 */
export interface SuggestRequest {
  readonly space: SpaceId;
  /** The user's measured cells of the space (never proposed again; the fit's data). */
  readonly measured: readonly MeasuredCell[];
  readonly count: number;
  /** 'ucb', 'ei' or 'greedy' (default 'ucb'). */
  readonly acquisition?: AcquisitionName;
  readonly kappa?: number;
  readonly minDistance?: number;
  readonly constraints?: SearchConstraintsMessage;
  /** Search around this cell. */
  readonly start?: Cell;
  /** Cells never to propose besides the measured ones (e.g. the cells already in the user's file). */
  readonly exclude?: readonly Cell[];
  /** Candidates the search scores (default DEFAULT_SUGGEST_BUDGET). */
  readonly budget?: number;
  readonly seed?: number;
  /** Score with this model folder as it is instead of fitting an ensemble. */
  readonly modelDir?: string;
  /** The fit warm-starts every network from this model folder (the space's bundled or custom model); none: from scratch. */
  readonly priorDir?: string;
  /** Overrides of the fit's recipe (fewer epochs or members). */
  readonly recipe?: Partial<FitRecipe>;
  /** Minimum interval between progress messages (default 100 ms). */
  readonly progressIntervalMs?: number;
}

/** Where a suggestion stands: fitting the ensemble (its progress), then searching (candidates scored). */
export type SuggestProgress =
  { readonly stage: 'fit'; readonly fit: FitProgress } | { readonly stage: 'search'; readonly evaluated: number; readonly budget: number };

/** The batch: the cells (predictions, never measurements) and the model that scored them. */
export interface SuggestReply {
  readonly result: SuggestResult;
  readonly model: { readonly name: string; readonly members: number };
}

/** The measured cells of one space with their cells (what a fit or a suggestion starts from), answered by 'results-cells'. */
export interface ResultsCellsRequest {
  readonly store: string;
  readonly space: SpaceId;
}

export interface ResultsCells {
  readonly generation: number;
  readonly space: SpaceId;
  /** The metric the space's cells are joined by; absent when no run of the space has a usable metric. */
  readonly metric?: string;
  readonly cells: readonly MeasuredCell[];
  readonly runs: number;
  /** The results files with runs of the space. */
  readonly files: readonly string[];
}

// ---- the user's results files (src/worker/results-store.ts) ------------------------------------------
// The worker reads, follows and joins the results files; the host keeps what its providers show.

/** Where the host's results stand: which files its globs match now, which changed, the metric. Answered by 'results-summary'. */
export interface ResultsSyncRequest {
  /**
   * Every results file the globs match now (absolute paths), in order; the worker forgets the others.
   * Each is looked at (one stat): read on from where reading stopped when it grew, whole when it was rewritten.
   */
  readonly files: readonly string[];
  /** Files to read whole again (saved from the editor: an edit may lie anywhere). */
  readonly reread: readonly string[];
  /** The metric to rank by in every space whose runs have it; absent: each space's default metric. */
  readonly metric?: string;
  /** Problems carried per file at most (each file's count is exact). */
  readonly maxProblemsPerFile: number;
}

export interface ResultsFileSummary {
  readonly file: string;
  readonly runs: number;
  readonly lines: number;
  readonly bytes: number;
  readonly errors: number;
  readonly warnings: number;
  /** The first maxProblemsPerFile problems (reading and join), by line; absent when unchanged since the last summary. */
  readonly problems?: readonly ResultProblem[];
  /** How this sync read the file. */
  readonly read: 'full' | 'appended' | 'unchanged';
}

export interface ResultsSummary {
  /** The worker's results store: queries name it (a restarted worker has another, and says so). */
  readonly store: string;
  /** Moves on whenever the measured cells change. */
  readonly generation: number;
  readonly files: readonly ResultsFileSummary[];
  readonly metrics: readonly MetricChoice[];
  readonly runs: number;
  readonly measuredCells: number;
}

/** A measured cell as the editor shows it: the join's, without the cell itself. */
export type MeasuredEntry = Omit<JoinedCell, 'cell'>;

/** The measured cells of (space, hash) keys, answered by 'results-measured' (null where not measured). */
export interface ResultsQueryRequest {
  readonly store: string;
  readonly keys: readonly { readonly space: SpaceId; readonly hash: string }[];
}

/**
 * The measured cells of one space best first (higher mean first), scored by a model, and the model's
 * agreement with them. Answered by 'results-report'.
 */
export interface ResultsReportRequest {
  readonly store: string;
  readonly space: SpaceId;
  /** The model to score with; absent: no scores, no agreement. */
  readonly modelDir?: string;
  /** The best `best` cells are always listed; up to `cells` in all (the rest an even sample of the others). 0: the agreement only. */
  readonly best: number;
  readonly cells: number;
  /** Seed of the agreement's bootstrap. */
  readonly seed: number;
}

export interface ReportedCell extends MeasuredEntry {
  /** Position among the space's measured cells, best first (0 = the highest mean). */
  readonly order: number;
  /** The model's score; absent without a model. */
  readonly score?: number;
}

export interface ResultsReport {
  readonly generation: number;
  readonly space: SpaceId;
  readonly choice?: MetricChoice;
  readonly measuredCells: number;
  readonly cells: readonly ReportedCell[];
  /** With a model: its agreement with every measured cell of the space (or why it could not score them). */
  readonly agreement?: Agreement;
  readonly modelError?: string;
}

/**
 * Why a request failed, when the host acts on it: the results store is not the one named (a restarted
 * worker: sync again), or the results changed before the report's agreement started (ask again).
 */
export type WorkerErrorCode = 'results-store-missing' | 'results-stale' | 'cancelled';

export type HostToWorker =
  | { readonly type: 'start'; readonly id: string; readonly request: SearchRequest }
  | { readonly type: 'cancel'; readonly id: string }
  | ({ readonly type: 'score'; readonly id: string } & ScoreRequest)
  | { readonly type: 'fit'; readonly id: string; readonly request: FitRequest }
  | { readonly type: 'results-sync'; readonly id: string; readonly request: ResultsSyncRequest }
  | { readonly type: 'results-query'; readonly id: string; readonly request: ResultsQueryRequest }
  | { readonly type: 'results-report'; readonly id: string; readonly request: ResultsReportRequest }
  | { readonly type: 'results-cells'; readonly id: string; readonly request: ResultsCellsRequest }
  | { readonly type: 'suggest'; readonly id: string; readonly request: SuggestRequest };

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
  | { readonly type: 'results-summary'; readonly id: string; readonly summary: ResultsSummary }
  | { readonly type: 'results-measured'; readonly id: string; readonly generation: number; readonly measured: readonly (MeasuredEntry | null)[] }
  | { readonly type: 'results-report'; readonly id: string; readonly report: ResultsReport }
  | { readonly type: 'results-cells'; readonly id: string; readonly cells: ResultsCells }
  | { readonly type: 'suggest-progress'; readonly id: string; readonly progress: SuggestProgress }
  | ({ readonly type: 'suggest-done'; readonly id: string } & SuggestReply)
  | { readonly type: 'error'; readonly id?: string; readonly message: string; readonly code?: WorkerErrorCode };

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
