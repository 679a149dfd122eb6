import type { MeasuredCell } from '../results/types';
import { createRng } from '../rng';
import { createStrategy, runSearch, type SearchConstraints, type StopReason, type StrategyName } from '../search';
import { getSpace } from '../spaces';
import type { Cell, SearchSpace, SpaceId } from '../spaces/types';
import type { ScoresWithSpread } from '../surrogate/ensemble';
import { acquire, DEFAULT_KAPPA, type Acquisition, type AcquisitionName } from './acquisition';
import { editDistance } from './edit-distance';

/** What suggestCells needs of a model: the score (mean of the members) and the members' spread per cell. */
export interface SpreadModel {
  predictWithSpread(cells: readonly Cell[]): ScoresWithSpread | Promise<ScoresWithSpread>;
}

export interface SuggestOptions {
  readonly space: SpaceId;
  readonly model: SpreadModel;
  /** The user's measured cells: never proposed again; EI improves on the best of them. */
  readonly measured: readonly MeasuredCell[];
  /** Cells in the batch. */
  readonly count: number;
  readonly acquisition?: AcquisitionName;
  /** κ of ucb (default DEFAULT_KAPPA). */
  readonly kappa?: number;
  /** Smallest edit distance (editDistance) between two cells of the batch; default 2. */
  readonly minDistance?: number;
  readonly constraints?: SearchConstraints;
  /** Search around this cell (the strategy starts from it). */
  readonly start?: Cell;
  /** With a start cell: only cells within this edit distance of it. */
  readonly radius?: number;
  /** Other cells never to propose (e.g. the cells already in the user's file, or runs in flight). */
  readonly exclude?: readonly Cell[];
  /** Restricts the candidates further (a benchmark's labelled universe); called with the canonical hash. */
  readonly allow?: (cell: Cell, key: string) => boolean;
  /** A strategy of src/core/search maximising the acquisition; default 'evolution'. */
  readonly strategy?: StrategyName;
  /** Candidates the strategy evaluates (default 3,000). */
  readonly budget?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly evaluated: number; readonly budget: number }) => void;
}

export interface Suggestion {
  readonly cell: Cell;
  readonly hash: string;
  /** The model's score (mean of the members' standardised scores) and spread: predictions, not measurements. */
  readonly score: number;
  readonly spread: number;
  readonly acquisition: number;
  /** Edit distance to the closest measured cell. */
  readonly distanceToMeasured: number;
  readonly params: number;
  readonly flops?: number;
}

export interface SuggestResult {
  readonly suggestions: readonly Suggestion[];
  readonly acquisition: Acquisition;
  /** Candidate cells the strategy scored. */
  readonly evaluated: number;
  readonly stoppedBy: StopReason;
  /** Why fewer than `count` cells came back, when they did. */
  readonly shortfall?: string;
}

export const DEFAULT_SUGGEST_BUDGET = 3000;
export const DEFAULT_MIN_DISTANCE = 2;
const BATCH = 64;

/**
 * The next cells to measure: a search (an existing strategy of src/core/search) over the space that
 * maximises the acquisition of the model's ensemble, never proposing a measured or excluded cell
 * (canonical hash, or 0 edits from a measured one) nor one outside the constraints; then, best
 * acquisition first, each candidate
 * joins the batch when it is at least `minDistance` edits from every cell already in it.
 * Same inputs and seed → the same batch.
 */
