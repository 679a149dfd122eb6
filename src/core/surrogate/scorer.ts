import * as tf from '@tensorflow/tfjs-core';
import { weightSize, type SurrogateArchitecture, type SurrogateConfig } from './config';
import { selectEncoded, type EncodedCells } from './encode-cells';
import { disposeGraphBatch, makeGraphBatch, relationMatrix } from './graph-batch';
import { precomputeFixedLayout, runNetwork, type ParamViews } from './network';
import { paramViews } from './params';

/** Inference over encoded cells with fixed weights; owns its tensors until dispose(). */
export interface Scorer {
  /** Raw member scores averaged after each member's scale (higher = better). */
  score(set: EncodedCells, batchSize?: number): Float32Array;
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
  }
  let disposed = false;

  return {
    score(set, batchSize = DEFAULT_INFERENCE_BATCH) {
      if (disposed) throw new Error('this surrogate has been disposed');
      checkEncoding(config, set);
      // Cells with identical encodings (NB-201 cells that compute the same function, repeated inputs)
      // are evaluated once.
      const { unique, rowOf } = distinctEncodings(set, relations !== undefined);
      if (unique.count < set.count) {
        const scores = this.score(unique, batchSize);
        return Float32Array.from(rowOf, (u) => scores[u]);
      }
      const out = new Float32Array(set.count);
      if (!relations) {
        for (let start = 0; start < set.count; start += batchSize) {
          const values = scoreVaryingLayout(config, members, set, start, Math.min(batchSize, set.count - start));
          out.set(values, start);
        }
        return out;
      }
      for (let start = 0; start < set.count; start += batchSize) {
        const rows = Int32Array.from({ length: Math.min(batchSize, set.count - start) }, (_, i) => start + i);
        const batch = makeGraphBatch(set, rows, relations);
        try {
          const values = tf.tidy(() => {
            let sum: tf.Tensor1D | undefined;
            members.forEach((views, k) => {
              const { mean, std } = config.memberScales[k];
              const s = tf.div(tf.sub(runNetwork(views, config.architecture, batch, false).score, mean), std) as tf.Tensor1D;
              sum = sum ? (tf.add(sum, s) as tf.Tensor1D) : s;
            });
            return tf.div(sum as tf.Tensor1D, members.length) as tf.Tensor1D;
          });
          out.set(values.dataSync() as Float32Array, start);
          values.dispose();
        } finally {
          disposeGraphBatch(batch);
        }
      }
      return out;
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

/**
 * Inference for varying adjacency (NB-101, DARTS): runNetwork's 'batched' layout with its message
 * passing done here in plain arrays, over each graph's edge list, instead of as dense tensors
 * ([M, N, N, d] products summed over an axis: most of the kernel time, and mostly zeros). The
 * dense layers stay TF.js kernels, the same as runNetwork's. The sums are float32 and run over
 * the neighbours in index order, as the tensor sums do, so the scores are the same.
 */
function scoreVaryingLayout(config: SurrogateConfig, members: readonly ParamViews[], set: EncodedCells, start: number, count: number): Float32Array {
  const arch = config.architecture;
  const { graphs: g, nodes: n, features: f } = set.spec;
  const m = count * g;
  const rowsOf = (data: Float32Array, width: number) => data.subarray(start * g * width, (start + count) * g * width);
  const x = rowsOf(set.features, n * f);
  const mask = rowsOf(set.mask, n);
  const edges = edgeList(rowsOf(set.adjacency, n * n), m, n);
  const xt = tf.tensor2d(x, [m * n, f]);
  const maskT = tf.tensor2d(mask, [m * n, 1]);
  try {
    const values = tf.tidy(() => {
      let sum: tf.Tensor1D | undefined;
      members.forEach((views, k) => {
        const { mean, std } = config.memberScales[k];
        const s = tf.div(tf.sub(varyingLayoutNetwork(views, arch, xt, maskT, edges, count, g, n), mean), std) as tf.Tensor1D;
        sum = sum ? (tf.add(sum, s) as tf.Tensor1D) : s;
      });
      return tf.div(sum as tf.Tensor1D, members.length) as tf.Tensor1D;
    });
    const scores = Float32Array.from(values.dataSync() as Float32Array);
    values.dispose();
    return scores;
  } finally {
    xt.dispose();
    maskT.dispose();
  }
}

/** Nonzero adjacency entries of M graphs of N nodes, row-major per graph: graph-local (from, to) pairs and weights. */
interface EdgeList {
  /** Entry k of graph gi is k in [offsets[gi], offsets[gi + 1]). */
  readonly offsets: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float32Array;
}

function edgeList(adjacency: Float32Array, m: number, n: number): EdgeList {
  let total = 0;
  for (let k = 0; k < m * n * n; k++) if (adjacency[k] !== 0) total++;
  const offsets = new Int32Array(m + 1);
  const from = new Int32Array(total),
    to = new Int32Array(total),
    weight = new Float32Array(total);
  let e = 0;
  for (let gi = 0; gi < m; gi++) {
    offsets[gi] = e;
    const base = gi * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = adjacency[base + i * n + j];
        if (a === 0) continue;
        from[e] = i;
        to[e] = j;
        weight[e] = a;
        e++;
      }
    }
  }
  offsets[m] = e;
  return { offsets, from, to, weight };
}

