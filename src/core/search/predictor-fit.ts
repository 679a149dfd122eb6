import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Rng } from '../rng';
import { getSpace } from '../spaces';
import type { Cell, SpaceId } from '../spaces/types';
import {
  allWeightSpecs,
  SURROGATE_FORMAT,
  SURROGATE_VERSION,
  type LossName,
  type Preprocess,
  type SurrogateArchitecture,
  type SurrogateConfig,
  type WeightSpec,
} from '../surrogate/config';
import { defaultPreprocess, encodeCells, encodingSpecOf, selectEncoded, type EncodedCells } from '../surrogate/encode-cells';
import { fixedLayoutLossAndGrad } from '../surrogate/fixed-layout-grad';
import { disposeGraphBatch, makeGraphBatch } from '../surrogate/graph-batch';
import { rankingLoss } from '../surrogate/losses';
import { runNetwork } from '../surrogate/network';
import { decayMask, initialParams, paramViews } from '../surrogate/params';
import { createScorer, fixedRelations } from '../surrogate/scorer';
import type { FitAndScore } from './predictor-search';

/**
 * Fit-and-score for the predictor strategy: the rank surrogate's network (directed GIN, the
 * surrogate's own forward pass, hand-written NB-201 gradient and ranking losses) re-fitted on the
 * cells evaluated so far at every round, then run over the candidates.
 *
 * Re-fits are cheap: each ensemble member keeps its weights between rounds (warm start), so a
 * round only adds `warmSteps` Adam steps on all evaluated cells (full batch up to `batchSize`),
 * after `coldSteps` for the first fit. Encodings are computed once per cell (EncodingStore, which
 * can be shared between runs over the same space).
 *
 * Every tensor is disposed: call dispose() when the search ends (the strategy does not own it).
 */
/** The tunable part of the fit (plain data: it crosses to benchmark worker threads). */
export interface PredictorFitSettings {
  readonly architecture?: Partial<SurrogateArchitecture>;
  /** Independently initialised networks whose standardised scores are averaged; default 1. */
  readonly members?: number;
  /**
   * The surrogate's ranking losses, or 'pairwise-top': the pairwise logistic loss with each pair
   * weighted by 1/log2(1 + rank) of its better cell (NDCG-style), so that the order among the best
   * evaluated cells counts most. Default 'pairwise-top'.
   */
  readonly loss?: LossName | 'pairwise-top';
  readonly learningRate?: number;
  readonly weightDecay?: number;
  /** Adam steps of a member's first fit; default 150. */
  readonly coldSteps?: number;
  /** Adam steps of every later fit (warm start); default 40. */
  readonly warmSteps?: number;
  /** False: every fit starts from fresh weights with `coldSteps` (the plain BANANAS recipe). Default true. */
  readonly warmStart?: boolean;
  /** Cells per step; the whole training set when it is smaller (full batch). Default 256. */
  readonly batchSize?: number;
}

/** The search side of the predictor strategy (see PredictorOptions). */
export interface PredictorSearchSettings {
  readonly numInit?: number;
  readonly proposalsPerFit?: number;
  readonly numCandidates?: number;
  readonly parentsToMutate?: number;
  readonly localProposals?: number;
  readonly localOrder?: 'predicted' | 'random';
}

/**
 * Tuned on NB-201 CIFAR-10 (30 paired trials per setting, bench/search.ts --predictor): the
 * top-weighted pairwise loss plus 3 of every 10 proposals drawn at random from the incumbent's
 * unseen neighbours gave the best curve (94.33 @50, optimum in every trial by 100) at the cost of the
 * plain fit (~7 CPU-s per 150-query trial); 3-member ensembles, 2× the steps or 5 proposals per fit
 * cost 1.5–2× as much without a clear gain.
 */
export const PREDICTOR_FIT_DEFAULTS: PredictorFitSettings = { loss: 'pairwise-top' };
export const PREDICTOR_SEARCH_DEFAULTS: PredictorSearchSettings = { numInit: 10, proposalsPerFit: 10, localProposals: 3, localOrder: 'random' };