export async function suggestCells(options: SuggestOptions): Promise<SuggestResult> {
  const space = getSpace(options.space) as unknown as SearchSpace<Cell>;
  const count = options.count;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be a positive integer, got ${count}`);
  const minDistance = options.minDistance ?? DEFAULT_MIN_DISTANCE;
  if (!(minDistance >= 0)) throw new RangeError(`minDistance must be ≥ 0, got ${minDistance}`);
  const measured = options.measured.filter((m) => m.space === options.space);
  const excluded = new Set<string>();
  for (const m of measured) excluded.add(space.hash(m.cell));
  for (const cell of options.exclude ?? []) if (cell.space === options.space) excluded.add(space.hash(cell));
  const acquisition = await acquisitionOf(options, measured);

  const start = options.start;
  if (start && start.space !== options.space) throw new Error(`the start cell is a ${start.space} cell, the suggestions are ${options.space} cells`);
  const radius = options.radius;
  const allow = (cell: Cell, key: string) =>
    !excluded.has(key) && (options.allow?.(cell, key) ?? true) && (start === undefined || radius === undefined || editDistance(start, cell) <= radius);
  const strategy = createStrategy<Cell>(options.strategy ?? 'evolution', {
    space,
    rng: createRng(options.seed ?? 0),
    allow,
    ...(start ? { start } : {}),
    ...(options.constraints ? { constraints: options.constraints } : {}),
  });
  const candidates: { cell: Cell; score: number; spread: number; value: number; order: number }[] = [];
  const budget = options.budget ?? DEFAULT_SUGGEST_BUDGET;
  const run = await runSearch(
    strategy,
    async (cells) => {
      const { scores, spreads } = await options.model.predictWithSpread(cells);
      return cells.map((cell, i) => {
        const value = acquire(acquisition, scores[i], spreads[i]);
        if (Number.isFinite(value)) candidates.push({ cell, score: scores[i], spread: spreads[i], value, order: candidates.length });
        return value;
      });
    },
    {
      budget,
      batchSize: BATCH,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: (p) => options.onProgress!({ evaluated: p.queries, budget }) } : {}),
    },
  );

  candidates.sort((a, b) => b.value - a.value || a.order - b.order);
  const picked: typeof candidates = [];
  const pickedKeys = new Set<string>();
  for (const c of candidates) {
    if (picked.length >= count) break;
    const key = space.hash(c.cell);
    if (pickedKeys.has(key) || excluded.has(key)) continue; // the domain already refuses both; kept as a guard
    if (picked.some((p) => editDistance(p.cell, c.cell) < minDistance)) continue;
    // A cell 0 edits from a measured one computes what it computes (NB-201's hash tells a few such apart).
    if (measured.some((m) => editDistance(m.cell, c.cell) === 0)) continue;
    picked.push(c);
    pickedKeys.add(key);
  }
  const macro = options.constraints?.macro;
  const suggestions: Suggestion[] = picked.map((c) => {
    const cost = space.cost(c.cell, macro);
    return {
      cell: c.cell,
      hash: space.hash(c.cell),
      score: c.score,
      spread: c.spread,
      acquisition: c.value,
      distanceToMeasured: measured.reduce((d, m) => Math.min(d, editDistance(m.cell, c.cell)), Infinity),
      params: cost.params,
      ...(cost.flops !== undefined ? { flops: cost.flops } : {}),
    };
  });
  const shortfall =
    suggestions.length < count
      ? `only ${suggestions.length} of ${count} cells: the search scored ${candidates.length} new cells within the constraints (stopped by ${run.stoppedBy}), ` +
        `and no more of them are ${minDistance} or more edits from each other; lower the minimum distance or widen the search`
      : undefined;
  return { suggestions, acquisition, evaluated: candidates.length, stoppedBy: run.stoppedBy, ...(shortfall ? { shortfall } : {}) };
}

/** The acquisition with its parameters: for ei, the model's score of the best measured cell. */
async function acquisitionOf(options: SuggestOptions, measured: readonly MeasuredCell[]): Promise<Acquisition> {
  const kind = options.acquisition ?? 'ucb';
  switch (kind) {
    case 'greedy':
      return { kind };
    case 'ucb': {
      const kappa = options.kappa ?? DEFAULT_KAPPA;
      if (!Number.isFinite(kappa)) throw new RangeError(`kappa must be a finite number, got ${kappa}`);
      return { kind, kappa };
    }
    case 'ei': {
      if (!measured.length) throw new Error('expected improvement needs at least one measured cell to improve on');
      const best = measured.reduce((a, b) => (b.mean > a.mean ? b : a));
      const { scores } = await options.model.predictWithSpread([best.cell]);
      return { kind, best: scores[0] };
    }
    default:
      throw new RangeError(`unknown acquisition ${JSON.stringify(kind)}; use ucb, ei or greedy`);
  }
}
