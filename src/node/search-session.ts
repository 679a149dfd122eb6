import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../core/rng';
import {
  createStrategy,
  isStrategyName,
  runSearch,
  STRATEGY_NAMES,
  type AnyStrategyOptions,
  type Evaluator,
  type FitAndScore,
  type ScoredCell,
  type SearchConstraints,
  type StrategyName,
} from '../core/search';
import { getSpace, isSpaceId } from '../core/spaces';
import { enumerateNb201, nb201Index } from '../core/spaces/nb201';
import { nb201CellOfCode, nb201CodeOf, NB201_CODE_COUNT, nb201KeyOfCode } from '../core/spaces/nb201/codes';
import { generationCode } from '../core/spaces/nb201/index-order';
import { hasErrors, type Cell, type Nb201Cell, type SearchSpace, type SpaceId } from '../core/spaces/types';
import type { Surrogate } from '../core/surrogate';
import type { RankedCell, SearchRequest, StopReason } from '../protocol/worker';
import { loadSurrogateDir, MODEL_FILES } from './surrogate-files';
import { initTfBackend, type BackendInfo } from './tf-backend';

/**
 * One surrogate-mode search, as the worker runs it: loads (or reuses) the model of request.modelDir,
 * drives the strategy with the model as evaluator in short batches, keeps the top-k cells, and
 * reports progress at most every progressIntervalMs. Runs anywhere (worker thread or main thread);
 * between batches it yields to the event loop so that a cancel message can be handled.
 */

export interface SessionProgress {
  readonly evaluations: number;
  readonly evaluationsPerSecond: number;
  readonly elapsedMs: number;
  readonly best?: RankedCell;
  readonly top: readonly RankedCell[];
}

export interface SessionResult {
  readonly reason: StopReason;
  readonly evaluations: number;
  readonly elapsedMs: number;
  readonly top: readonly RankedCell[];
  /** Milliseconds spent loading the model (0 when it was cached), before the search clock started. */
  readonly loadMs: number;
}

export interface SessionOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SessionProgress) => void;
  /** Loaded models, shared between the sessions of a worker; a private one is made when absent (and disposed at the end). */
  readonly models?: ModelCache;
  readonly now?: () => number;
}

/** Longest stretch of synchronous work between two yields to the event loop. */
const YIELD_EVERY_MS = 10;
/** Batches are sized to take about this long (asking the strategy + scoring), so that cancel is quick. */
const BATCH_TARGET_MS = 20;
/** Smaller predict() calls cost more per cell than they save in latency (kernel overheads). */
const MIN_BATCH = 16;
/**
 * Outside NB-201, one predict() call is sized from the measured time per cell to take about this
 * long: long enough to spread the call's fixed cost (a few ms of kernel launches) over many cells,
 * short enough that a cancel waits well under 100 ms for it even on a loaded machine.
 */
const PREDICT_TARGET_MS = 25;
const PREDICT_MIN_CHUNK = 32;
const PREDICT_MAX_CHUNK = 2048;
const MAX_TOP_K = 1000;

/** A loaded surrogate plus, for NB-201, the score of every cell (the whole space is scored once at load). */
export interface ScoringModel {
  readonly dir: string;
  readonly surrogate: Surrogate;
  readonly backend: BackendInfo;
  /** NB-201: score by benchmark index (0..15624). */
  readonly nb201Scores?: Float32Array;
  /** NB-201: score by generation code (see spaces/nb201/codes.ts). */
  readonly nb201ScoreByCode?: Float32Array;
  readonly loadMs: number;
}

/**
 * Models by directory, loaded once (and again when model.json or weights.bin changed); the oldest
 * is disposed past `capacity`.
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<ScoringModel>>();

  constructor(private readonly capacity = 3) {}

  get(dir: string): Promise<ScoringModel> {
    const key = cacheKey(dir);
    let model = this.models.get(key);
    if (!model) {
      model = loadScoringModel(dir);
      this.models.set(key, model);
      model.catch(() => this.models.delete(key));
      while (this.models.size > this.capacity) {
        const [oldest, entry] = this.models.entries().next().value as [string, Promise<ScoringModel>];
        this.models.delete(oldest);
        entry.then(
          (m) => m.surrogate.dispose(),
          () => undefined,
        );
      }
    }
    return model;
  }

  /** True when the model is loaded or loading. */
  has(dir: string): boolean {
    return this.models.has(cacheKey(dir));
  }

  async dispose(): Promise<void> {
    const entries = [...this.models.values()];
    this.models.clear();
    for (const entry of entries) {
      try {
        (await entry).surrogate.dispose();
      } catch {
        // a model that failed to load holds nothing
      }
    }
  }
}

