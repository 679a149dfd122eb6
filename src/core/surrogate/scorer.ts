import * as tf from '@tensorflow/tfjs-core';
import { weightSize, type SurrogateConfig } from './config';
import { selectEncoded, type EncodedCells } from './encode-cells';
import { disposeGraphBatch, makeGraphBatch, relationMatrix } from './graph-batch';
import { precomputeFixedLayout, precomputeLayerMatrices, runNetwork, type ParamViews } from './network';
import { scoreVaryingLayout, VARYING_BATCH_FLOATS } from './varying-layout';
import { paramViews } from './params';

/** Inference over encoded cells with fixed weights; owns its tensors until dispose(). */
export interface Scorer {
  /** Raw member scores averaged after each member's scale (higher = better). */
  score(set: EncodedCells, batchSize?: number): Float32Array;
  /** Each member's score on the common scale (the terms of score's mean), one array per member. */
  memberScores(set: EncodedCells, batchSize?: number): Float32Array[];
  dispose(): void;
}

export const DEFAULT_INFERENCE_BATCH = 8192;

export function createScorer(config: SurrogateConfig, weights: Float32Array): Scorer {
  const perMember = config.weights.length / config.members;
  const memberSize = config.weights.slice(0, perMember).reduce((s, w) => s + weightSize(w), 0);
  const flat = tf.tensor1d(weights);
  const members: Map<string, tf.Tensor>[] = [];
  for (let k = 0; k < config.members; k++) {
    const specs = config.weights.slice(k * perMember, (k + 1) * perMember);
    const names = specs.map((w) => w.name.slice(`m${k}/`.length));
    const tensors = tf.tidy(() => Array.from(paramViews(flat, specs, k * memberSize, `m${k}/`).values()));
    members.push(new Map(names.map((name, i) => [name, tensors[i]])));
  }
  const relations = fixedRelations(config);
  if (relations) {
    members.forEach((views) => precomputeFixedLayout(views, config.architecture, relations, config.encoding.nodes).forEach((t, name) => views.set(name, t)));
  } else {
    members.forEach((views) => precomputeLayerMatrices(views, config.architecture).forEach((t, name) => views.set(name, t)));
  }
  let disposed = false;

  /**
   * Member-scaled scores of the set: their mean per cell ('mean', [count]) or every member's
   * ('members', member-major [members · count]).
   */
  const evaluate = (set: EncodedCells, batchSize: number, mode: 'mean' | 'members'): Float32Array => {
    if (disposed) throw new Error('this surrogate has been disposed');
    checkEncoding(config, set);
    const width = mode === 'mean' ? 1 : members.length;
    // Cells with identical encodings (NB-201 cells that compute the same function, repeated inputs)
    // are evaluated once.
    const { unique, rowOf } = distinctEncodings(set, relations !== undefined);
    if (unique.count < set.count) {
      const scores = evaluate(unique, batchSize, mode);
      const out = new Float32Array(width * set.count);
      for (let k = 0; k < width; k++) for (let i = 0; i < set.count; i++) out[k * set.count + i] = scores[k * unique.count + rowOf[i]];
      return out;
    }
    const out = new Float32Array(width * set.count);
    const combine = (scaled: tf.Tensor1D[]): tf.Tensor => (mode === 'mean' ? tf.div(tf.addN(scaled), scaled.length) : tf.stack(scaled));
    // Varying layout: batches whose neighbour sums fit the reused buffers (larger ones allocate, and collecting those costs more than the batching saves).
    const { graphs, nodes } = config.encoding;
    const step = relations ? batchSize : Math.max(1, Math.min(batchSize, Math.floor(VARYING_BATCH_FLOATS / (graphs * nodes * config.architecture.hidden))));
    for (let start = 0; start < set.count; start += step) {
      const count = Math.min(step, set.count - start);
      const values = relations
        ? scoreFixedLayout(config, members, set, start, count, relations, combine)
        : scoreVaryingLayout(config, members, set, start, count, combine);
      for (let k = 0; k < width; k++) out.set(values.subarray(k * count, (k + 1) * count), k * set.count + start);
    }
    return out;
  };

  return {
    score: (set, batchSize = DEFAULT_INFERENCE_BATCH) => evaluate(set, batchSize, 'mean'),
    memberScores(set, batchSize = DEFAULT_INFERENCE_BATCH) {
      const all = evaluate(set, batchSize, 'members');
      return Array.from({ length: members.length }, (_, k) => all.slice(k * set.count, (k + 1) * set.count));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      flat.dispose();
      members.forEach((views) => views.forEach((t) => t.dispose()));
      relations?.dispose();
    },
  };
}

