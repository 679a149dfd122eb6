// Oracle-mode benchmark trials: one strategy run against a labelled table (the table's cells are the
// universe; each query reveals one cell's metric), in whichever thread runs it: the benchmark's own
// (no workers) or a benchmark worker (runBenchTrialsWorker, dispatched by src/worker/main.ts).
import type { MessagePort } from 'node:worker_threads';
import { createRng } from '../core/rng';
import { createStrategy, runSearch, type AnyStrategyOptions, type StrategyName } from '../core/search';
import { bestSoFarCurve } from '../core/search/bench-curves';
import { createPredictorFit, EncodingStore, PREDICTOR_FIT_DEFAULTS, predictorSearchDefaults } from '../core/search/predictor-fit';
import { enumerateNb201 } from '../core/spaces/nb201';
import type { Cell } from '../core/spaces/types';
import { defaultPreprocess } from '../core/surrogate/encode-cells';
import { loadOracleTable, type OracleTable } from '../node/oracle-table';
import { initTfBackend } from '../node/tf-backend';
import type { BenchWorkerData, BenchWorkerToHost, HostToBenchWorker, PredictorOverrides, TrialResult } from '../protocol/worker';
import { errorMessage } from '../shared/errors';

/** What a thread needs to run trials: the table and caches shared by all its trials. */
export interface TrialContext<C extends Cell> {
  readonly table: OracleTable<C>;
  readonly metric: string;
  readonly report: string;
  readonly budget: number;
  readonly strategyOptions?: Partial<AnyStrategyOptions<C>>;
  readonly predictor?: PredictorOverrides;
  readonly keyCache: Map<string, string>;
  store?: EncodingStore;
  pool?: readonly C[];
}

export async function runTrial<C extends Cell>(context: TrialContext<C>, name: StrategyName, seed: number): Promise<TrialResult> {
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

/** The benchmark worker: loads the table, then runs the trials it is sent, one at a time. */
export function runBenchTrialsWorker(port: MessagePort, data: BenchWorkerData): void {
  const post = (reply: BenchWorkerToHost) => port.postMessage(reply);
  let context: TrialContext<Cell>;
  try {
    context = {
      table: loadOracleTable(data.tablePath),
      metric: data.metric,
      report: data.report,
      budget: data.budget,
      strategyOptions: data.strategyOptions,
      predictor: data.predictor,
      keyCache: new Map(),
    };
  } catch (error) {
    post({ type: 'error', message: errorMessage(error) });
    return;
  }
  let queue = Promise.resolve();
  port.on('message', (request: HostToBenchWorker) => {
    queue = queue.then(async () => {
      try {
        post({ type: 'trial', job: request.job, result: await runTrial(context, request.name, request.seed) });
      } catch (error) {
        post({ type: 'error', job: request.job, message: errorMessage(error) });
      }
    });
  });
  post({ type: 'ready' });
}
