// The oracle-mode search benchmark, host side: every strategy × trials against a labelled table,
// in this thread or in benchmark worker threads (the trials themselves: bench-trials.ts); the curves
// are averaged. Results do not depend on the number of workers.
import type { Worker } from 'node:worker_threads';
import type { AnyStrategyOptions, StrategyName } from '../core/search';
import { meanCurve } from '../core/search/bench-curves';
import type { Cell } from '../core/spaces/types';
import type { OracleTable } from '../node/oracle-table';
import type { BenchWorkerData, BenchWorkerToHost, HostToBenchWorker, PredictorOverrides, TrialResult, TrialStats } from '../protocol/worker';
import { runTrial, type TrialContext } from './bench-trials';
import { spawnWorker, workerEntry, type WorkerEntry } from './spawn';

export type { TrialStats } from '../protocol/worker';

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
  readonly predictor?: PredictorOverrides;
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

// ---- parallel trials --------------------------------------------------------------------------

async function runInWorkers<C extends Cell>(
  options: SearchBenchOptions<C>,
  jobs: readonly { name: StrategyName; trial: number; seed: number }[],
  count: number,
  record: (job: { name: StrategyName; trial: number; seed: number }, result: TrialResult) => void,
): Promise<void> {
  const entry = options.workerEntry ?? workerEntry();
  const data: BenchWorkerData = {
    role: 'bench-trials',
    tablePath: options.tablePath!,
    metric: options.metric,
    report: options.report,
    budget: options.budget,
    ...(options.strategyOptions ? { strategyOptions: options.strategyOptions as Partial<AnyStrategyOptions<Cell>> } : {}),
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
        worker.postMessage({ type: 'trial', job, name: jobs[job].name, seed: jobs[job].seed } satisfies HostToBenchWorker);
      };
      for (let w = 0; w < Math.min(count, jobs.length); w++) {
        const worker = spawnWorker(entry, { workerData: data });
        workers.push(worker);
        worker.on('message', (reply: BenchWorkerToHost) => {
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
