import type { MessagePort, Worker } from 'node:worker_threads';
import { createRng } from '../core/rng';
import { createStrategy, runSearch, type AnyStrategyOptions, type ScoredCell, type StrategyName } from '../core/search';
import {
  createPredictorFit,
  EncodingStore,
  PREDICTOR_FIT_DEFAULTS,
  predictorSearchDefaults,
  type PredictorFitSettings,
  type PredictorSearchSettings,
} from '../core/search/predictor-fit';
import { enumerateNb201 } from '../core/spaces/nb201';
import type { Cell } from '../core/spaces/types';
import { defaultPreprocess } from '../core/surrogate/encode-cells';
import { loadOracleTable, type OracleTable } from './oracle-table';
import { searchWorkerEntry, spawnWorker, type WorkerEntry } from './search-worker-client';
import { initTfBackend } from './tf-backend';

export interface SearchBenchOptions<C extends Cell> {
  readonly table: OracleTable<C>;
  /** Column revealed by each query (what the strategy optimises), e.g. c10_valid_200_mean. */
  readonly metric: string;
  /** Column reported for the best-by-metric cell, e.g. c10_test_200. */
  readonly report: string;
  readonly strategies: readonly StrategyName[];
  readonly trials: number;
  /** Queries per trial. */
  readonly budget: number;
  /** Trial t of every strategy runs on seed `seed + t`. Default 0. */
  readonly seed?: number;
  /** Extra strategy options (tuning; a predictor's own fitAndScore replaces the surrogate fit). Must be plain data when `workers` > 0. */
  readonly strategyOptions?: Partial<AnyStrategyOptions<C>>;
  /** The predictor strategy's fit (warm starts, steps, ensemble) and search settings; defaults PREDICTOR_FIT_DEFAULTS / PREDICTOR_SEARCH_DEFAULTS. */
  readonly predictor?: { readonly fit?: Partial<PredictorFitSettings>; readonly search?: Partial<PredictorSearchSettings> };
  /**
   * Worker threads that run trials in parallel (0 or absent: all in this thread). Workers load the
   * table themselves from `tablePath`.
   */
  readonly workers?: number;
  readonly tablePath?: string;
  /** Script of the worker (dist/worker.js or src/worker/main.ts); found automatically when absent. */
  readonly workerEntry?: WorkerEntry;
  readonly onTrial?: (strategy: StrategyName, trial: number, curve: readonly number[], stats: TrialStats) => void;
}

export interface StrategyCurve {
  /** Mean over trials of the report value of the best-by-metric cell after query 1, 2, …, budget. */
  readonly mean: number[];
  readonly trials: number;
  /** Standard error of that mean, per query. */
  readonly sem: number[];
  /** Share of trials whose curve reached the table optimum of the report column, per query. */
  readonly hitOptimum: number[];
  /** Summed over trials: wall-clock milliseconds of each trial (trials in parallel overlap). */
  readonly trialMs: number;
}

export interface SearchBenchResult {
  readonly strategies: Record<string, StrategyCurve>;
  /** Wall-clock milliseconds of the whole benchmark. */
  readonly wallMs: number;
  /** CPU milliseconds of the whole process (all threads) during the benchmark. */
  readonly cpuMs: number;
}

export interface TrialStats {
  readonly wallMs: number;
  readonly fits?: number;
  readonly fitTrainMs?: number;
  readonly fitScoreMs?: number;
}

interface TrialResult {
  readonly curve: number[];
  readonly stats: TrialStats;
}

/** What a thread needs to run trials: the table and caches shared by all its trials. */
interface TrialContext<C extends Cell> {
  readonly table: OracleTable<C>;
  readonly metric: string;
  readonly report: string;
  readonly budget: number;
  readonly strategyOptions?: Partial<AnyStrategyOptions<C>>;
  readonly predictor?: SearchBenchOptions<C>['predictor'];
  readonly keyCache: Map<string, string>;
  store?: EncodingStore;
  pool?: readonly C[];
}

/**
 * Oracle-mode benchmark: each strategy runs `trials` times against the table (the universe is the
 * table's cells; others are never asked), and the curves of the report value of the best cell so
 * far are averaged. Trials can run in parallel worker threads; results do not depend on it.
 */