/** runNetwork(…, 'batched' layout, differentiable = false).score for one member. */
function varyingLayoutNetwork(
  p: ParamViews,
  arch: SurrogateArchitecture,
  x: tf.Tensor2D,
  mask: tf.Tensor2D,
  edges: EdgeList,
  cells: number,
  graphs: number,
  n: number,
): tf.Tensor1D {
  const d = arch.hidden;
  const m = cells * graphs;
  const dense = (input: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean) =>
    tf.fused.matMul({ a: input, b: w, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
  const pool = (h: tf.Tensor2D) => tf.sum(tf.reshape(h, [m, n, d]), 1) as tf.Tensor2D;
  let h = tf.mul(dense(x, param(p, 'embed/w'), param(p, 'embed/b'), true), mask) as tf.Tensor2D;
  const pooled: tf.Tensor2D[] = [pool(h)];
  for (let l = 0; l < arch.layers; l++) {
    const joined = joinedRows(m * n * 3 * d);
    joinNeighbours(h.dataSync() as Float32Array, edges, m, n, d, joined);
    const z = dense(tf.tensor2d(joined, [m * n, 3 * d]), tf.reshape(param(p, `gin${l}/w1`), [3 * d, d]) as tf.Tensor2D, param(p, `gin${l}/b1`), true);
    h = tf.mul(dense(z, param(p, `gin${l}/w2`), param(p, `gin${l}/b2`), true), mask) as tf.Tensor2D;
    pooled.push(pool(h));
  }
  let readout: tf.Tensor2D = tf.concat(pooled, 1);
  if (arch.pooling === 'mean') {
    const counts = tf.maximum(tf.reshape(tf.sum(tf.reshape(mask, [m, n, 1]), 1), [m, 1]), 1) as tf.Tensor2D;
    readout = tf.div(readout, counts) as tf.Tensor2D;
  }
  readout = tf.reshape(readout, [cells, graphs * (arch.layers + 1) * d]) as tf.Tensor2D;
  const hidden = dense(readout, param(p, 'head/w1'), param(p, 'head/b1'), true);
  return tf.reshape(dense(hidden, param(p, 'head/w2'), param(p, 'head/b2'), false), [cells]) as tf.Tensor1D;
}

let joinedBuffer = new Float32Array(0);
/** Largest buffer kept between calls (16 MB); bigger batches get a fresh array each time. */
const JOINED_KEEP = 4 << 20;

/**
 * An array of `size` floats for joinNeighbours (which writes every entry), reused from call to call:
 * fresh large arrays cost more than the message passing itself. Reusing it is safe because kernels
 * run eagerly: the tensor made from it is consumed by the next kernel before the array is written again.
 */
function joinedRows(size: number): Float32Array {
  if (size > JOINED_KEEP) return new Float32Array(size);
  if (joinedBuffer.length < size) joinedBuffer = new Float32Array(size);
  return joinedBuffer.length === size ? joinedBuffer : joinedBuffer.subarray(0, size);
}

/**
 * Rows [h_j | Σ_i a_ij·h_i | Σ_k a_jk·h_k] per node j (runNetwork's concat of h, incoming, outgoing),
 * the sums accumulated in float32 in neighbour index order.
 */
function joinNeighbours(h: Float32Array, edges: EdgeList, m: number, n: number, d: number, joined: Float32Array): void {
  const w3 = 3 * d;
  for (let r = 0; r < m * n; r++) {
    const src = r * d,
      dst = r * w3;
    for (let c = 0; c < d; c++) {
      joined[dst + c] = h[src + c];
      joined[dst + d + c] = 0;
      joined[dst + 2 * d + c] = 0;
    }
  }
  const { offsets, from, to, weight } = edges;
  for (let gi = 0; gi < m; gi++) {
    const node = gi * n;
    // Row-major order: for a fixed target the sources come in ascending order, and vice versa.
    for (let e = offsets[gi]; e < offsets[gi + 1]; e++) {
      const i = node + from[e],
        j = node + to[e],
        a = weight[e];
      const incoming = j * w3 + d,
        hi = i * d;
      const outgoing = i * w3 + 2 * d,
        hj = j * d;
      if (a === 1) {
        for (let c = 0; c < d; c++) {
          joined[incoming + c] += h[hi + c];
          joined[outgoing + c] += h[hj + c];
        }
      } else {
        for (let c = 0; c < d; c++) {
          joined[incoming + c] += Math.fround(a * h[hi + c]);
          joined[outgoing + c] += Math.fround(a * h[hj + c]);
        }
      }
    }
  }
}

function param<R extends tf.Rank>(p: ParamViews, name: string): tf.Tensor<R> {
  const t = p.get(name);
  if (!t) throw new Error(`surrogate weight '${name}' is missing`);
  return t as tf.Tensor<R>;
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
  const codes = new Uint16Array(ms);
  for (let i = 0; i < set.count; i++) {
    // per node: (label + 1)·2 + mask bit, label = the one-hot feature (features are one-hot by EncodingSpec)
    codes.fill(0);
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
    let key = String.fromCharCode(...codes);
    if (!ignoreAdjacency) {
      const adj = set.adjacency.subarray(i * as, (i + 1) * as);
      for (let k = 0; k < as; k++) if (adj[k] !== 0) key += ',' + k;
    }
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