/** Member-scaled scores of rows start … start + count − 1 in the fixed layout, combined. */
function scoreFixedLayout(
  config: SurrogateConfig,
  members: readonly ParamViews[],
  set: EncodedCells,
  start: number,
  count: number,
  relations: tf.Tensor2D,
  combine: (scaled: tf.Tensor1D[]) => tf.Tensor,
): Float32Array {
  const rows = Int32Array.from({ length: count }, (_, i) => start + i);
  const batch = makeGraphBatch(set, rows, relations);
  try {
    // one member at a time: each member's intermediate tensors are freed before the next runs
    const scaled = members.map((views, k) =>
      tf.tidy(() => {
        const { mean, std } = config.memberScales[k];
        return tf.div(tf.sub(runNetwork(views, config.architecture, batch, false).score, mean), std) as tf.Tensor1D;
      }),
    );
    const values = tf.tidy(() => combine(scaled));
    tf.dispose(scaled);
    const out = Float32Array.from(values.dataSync() as Float32Array);
    values.dispose();
    return out;
  } finally {
    disposeGraphBatch(batch);
  }
}

/** The [N·N, 3] relations tensor when the model uses the fixed-adjacency layout (caller disposes). */
export function fixedRelations(config: SurrogateConfig): tf.Tensor2D | undefined {
  if (!config.encoding.fixedAdjacency || config.encoding.graphs !== 1 || !config.fixedAdjacency) return undefined;
  const n = config.encoding.nodes;
  return tf.tensor2d(relationMatrix(config.fixedAdjacency as number[], n), [n * n, 3]);
}

/** The distinct encodings of a set and, per cell, the index of its encoding among them. */
export function distinctEncodings(set: EncodedCells, ignoreAdjacency: boolean): { unique: EncodedCells; rowOf: Int32Array } {
  const { graphs: g, nodes: n, features: f } = set.spec;
  const as = g * n * n,
    ms = g * n;
  const seen = new Map<string, number>();
  const rowOf = new Int32Array(set.count);
  const firstRows: number[] = [];
  // per node: (label + 1)·2 + mask bit, label = the one-hot feature (features are one-hot by EncodingSpec);
  // then, unless ignored, the positions of the nonzero adjacency entries (each < 65,536: at most 2·15·15)
  const codes = new Uint16Array(ms + (ignoreAdjacency ? 0 : as));
  for (let i = 0; i < set.count; i++) {
    for (let node = 0; node < ms; node++) {
      const base = (i * ms + node) * f;
      let label = -1;
      for (let k = 0; k < f; k++) {
        const v = set.features[base + k];
        if (v === 1 && label < 0) label = k;
        else if (v !== 0) return { unique: set, rowOf: Int32Array.from({ length: set.count }, (_, r) => r) }; // not one-hot: no dedupe
      }
      codes[node] = (label + 1) * 2 + (set.mask[i * ms + node] ? 1 : 0);
    }
    let length = ms;
    if (!ignoreAdjacency) {
      const base = i * as;
      for (let k = 0; k < as; k++) if (set.adjacency[base + k] !== 0) codes[length++] = k;
    }
    const key = String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
    let u = seen.get(key);
    if (u === undefined) {
      u = firstRows.length;
      seen.set(key, u);
      firstRows.push(i);
    }
    rowOf[i] = u;
  }
  return { unique: firstRows.length === set.count ? set : selectEncoded(set, firstRows), rowOf };
}

function checkEncoding(config: SurrogateConfig, set: EncodedCells): void {
  const a = config.encoding,
    b = set.spec;
  if (a.graphs !== b.graphs || a.nodes !== b.nodes || a.features !== b.features) {
    throw new Error(`cells encoded as ${b.graphs}×${b.nodes}×${b.features} do not fit a model for ${a.graphs}×${a.nodes}×${a.features}`);
  }
}