export async function runSearchBench<C extends Cell>(options: SearchBenchOptions<C>): Promise<SearchBenchResult> {
  const { table, metric, report, budget } = options;
  table.evaluator(metric); // fails early on an unknown column
  table.evaluator(report);
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const jobs = options.strategies.flatMap((name) => Array.from({ length: options.trials }, (_, t) => ({ name, trial: t, seed: (options.seed ?? 0) + t })));
  const results = new Map<StrategyName, TrialResult[]>(options.strategies.map((n) => [n, []]));
  const record = (job: (typeof jobs)[number], result: TrialResult) => {
    results.get(job.name)![job.trial] = result;
    options.onTrial?.(job.name, job.trial, result.curve, result.stats);
  };
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  if (workers > 0 && jobs.length > 1) {
    if (!options.tablePath) throw new Error('parallel trials need tablePath (each worker loads the table)');
    await runInWorkers(options, jobs, workers, record);
  } else {
    const context: TrialContext<C> = {
      table,
      metric,
      report,
      budget,
      strategyOptions: options.strategyOptions,
      predictor: options.predictor,
      keyCache: new Map(),
    };
    for (const job of jobs) record(job, await runTrial(context, job.name, job.seed));
  }
  const optimum = table.max(report);
  const strategies: Record<string, StrategyCurve> = {};
  for (const [name, list] of results) {
    const curves = list.map((r) => r.curve);
    strategies[name] = {
      ...meanCurve(curves),
      trials: curves.length,
      hitOptimum: Array.from({ length: budget }, (_, q) => curves.filter((c) => c[q] >= optimum - 1e-9).length / Math.max(1, curves.length)),
      trialMs: list.reduce((s, r) => s + r.stats.wallMs, 0),
    };
  }
  const cpu = process.cpuUsage(cpu0);
  return { strategies, wallMs: Date.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function runTrial<C extends Cell>(context: TrialContext<C>, name: StrategyName, seed: number): Promise<TrialResult> {
  const { table, budget } = context;
  const wall0 = Date.now();
  let fit: ReturnType<typeof createPredictorFit<C>> | undefined;
  let extra: Partial<AnyStrategyOptions<C>> = {};
  if (name === 'predictor' && !context.strategyOptions?.fitAndScore) {
    await initTfBackend();
    const space = table.space.id;
    context.store ??= new EncodingStore(space, defaultPreprocess(space), table.space.toText as (cell: Cell) => string);
    if (space === 'nb201') context.pool ??= enumerateNb201() as unknown as C[];
    fit = createPredictorFit<C>({ ...PREDICTOR_FIT_DEFAULTS, ...context.predictor?.fit, space, rng: createRng(seed * 7919 + 17), store: context.store });
    extra = {
      ...predictorSearchDefaults(context.pool !== undefined),
      ...context.predictor?.search,
      fitAndScore: fit.fitAndScore,
      ...(context.pool ? { pool: context.pool } : {}),
    };
  }
  try {
    const strategy = createStrategy<C>(name, {
      ...context.strategyOptions,
      ...extra,
      space: table.space,
      rng: createRng(seed),
      allow: (_cell, key) => table.containsKey(key),
      keyCache: context.keyCache,
    });
    const run = await runSearch(strategy, table.evaluator(context.metric), { budget });
    const curve = bestSoFarCurve(run.history, (cell) => table.value(cell, context.report), budget);
    return {
      curve,
      stats: {
        wallMs: Date.now() - wall0,
        ...(fit ? { fits: fit.stats.fits, fitTrainMs: fit.stats.trainMs, fitScoreMs: fit.stats.scoreMs } : {}),
      },
    };
  } finally {
    fit?.dispose();
  }
}

// ---- parallel trials --------------------------------------------------------------------------

/** workerData of a bench-trial worker (src/worker/main.ts dispatches on `role`). */
export interface BenchWorkerData {
  readonly role: 'bench-trials';
  readonly tablePath: string;
  readonly metric: string;
  readonly report: string;
  readonly budget: number;
  readonly strategyOptions?: unknown;
  readonly predictor?: SearchBenchOptions<Cell>['predictor'];
}

type BenchRequest = { readonly type: 'trial'; readonly job: number; readonly name: StrategyName; readonly seed: number };
type BenchReply =
  | { readonly type: 'ready' }
  | { readonly type: 'trial'; readonly job: number; readonly result: TrialResult }
  | { readonly type: 'error'; readonly job?: number; readonly message: string };

async function runInWorkers<C extends Cell>(
  options: SearchBenchOptions<C>,
  jobs: readonly { name: StrategyName; trial: number; seed: number }[],
  count: number,
  record: (job: { name: StrategyName; trial: number; seed: number }, result: TrialResult) => void,
): Promise<void> {
  const entry = options.workerEntry ?? searchWorkerEntry();
  const data: BenchWorkerData = {
    role: 'bench-trials',
    tablePath: options.tablePath!,
    metric: options.metric,
    report: options.report,
    budget: options.budget,
    ...(options.strategyOptions ? { strategyOptions: options.strategyOptions } : {}),
    ...(options.predictor ? { predictor: options.predictor } : {}),
  };
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const dispatch = (worker: Worker) => {
        if (next >= jobs.length) return;
        const job = next++;
        worker.postMessage({ type: 'trial', job, name: jobs[job].name, seed: jobs[job].seed } satisfies BenchRequest);
      };
      for (let w = 0; w < Math.min(count, jobs.length); w++) {
        const worker = spawnWorker(entry, { workerData: data });
        workers.push(worker);
        worker.on('message', (reply: BenchReply) => {
          if (reply.type === 'ready') dispatch(worker);
          else if (reply.type === 'trial') {
            record(jobs[reply.job], reply.result);
            if (++done === jobs.length) resolve();
            else dispatch(worker);
          } else reject(new Error(`benchmark worker: ${reply.message}`));
        });
        worker.on('error', (error) => reject(error));
        worker.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`a benchmark worker exited (code ${code}) with ${jobs.length - done} trials left`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The worker side: loads the table, then runs the trials it is sent, one at a time. */
export function runBenchTrialsWorker(port: MessagePort, data: BenchWorkerData): void {
  const post = (reply: BenchReply) => port.postMessage(reply);
  let context: TrialContext<Cell>;
  try {
    context = {
      table: loadOracleTable(data.tablePath),
      metric: data.metric,
      report: data.report,
      budget: data.budget,
      strategyOptions: data.strategyOptions as Partial<AnyStrategyOptions<Cell>> | undefined,
      predictor: data.predictor,
      keyCache: new Map(),
    };
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  let queue = Promise.resolve();
  port.on('message', (request: BenchRequest) => {
    queue = queue.then(async () => {
      try {
        post({ type: 'trial', job: request.job, result: await runTrial(context, request.name, request.seed) });
      } catch (error) {
        post({ type: 'error', job: request.job, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  post({ type: 'ready' });
}

// ---- curves ------------------------------------------------------------------------------------

/**
 * The report value of the best-scored cell after each query (the first of equal scores stays);
 * NaN before any finite score; a run that ended early keeps its last value up to `length`.
 */
export function bestSoFarCurve<C extends Cell>(history: readonly ScoredCell<C>[], reportOf: (cell: C) => number | undefined, length: number): number[] {
  const curve: number[] = [];
  let bestScore = -Infinity;
  let figure = NaN;
  for (let q = 0; q < length; q++) {
    const entry = history[q];
    if (entry && Number.isFinite(entry.score) && entry.score > bestScore) {
      bestScore = entry.score;
      figure = reportOf(entry.cell) ?? NaN;
    }
    curve.push(figure);
  }
  return curve;
}

/** Per-position mean and standard error over curves of equal length, ignoring NaN entries. */
export function meanCurve(curves: readonly (readonly number[])[]): { mean: number[]; sem: number[] } {
  const length = curves[0]?.length ?? 0;
  const mean: number[] = [];
  const sem: number[] = [];
  for (let q = 0; q < length; q++) {
    const values = curves.map((c) => c[q]).filter((v) => !Number.isNaN(v));
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.length > 1 ? values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) : 0;
    mean.push(m);
    sem.push(Math.sqrt(variance / Math.max(1, values.length)));
  }
  return { mean, sem };
}