/**
 * Search settings for a space: with a pool (NB-201, every cell scored) no mutants are needed;
 * otherwise candidates are mutants of the best cells plus random cells (BANANAS' mutation acquisition).
 */
export function predictorSearchDefaults(hasPool: boolean): PredictorSearchSettings {
  return { ...PREDICTOR_SEARCH_DEFAULTS, numCandidates: hasPool ? 0 : 300, parentsToMutate: 10 };
}

export interface PredictorFitOptions<C extends Cell = Cell> extends PredictorFitSettings {
  readonly space: SpaceId;
  readonly rng: Rng;
  readonly preprocess?: Preprocess;
  /** Encodings cache; share one between the runs of a benchmark over the same space. */
  readonly store?: EncodingStore;
  /** Text form used to recognise equal cells in the store; default the space's toText. */
  readonly textOf?: (cell: C) => string;
  /** Called after every optimisation step; a returned promise is awaited (a chance to yield to the event loop). */
  readonly onStep?: () => void | Promise<void>;
}

/** Small and quick: the fixed-adjacency NB-201 network costs a few ms per full-batch step. */
export const PREDICTOR_ARCHITECTURE: SurrogateArchitecture = { hidden: 16, layers: 3, headHidden: 16, tiers: 0, pooling: 'sum' };

export interface PredictorFitStats {
  fits: number;
  steps: number;
  trainMs: number;
  scoreMs: number;
  scored: number;
}

export interface PredictorFit<C extends Cell> {
  readonly fitAndScore: FitAndScore<C>;
  readonly stats: PredictorFitStats;
  dispose(): void;
}

/** Encodings of the cells seen so far, one row per distinct text form, computed once. */
export class EncodingStore {
  private readonly byObject = new WeakMap<object, number>();
  private readonly byText = new Map<string, number>();
  private chunks: EncodedCells[] = [];
  private count = 0;

  constructor(
    readonly space: SpaceId,
    readonly preprocess: Preprocess,
    private readonly textOf: (cell: Cell) => string,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The row of every cell (encoding cells not seen before). */
  rows(cells: readonly Cell[]): Int32Array {
    const rows = new Int32Array(cells.length);
    const fresh: Cell[] = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      let row = this.byObject.get(cell);
      if (row === undefined) {
        const text = this.textOf(cell);
        row = this.byText.get(text);
        if (row === undefined) {
          row = this.count + fresh.length;
          this.byText.set(text, row);
          fresh.push(cell);
        }
        this.byObject.set(cell, row);
      }
      rows[i] = row;
    }
    if (fresh.length) {
      this.chunks.push(encodeCells(this.space, this.preprocess, fresh));
      this.count += fresh.length;
    }
    return rows;
  }

  /** The encodings of `cells`, in order. */
  encode(cells: readonly Cell[]): EncodedCells {
    const rows = this.rows(cells);
    return selectEncoded(this.all(), rows);
  }