/** The directory plus the modification times of its files: a retrained model is loaded afresh. */
function cacheKey(dir: string): string {
  const stamp = (name: string) => {
    try {
      return statSync(join(dir, name)).mtimeMs;
    } catch {
      return 0;
    }
  };
  return `${dir}|${stamp(MODEL_FILES.model)}|${stamp(MODEL_FILES.weights)}|${stamp(MODEL_FILES.calibration)}`;
}

export async function loadScoringModel(dir: string): Promise<ScoringModel> {
  const started = Date.now();
  const backend = await initTfBackend();
  const surrogate = await loadSurrogateDir(dir);
  try {
    if (!surrogate.calibration) throw new Error(`${dir} has no calibration.json: predicted percentiles and ranks need it`);
    let nb201: { nb201Scores: Float32Array; nb201ScoreByCode: Float32Array } | undefined;
    if (surrogate.config.space === 'nb201') {
      // 15,625 cells, about 6,500 distinct encodings: scoring them all once is cheaper than a few batches of queries.
      const cells = enumerateNb201();
      const nb201Scores = surrogate.predict(cells);
      const nb201ScoreByCode = new Float32Array(NB201_CODE_COUNT);
      cells.forEach((cell, i) => {
        nb201ScoreByCode[generationCode(cell)] = nb201Scores[i];
      });
      nb201 = { nb201Scores, nb201ScoreByCode };
      // Once per process: the shared cells and canonical hashes searches look up (~30 ms).
      for (let code = 0; code < NB201_CODE_COUNT; code++) nb201KeyOfCode(code);
      nb201Pool();
    }
    return { dir, surrogate, backend, ...nb201, loadMs: Date.now() - started };
  } catch (err) {
    surrogate.dispose();
    throw err;
  }
}

/**
 * Surrogate-mode settings per strategy: the largest batch and option overrides sized for batched
 * evaluation (batches are made smaller when they take longer than BATCH_TARGET_MS).
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
export async function runSearchSession(request: SearchRequest, options: SessionOptions = {}): Promise<SessionResult> {
  checkRequest(request);
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

async function search(request: SearchRequest, model: ScoringModel, options: SessionOptions, now: () => number, loadMs: number): Promise<SessionResult> {
  const space = getSpace(request.space) as unknown as SearchSpace<Cell>;
  const name = request.strategy as StrategyName;
  const settings = surrogateModeSettings(name, request.space);
  const signal = options.signal;
  const started = now();
  let lastYield = started;
  const yieldIfDue = async (): Promise<void> => {
    if (now() - lastYield < YIELD_EVERY_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = now();
  };

  let predictChunk = PREDICT_MIN_CHUNK;
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
    for (let t = 0; t < todo.length;) {
      if (signal?.aborted) {
        for (; t < todo.length; t++) out[todo[t]] = NaN;
        break;
      }
      const n = Math.min(predictChunk, todo.length - t);
      const chunk = todo.slice(t, t + n).map((i) => cells[i]);
      const t0 = performance.now();
      const scores = model.surrogate.predict(chunk);
      const took = performance.now() - t0;
      for (let k = 0; k < n; k++) {
        out[todo[t + k]] = scores[k];
        scored.set(chunk[k], scores[k]);
      }
      t += n;
      // The next call aims at PREDICT_TARGET_MS (growing at most 2× a call: the first calls pay for warm-up).
      if (n >= predictChunk / 2) {
        const aim = took > 0 ? Math.round((n * PREDICT_TARGET_MS) / took) : 2 * predictChunk;
        predictChunk = Math.max(PREDICT_MIN_CHUNK, Math.min(PREDICT_MAX_CHUNK, aim, 2 * predictChunk));
      }
      await yieldIfDue();
    }
    return out;
  };

  const macro = request.constraints?.macro ?? defaultMacro(request.space, request.dataset);
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

  // Batch sizing: the time from the end of one batch to the end of the next covers asking the
  // strategy (sampling, mutating, hashing) and scoring; the next batch aims at BATCH_TARGET_MS.
  const minBatch = Math.min(MIN_BATCH, settings.maxBatch);
  let batch = minBatch;
  let batchStart = now();
  const evaluate: Evaluator<Cell> = async (cells) => {
    const scores = await score(cells);
    evaluations += cells.length;
    cells.forEach((cell, i) => top.offer({ cell, score: scores[i] }));
    report(false);
    const took = now() - batchStart;
    const perCell = took / Math.max(1, cells.length);
    if (cells.length >= batch / 2)
      batch = Math.max(minBatch, Math.min(settings.maxBatch, Math.round(perCell > 0 ? BATCH_TARGET_MS / perCell : batch * 2), batch * 2));
    await yieldIfDue();
    batchStart = now();
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

let sharedPool: readonly Nb201Cell[] | undefined;

/** enumerateNb201() (benchmark index order) as the shared cell objects of spaces/nb201/codes.ts (cheaper to hash and look up). */
function nb201Pool(): readonly Nb201Cell[] {
  sharedPool ??= enumerateNb201().map((cell) => nb201CellOfCode(generationCode(cell)));
  return sharedPool;
}

