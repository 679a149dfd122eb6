/**
 * One surrogate-mode search, as the worker runs it: loads (or reuses) the model of request.modelDir,
 * drives the strategy with the model as evaluator in short batches, keeps the top-k cells, and
 * reports progress at most every progressIntervalMs. Runs anywhere (worker thread or main thread);
 * between batches it yields to the event loop so that a cancel message can be handled.
 */
import { macroFor } from '../core/catalog';
import { createRng } from '../core/rng';
import {
  createStrategy,
  runSearch,
  type AnyStrategyOptions,
  type Evaluator,
  type FitAndScore,
  type ScoredCell,
  type SearchConstraints,
  type StrategyName,
} from '../core/search';
import { predictInChunks, timedChunkSizer } from '../core/scoring/predict-in-chunks';
import { TopCells } from '../core/scoring/top-cells';
import { searchSpaceOf } from '../core/spaces';
import { nb201Index } from '../core/spaces/nb201';
import { nb201CodeOf } from '../core/spaces/nb201/codes';
import type { Cell, Nb201Cell, SearchSpace, SpaceId } from '../core/spaces/types';
import type { Surrogate } from '../core/surrogate';
import { outsideReference } from '../core/surrogate/calibration';
import type { RankedCell, SearchRequest, StopReason } from '../protocol/worker';
import { outsideReferenceText, topBoundOutside, topOfPercentile, type Prediction } from '../shared/ranking-terms';
import { ModelCache, nb201Pool, type ScoringModel } from './model-cache';
import { checkSearchRequest, type CheckedSearchRequest } from './search-request';

export interface SurrogateSearchProgress {
  readonly evaluations: number;
  readonly evaluationsPerSecond: number;
  readonly elapsedMs: number;
  readonly best?: RankedCell;
  readonly top: readonly RankedCell[];
}

export interface SurrogateSearchResult {
  readonly reason: StopReason;
  readonly evaluations: number;
  readonly elapsedMs: number;
  readonly top: readonly RankedCell[];
  /** Milliseconds spent loading the model (0 when it was cached), before the search clock started. */
  readonly loadMs: number;
}

export interface SurrogateSearchOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SurrogateSearchProgress) => void;
  /** Loaded models, shared between the searches of a worker; a private one is made when absent (and disposed at the end). */
  readonly models?: ModelCache;
  readonly now?: () => number;
}

/** Longest stretch of synchronous work between two yields to the event loop. */
const YIELD_EVERY_MS = 10;
/** The first batch; each next one is twice as large, up to the strategy's maxBatch. */
const MIN_BATCH = 16;
/**
 * Outside NB-201, one predict() call is sized from the measured time per cell to take about this
 * long: long enough to spread the call's fixed cost over many cells, short enough that a cancel waits
 * well under 100 ms for it even on a loaded machine.
 */
const PREDICT_TARGET_MS = 25;
const PREDICT_MIN_CHUNK = 32;
const PREDICT_MAX_CHUNK = 2048;
const MAX_TOP_K = 1000;

/**
 * Surrogate-mode settings per strategy: the largest batch and option overrides sized for batched
 * evaluation. Batch sizes never depend on timing (see search()): the same seed and budget give the same result.
 */
export function surrogateModeSettings(name: StrategyName, space: SpaceId): { maxBatch: number; options: Partial<AnyStrategyOptions<Cell>> } {
  switch (name) {
    case 'evolution':
      // Aging evolution keeps the newest members: the population must outlast several batches.
      return { maxBatch: 64, options: { populationSize: 512, sampleSize: 25 } };
    case 'eps':
      return { maxBatch: 64, options: { populationSize: 512, parents: 64 } };
    case 'predictor':
      // The model is the objective here: candidates are scored by it and the best half is "evaluated"
      // (on NB-201 the whole space is the candidate pool).
      return {
        maxBatch: 256,
        options: { numInit: 64, proposalsPerFit: space === 'nb201' ? 256 : 128, numCandidates: space === 'nb201' ? 0 : 256, parentsToMutate: 16 },
      };
    case 'nar':
      return { maxBatch: 256, options: { numInit: 256 } };
    case 'local':
    case 'local-first':
      return { maxBatch: 256, options: { numInit: 64 } };
    case 'random':
      return { maxBatch: 1024, options: {} };
  }
}