  private all(): EncodedCells {
    if (this.chunks.length > 1) {
      this.chunks = [
        {
          count: this.count,
          spec: this.chunks[0].spec,
          features: concat(this.chunks.map((c) => c.features)),
          adjacency: concat(this.chunks.map((c) => c.adjacency)),
          mask: concat(this.chunks.map((c) => c.mask)),
        },
      ];
    }
    return this.chunks[0] ?? encodeCells(this.space, this.preprocess, []);
  }
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** One ensemble member: flat parameters and its Adam moments, kept between fits. */
interface Member {
  params: tf.Tensor1D;
  m1: tf.Tensor1D;
  m2: tf.Tensor1D;
  /** Adam steps taken so far (bias correction). */
  step: number;
}

export function createPredictorFit<C extends Cell>(options: PredictorFitOptions<C>): PredictorFit<C> {
  const space = options.space;
  const preprocess = options.preprocess ?? options.store?.preprocess ?? defaultPreprocess(space);
  const architecture: SurrogateArchitecture = { ...PREDICTOR_ARCHITECTURE, ...options.architecture };
  const textOf = (options.textOf ?? getSpace(space).toText) as (cell: Cell) => string;
  const store = options.store ?? new EncodingStore(space, preprocess, textOf);
  if (store.space !== space || store.preprocess !== preprocess)
    throw new Error(`the encoding store holds ${store.space}/${store.preprocess} cells, not ${space}/${preprocess}`);
  const memberCount = Math.max(1, Math.floor(options.members ?? 1));
  const loss = options.loss ?? 'pairwise-top';
  const learningRate = options.learningRate ?? 5e-3;
  const weightDecay = options.weightDecay ?? 1e-4;
  const coldSteps = options.coldSteps ?? 150;
  const warmSteps = options.warmSteps ?? 40;
  const warmStart = options.warmStart ?? true;
  const maxBatch = options.batchSize ?? 256;
  const rng = options.rng;

  const spec = encodingSpecOf(space);
  const specs: WeightSpec[] = allWeightSpecs(spec, architecture, 1);
  const memberConfig = (fixedAdjacency: number[] | undefined): SurrogateConfig => ({
    format: SURROGATE_FORMAT,
    version: SURROGATE_VERSION,
    space,
    encoding: spec,
    ...(fixedAdjacency ? { fixedAdjacency } : {}),
    preprocess,
    architecture,
    members: 1,
    memberScales: [{ mean: 0, std: 1 }],
    weights: specs,
  });
  let config: SurrogateConfig | undefined;
  let relations: tf.Tensor2D | undefined;
  let decay: tf.Tensor1D | undefined;
  const members: Member[] = [];
  const stats: PredictorFitStats = { fits: 0, steps: 0, trainMs: 0, scoreMs: 0, scored: 0 };
  let disposed = false;

  const newMember = (): Member => {
    const params = tf.tensor1d(initialParams(specs, rng));
    return { params, m1: tf.zerosLike(params), m2: tf.zerosLike(params), step: 0 };
  };
  const disposeMember = (m: Member) => {
    m.params.dispose();
    m.m1.dispose();
    m.m2.dispose();
  };

  /** `steps` Adam steps of one member on the training set, learning rate on a cosine to 0. */
  const train = async (member: Member, set: EncodedCells, targets: Float32Array, steps: number): Promise<void> => {
    const n = set.count;
    const batchSize = Math.min(maxBatch, n);
    const full = batchSize === n;
    const fullBatch = full ? makeGraphBatch(set, undefined, relations) : undefined;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    try {
      for (let s = 0; s < steps; s++) {
        let rows: Int32Array | undefined;
        if (!full) {
          for (let i = n - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            const t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
          rows = order.slice(0, batchSize);
        }
        const batch = fullBatch ?? makeGraphBatch(set, rows, relations);
        const batchTargets = rows ? Float32Array.from(rows, (i) => targets[i]) : targets;
        const lr = 0.5 * learningRate * (1 + Math.cos((Math.PI * s) / steps));
        member.step++;
        const t = member.step;
        try {
          const next = tf.tidy(() => {
            const lossOf = (score: tf.Tensor1D) =>
              loss === 'pairwise-top' ? topWeightedPairwise(score, batchTargets) : rankingLoss(loss, score, batchTargets);
            const { grad } =
              batch.layout === 'fixed'
                ? fixedLayoutLossAndGrad(member.params, specs, architecture, batch, lossOf)
                : tf.valueAndGrad((p: tf.Tensor1D) => lossOf(runNetwork(paramViews(p, specs, 0, 'm0/'), architecture, batch).score))(member.params);
            const b1 = 0.9,
              b2 = 0.999;
            const nm1 = tf.add(tf.mul(member.m1, b1), tf.mul(grad, 1 - b1));
            const nm2 = tf.add(tf.mul(member.m2, b2), tf.mul(tf.square(grad), 1 - b2));
            const update = tf.div(tf.div(nm1, 1 - b1 ** t), tf.add(tf.sqrt(tf.div(nm2, 1 - b2 ** t)), 1e-8));
            const np = tf.sub(member.params, tf.mul(tf.add(update, tf.mul(tf.mul(member.params, decay!), weightDecay)), lr));
            return [np, nm1, nm2] as tf.Tensor1D[];
          });
          member.params.dispose();
          member.m1.dispose();
          member.m2.dispose();
          [member.params, member.m1, member.m2] = next;
        } finally {
          if (!fullBatch) disposeGraphBatch(batch);
        }
        stats.steps++;
        await options.onStep?.();
      }
    } finally {
      if (fullBatch) disposeGraphBatch(fullBatch);
    }
  };

  const fitAndScore: FitAndScore<C> = async (cells, scores, candidates) => {
    if (disposed) throw new Error('this predictor has been disposed');
    if (cells.length < 2) return candidates.map(() => 0);
    const t0 = Date.now();
    const set = store.encode(cells);
    if (!config) {
      const fixed = spec.fixedAdjacency && spec.graphs === 1 ? Array.from(set.adjacency.subarray(0, spec.nodes * spec.nodes)) : undefined;
      config = memberConfig(fixed);
      relations = fixedRelations(config);
      decay = tf.tensor1d(decayMask(specs));
    }
    const targets = Float32Array.from(scores);
    const weights: Float32Array[] = [];
    for (let k = 0; k < memberCount; k++) {
      let member = members[k];
      const fresh = !member || !warmStart;
      if (fresh) {
        if (member) disposeMember(member);
        member = members[k] = newMember();
      }
      await train(member, set, targets, fresh ? coldSteps : warmSteps);
      weights.push((await member.params.data()) as Float32Array);
    }
    const t1 = Date.now();
    const candidateSet = store.encode(candidates);
    const total = new Float64Array(candidates.length);
    for (const w of weights) {
      const scorer = createScorer(config, w);
      try {
        const s = scorer.score(candidateSet);
        const { mean, std } = weights.length > 1 ? moments(scorer.score(set)) : { mean: 0, std: 1 };
        for (let i = 0; i < s.length; i++) total[i] += (s[i] - mean) / std;
      } finally {
        scorer.dispose();
      }
    }
    stats.fits++;
    stats.trainMs += t1 - t0;
    stats.scoreMs += Date.now() - t1;
    stats.scored += candidates.length;
    return Array.from(total, (v) => v / weights.length);
  };

  return {
    fitAndScore,
    stats,
    dispose() {
      if (disposed) return;
      disposed = true;
      members.forEach(disposeMember);
      members.length = 0;
      relations?.dispose();
      decay?.dispose();
    },
  };
}

/** Pairwise logistic loss, pair (i better than j) weighted by 1/log2(1 + rank of i), rank 1 = best. */
function topWeightedPairwise(score: tf.Tensor1D, targets: Float32Array): tf.Scalar {
  const b = targets.length;
  const order = Array.from({ length: b }, (_, i) => i).sort((i, j) => targets[j] - targets[i]);
  const gain = new Float32Array(b);
  order.forEach((i, r) => {
    gain[i] = 1 / Math.log2(2 + r);
  });
  const weights = new Float32Array(b * b);
  let total = 0;
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      if (targets[i] > targets[j]) {
        weights[i * b + j] = gain[i];
        total += gain[i];
      }
    }
  }
  if (total === 0) return tf.mul(tf.sum(score), 0);
  const diff = tf.sub(tf.reshape(score, [b, 1]), tf.reshape(score, [1, b]));
  return tf.div(tf.sum(tf.mul(tf.softplus(tf.neg(diff)), tf.tensor2d(weights, [b, b]))), total);
}

function moments(values: Float32Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length || 1;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / (values.length || 1));
  return { mean, std: std > 1e-12 ? std : 1 };
}