function defaultMacro(space: SpaceId, dataset: string): string | undefined {
  if (space !== 'nb201') return undefined;
  return dataset === 'imagenet16' || dataset === 'imagenet16-120' ? 'imagenet16-120' : dataset === 'cifar100' ? 'cifar100' : 'cifar10';
}

function checkRequest(request: SearchRequest): void {
  const bad = (why: string): never => {
    throw new Error(`bad search request: ${why}`);
  };
  if (!request || typeof request !== 'object') bad('expected an object');
  if (!isSpaceId(request.space)) bad(`unknown space ${JSON.stringify(request.space)}; use nb101, nb201 or darts`);
  if (!isStrategyName(request.strategy)) bad(`unknown strategy ${JSON.stringify(request.strategy)}; use one of ${STRATEGY_NAMES.join(', ')}`);
  if (request.mode !== 'surrogate') bad(`unsupported mode ${JSON.stringify(request.mode)}`);
  if (typeof request.modelDir !== 'string' || !request.modelDir) bad('modelDir is missing');
  if (!(request.budget >= 1)) bad(`budget must be at least 1, got ${request.budget}`);
  if (!(request.timeMs >= 0)) bad(`timeMs must be a non-negative number, got ${request.timeMs}`);
  if (!Number.isFinite(request.seed)) bad(`seed must be a number, got ${request.seed}`);
  if (!(request.topK >= 1)) bad(`topK must be at least 1, got ${request.topK}`);
  if (request.start) {
    if (request.start.space !== request.space) bad(`the start cell is a ${request.start.space} cell, the search is over ${request.space}`);
    const space = getSpace(request.space) as unknown as SearchSpace<Cell>;
    const issues = space.validate(request.start);
    if (hasErrors(issues))
      bad(
        `the start cell is invalid: ${issues
          .filter((i) => i.severity === 'error')
          .map((i) => i.message)
          .join('; ')}`,
      );
  }
}

/** The k best results (by score, first of equals stays ahead), kept sorted. */
export class TopCells {
  private readonly items: ScoredCell[] = [];

  constructor(private readonly k: number) {}

  offer(item: ScoredCell): void {
    if (!Number.isFinite(item.score)) return;
    const items = this.items;
    if (items.length >= this.k && !(item.score > items[items.length - 1].score)) return;
    let lo = 0,
      hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].score >= item.score) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > this.k) items.pop();
  }

  sorted(): readonly ScoredCell[] {
    return this.items;
  }
}

/** RankedCell of a scored cell: hash, calibrated percentile and rank, cost; memoised per cell object. */
class RankedCells {
  private readonly memo = new WeakMap<object, Omit<RankedCell, 'score' | 'percentile' | 'rank'>>();

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
    return items.map((item, i) => {
      let base = this.memo.get(item.cell);
      if (!base) {
        const cost = this.space.cost(item.cell, this.macro);
        base = { cell: item.cell, hash: this.space.hash(item.cell), params: cost.params, ...(cost.flops !== undefined ? { flops: cost.flops } : {}) };
        this.memo.set(item.cell, base);
      }
      // Percentile here is the share of the space predicted better (0 = best), as the protocol defines it.
      return { ...base, score: item.score, percentile: 100 - percentiles[i], rank: ranks[i] };
    });
  }
}