/** Runs one search request to its end (budget, time, cancel or an exhausted space). Throws on a bad request or model. */
export async function runSurrogateSearch(request: SearchRequest, options: SurrogateSearchOptions = {}): Promise<SurrogateSearchResult> {
  checkSearchRequest(request);
  const now = options.now ?? Date.now;
  const ownModels = options.models ? undefined : new ModelCache(1);
  const models = options.models ?? ownModels!;
  try {
    const loadStart = now();
    const cached = models.has(request.modelDir);
    const model = await models.get(request.modelDir);
    const loadMs = cached ? 0 : now() - loadStart;
    if (model.surrogate.config.space !== request.space) {
      throw new Error(`the model in ${request.modelDir} ranks ${model.surrogate.config.space} cells, the search is over ${request.space}`);
    }
    return await search(request, model, options, now, loadMs);
  } finally {
    await ownModels?.dispose();
  }
}

async function search(
  request: CheckedSearchRequest,
  model: ScoringModel,
  options: SurrogateSearchOptions,
  now: () => number,
  loadMs: number,
): Promise<SurrogateSearchResult> {
  const space = searchSpaceOf(request.space);
  const name = request.strategy;
  const settings = surrogateModeSettings(name, request.space);
  const signal = options.signal;
  const started = now();
  let lastYield = started;
  const yieldIfDue = async (): Promise<void> => {
    if (now() - lastYield < YIELD_EVERY_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = now();
  };

  const predictChunk = timedChunkSizer(PREDICT_TARGET_MS, PREDICT_MIN_CHUNK, PREDICT_MAX_CHUNK);
  const scored = new WeakMap<Cell, number>();
  const score = async (cells: readonly Cell[]): Promise<number[]> => {
    const byCode = model.nb201ScoreByCode;
    if (byCode) {
      const byIndex = model.nb201Scores!;
      const out = new Array<number>(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const code = nb201CodeOf(cells[i] as Nb201Cell);
        out[i] = code >= 0 ? byCode[code] : byIndex[nb201Index(cells[i] as Nb201Cell)]; // the latter throws the reason
      }
      return out;
    }
    // A cell scored before (the predictor's candidates, then asked) keeps its score: the model is deterministic.
    const out = new Array<number>(cells.length);
    const todo: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const known = scored.get(cells[i]);
      if (known === undefined) todo.push(i);
      else out[i] = known;
    }
    const fresh = await predictInChunks(
      (chunk) => model.surrogate.predict(chunk),
      todo.map((i) => cells[i]),
      {
        chunk: predictChunk,
        stop: () => signal?.aborted ?? false,
        between: yieldIfDue,
      },
    );
    todo.forEach((i, k) => {
      out[i] = fresh[k];
      if (!Number.isNaN(fresh[k])) scored.set(cells[i], fresh[k]);
    });
    if (todo.length) await yieldIfDue();
    return out;
  };

  const macro = request.constraints?.macro ?? macroFor(request.space, request.dataset);
  const constraints: SearchConstraints | undefined = request.constraints ? { ...request.constraints, macro } : undefined;
  // In surrogate mode the predictor's "fit" is the model itself: candidates are scored by it directly.
  const fitAndScore: FitAndScore<Cell> = async (_cells, _scores, candidates) => score(candidates);
  const pause = async (): Promise<boolean> => {
    await yieldIfDue();
    return signal?.aborted ?? false;
  };
  const strategy = createStrategy<Cell>(name, {
    ...settings.options,
    space,
    rng: createRng(request.seed),
    ...(request.start ? { start: request.start } : {}),
    ...(constraints ? { constraints } : {}),
    fitAndScore,
    ...(name === 'predictor' ? { pause, pauseEvery: 16, ...(request.space === 'nb201' ? { pool: nb201Pool() } : {}) } : {}),
  });

  const topK = Math.max(1, Math.min(MAX_TOP_K, Math.floor(request.topK)));
  const top = new TopCells(topK);
  const ranked = new RankedCells(space, model.surrogate, macro);
  let evaluations = 0;
  let lastProgress = -Infinity;
  const interval = request.progressIntervalMs ?? 100;
  const report = (force: boolean) => {
    const t = now();
    if (!options.onProgress || (!force && t - lastProgress < interval)) return;
    lastProgress = t;
    const elapsedMs = t - started;
    const list = ranked.of(top.sorted());
    options.onProgress({
      evaluations,
      evaluationsPerSecond: elapsedMs > 0 ? (evaluations * 1000) / elapsedMs : 0,
      elapsedMs,
      ...(list.length ? { best: list[0] } : {}),
      top: list,
    });
  };

  // Batch sizes follow a fixed schedule (MIN_BATCH, doubling up to maxBatch), never the clock: the
  // strategy is asked the same questions on an idle or a loaded machine, so the same seed and budget
  // evaluate the same cells. Only predict() calls are sized by time (a chunk's scores do not depend on
  // its size), and a time limit may end the same sequence earlier.
  let batch = Math.min(MIN_BATCH, settings.maxBatch);
  const evaluate: Evaluator<Cell> = async (cells) => {
    const scores = await score(cells);
    evaluations += cells.length;
    cells.forEach((cell, i) => top.offer({ cell, score: scores[i] }));
    report(false);
    batch = Math.min(settings.maxBatch, batch * 2);
    await yieldIfDue();
    return scores;
  };

  const run = await runSearch(strategy, evaluate, {
    budget: request.budget,
    timeMs: request.timeMs,
    batchSize: () => batch,
    ...(signal ? { signal } : {}),
    now,
  });
  report(true);
  const reason: StopReason = run.stoppedBy === 'stopped' ? 'cancelled' : run.stoppedBy;
  return { reason, evaluations, elapsedMs: now() - started, top: ranked.of(top.sorted()), loadMs };
}

