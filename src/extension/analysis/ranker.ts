// Scores cells with the loaded surrogates (in the editor: in the ranking worker, off the extension
// host's thread). Scores are cached per model by canonical hash, so after an edit only the cells that
// changed are scored again; costs (params/FLOPs) are cached the same way.
import { spaceOf } from '../../core/spaces';
import type { Cell, Cost, SpaceId } from '../../core/spaces/types';
import { outsideReference, percentileOf, rankOf } from '../../core/surrogate/calibration';
import { datasetFor, macroFor, type DatasetId } from '../../core/catalog';
import { outsideReferenceText, topBoundOutside, topOfRank, type Prediction } from '../../shared/ranking-terms';
import type { ModelLookup, RankModel } from '../models/registry';

/** Where models come from: the ModelRegistry in the editor, a plain loader in the benchmark. */
export interface ModelSource {
  load(space: SpaceId, dataset: DatasetId): Promise<ModelLookup<RankModel>>;
  peek(space: SpaceId, dataset: DatasetId): ModelLookup<RankModel> | undefined;
}

/** A cell's prediction in the editor; `top` is read off the rank (rank 1 of 15,625 = 0.0064). */
export interface CellRanking extends Prediction {
  readonly dataset: DatasetId;
  /** Percentile over the calibration set, in [0, 100] (100 = best). */
  readonly percentile: number;
  readonly spaceSize: number;
  readonly model: RankModel;
  /**
   * Set when the score lies outside a sampled reference set smaller than the space (DARTS): the bound
   * the data supports, in words; `top` is then that bound and `rank` is not to be shown.
   */
  readonly outside?: string;
  /** The spread of an ensemble's members' scores (same scale as `score`): the model's uncertainty; absent for one network. */
  readonly spread?: number;
}

export interface RankInput {
  readonly cell: Cell;
  readonly hash: string;
}

export type RankOutcome = { readonly ranking: CellRanking } | { readonly unranked: string };

const SCORE_CACHE_LIMIT = 100_000;
const COST_CACHE_LIMIT = 100_000;

export class Ranker {
  private readonly scores = new WeakMap<RankModel, Map<string, number>>();
  private readonly spreads = new WeakMap<RankModel, Map<string, number>>();
  private readonly costs = new Map<string, Cost | null>();

  constructor(private readonly models: ModelSource) {}

  /** Ranks cells of one space on the space's dataset for `chosen`; waits for the model when it is not loaded yet. */
  async rank(space: SpaceId, chosen: DatasetId, cells: readonly RankInput[]): Promise<RankOutcome[]> {
    const dataset = datasetFor(space, chosen);
    const lookup = await this.models.load(space, dataset);
    return this.rankWith(lookup, cells);
  }

  private async rankWith(lookup: ModelLookup<RankModel>, cells: readonly RankInput[]): Promise<RankOutcome[]> {
    if (lookup.kind !== 'ready') return cells.map(() => ({ unranked: lookup.message }));
    const model = lookup.model;
    const scores = await this.scoresOf(model, cells);
    const table = model.calibration;
    const spreads = this.spreads.get(model);
    return scores.map((score, i) => {
      const spread = spreads?.get(cells[i].hash);
      const rank = rankOf(table, score);
      const side = outsideReference(table, score);
      return {
        ranking: {
          dataset: model.dataset,
          score,
          percentile: percentileOf(table, score),
          top: side ? topBoundOutside(side, table.count) : topOfRank(rank, table.spaceSize),
          rank,
          spaceSize: table.spaceSize,
          model,
          ...(side ? { outside: outsideReferenceText(side, table.count) } : {}),
          ...(spread !== undefined ? { spread } : {}),
        },
      };
    });
  }

  /** Raw scores, scoring only the hashes not seen before with this model (in the worker when the model has one). */
  async scoresOf(model: RankModel, cells: readonly RankInput[]): Promise<number[]> {
    let cache = this.scores.get(model);
    if (!cache) this.scores.set(model, (cache = new Map()));
    const missing: RankInput[] = [];
    const queued = new Set<string>();
    for (const c of cells) {
      if (!cache.has(c.hash) && !queued.has(c.hash)) {
        queued.add(c.hash);
        missing.push(c);
      }
    }
    if (missing.length) {
      const batch = missing.map((c) => c.cell);
      let fresh: ArrayLike<number>;
      let spreads: ArrayLike<number> | undefined;
      if (model.scoreWithSpread) ({ scores: fresh, spreads } = await model.scoreWithSpread(batch));
      else if (model.score) fresh = await model.score(batch);
      else if (model.surrogate) fresh = model.surrogate.predict(batch);
      else throw new Error(`the ${model.space} model in ${model.dir} cannot score`);
      if (fresh.length !== missing.length) throw new Error(`the model returned ${fresh.length} scores for ${missing.length} cells`);
      if (cache.size + missing.length > SCORE_CACHE_LIMIT) cache.clear();
      missing.forEach((c, i) => cache.set(c.hash, fresh[i]));
      if (spreads && spreads.length === missing.length) {
        let spreadCache = this.spreads.get(model);
        if (!spreadCache || spreadCache.size + missing.length > SCORE_CACHE_LIMIT) this.spreads.set(model, (spreadCache = new Map()));
        const into = spreadCache;
        missing.forEach((c, i) => into.set(c.hash, spreads[i]));
      }
    }
    return cells.map((c) => cache.get(c.hash) as number);
  }

  /** Params and FLOPs in the macro network of the dataset; undefined when the space cannot count them. */
  cost(cell: Cell, hash: string, dataset: DatasetId): Cost | undefined {
    const macro = macroFor(cell.space, dataset);
    const key = `${cell.space}:${macro ?? ''}:${hash}`;
    let cost = this.costs.get(key);
    if (cost === undefined) {
      try {
        cost = spaceOf(cell).cost(cell, macro);
      } catch {
        cost = null;
      }
      if (this.costs.size >= COST_CACHE_LIMIT) this.costs.clear();
      this.costs.set(key, cost);
    }
    return cost ?? undefined;
  }
}