/** RankedCell of a scored cell: hash, calibrated rank and top %, cost; memoised per cell object. */
class RankedCells {
  private readonly memo = new WeakMap<object, Omit<RankedCell, keyof Prediction>>();

  constructor(
    private readonly space: SearchSpace<Cell>,
    private readonly surrogate: Surrogate,
    private readonly macro: string | undefined,
  ) {}

  of(items: readonly ScoredCell[]): RankedCell[] {
    if (!items.length) return [];
    const scores = items.map((i) => i.score);
    const percentiles = this.surrogate.percentile(scores);
    const ranks = this.surrogate.rank(scores);
    const table = this.surrogate.calibration!;
    // An ensemble's spread, once per cell: the cells new to the list in one call.
    const fresh = items.filter((item) => !this.memo.has(item.cell)).map((item) => item.cell);
    const spreads = fresh.length && this.surrogate.config.members > 1 ? this.surrogate.predictWithSpread(fresh).spreads : undefined;
    const spreadOf = new Map<object, number>();
    if (spreads) fresh.forEach((cell, i) => spreadOf.set(cell, spreads[i]));
    return items.map((item, i) => {
      const side = outsideReference(table, item.score);
      let base = this.memo.get(item.cell);
      if (!base) {
        const cost = this.space.cost(item.cell, this.macro);
        const spread = spreadOf.get(item.cell);
        base = {
          cell: item.cell,
          hash: this.space.hash(item.cell),
          params: cost.params,
          ...(cost.flops !== undefined ? { flops: cost.flops } : {}),
          ...(spread !== undefined ? { spread } : {}),
        };
        this.memo.set(item.cell, base);
      }
      if (side)
        return { ...base, score: item.score, rank: ranks[i], top: topBoundOutside(side, table.count), outside: outsideReferenceText(side, table.count) };
      return { ...base, score: item.score, rank: ranks[i], top: topOfPercentile(percentiles[i]) };
    });
  }
}
