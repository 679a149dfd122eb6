import * as tf from '@tensorflow/tfjs-core';
import type { SurrogateArchitecture, SurrogateConfig } from './config';
import type { EncodedCells } from './encode-cells';
import { ginLayerTail, layerMatrices, type LayerMatrices } from './gin-layer';
import { head, type ParamViews } from './network';

/**
 * Inference for varying adjacency (NB-101, DARTS): runNetwork's 'batched' layout with its message
 * passing done here in plain arrays, over each graph's edge list, instead of as dense tensors
 * ([M, N, N, d] products summed over an axis: most of the kernel time, and mostly zeros). A layer's
 * first dense map over [h | Σ_pred h | Σ_succ h] is taken as three products, h·W_self + in·W_in +
 * out·W_out, so that h never has to be copied out to JS rows: only the two sums are built there.
 */
export function scoreVaryingLayout(
  config: SurrogateConfig,
  members: readonly ParamViews[],
  set: EncodedCells,
  start: number,
  count: number,
  combine: (scaled: tf.Tensor1D[]) => tf.Tensor,
): Float32Array {
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
    // one member at a time: each member's intermediate tensors are freed before the next runs
    const scaled = members.map((views, k) =>
      tf.tidy(() => {
        const { mean, std } = config.memberScales[k];
        return tf.div(tf.sub(memberNetwork(views, arch, xt, maskT, edges, count, g, n), mean), std) as tf.Tensor1D;
      }),
    );
    const values = tf.tidy(() => combine(scaled));
    tf.dispose(scaled);
    const scores = Float32Array.from(values.dataSync() as Float32Array);
    values.dispose();
    return scores;
  } finally {
    xt.dispose();
    maskT.dispose();
  }
}

/** Floats of one neighbour-sum buffer that are kept between calls (16 MB); the scorer sizes its batches to fit. */
export const VARYING_BATCH_FLOATS = 4 << 20;

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

/** The rows of a layer's first matrix ([3d, k]) that multiply h, the predecessors' sum and the successors' sum. */
function splitFirst(w1: tf.Tensor2D, d: number): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  return tf.split(w1, [d, d, d], 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
}

/** runNetwork(…, 'batched' layout, differentiable = false).score for one member. */
function memberNetwork(
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
  const get = (name: string) => param(p, name);
  const pool = (h: tf.Tensor2D) => tf.sum(tf.reshape(h, [m, n, d]), 1) as tf.Tensor2D;
  let h = tf.mul(dense(x, param(p, 'embed/w'), param(p, 'embed/b'), true), mask) as tf.Tensor2D;
  const pooled: tf.Tensor2D[] = [pool(h)];
  for (let l = 0; l < arch.layers; l++) {
    const matrices: LayerMatrices = p.has(`gin${l}/w1-joined`)
      ? {
          w1: get(`gin${l}/w1-joined`) as tf.Tensor2D,
          b1: get(`gin${l}/b1`) as tf.Tensor1D,
          w2: get(`gin${l}/w2`) as tf.Tensor2D,
          b2: get(`gin${l}/b2`) as tf.Tensor1D,
        }
      : layerMatrices(get, l, arch);
    const [wSelf, wIn, wOut] = splitFirst(matrices.w1, d);
    const { incoming, outgoing } = neighbourSums(h.dataSync() as Float32Array, edges, m, n, d);
    const first = tf.add(
      tf.add(tf.fused.matMul({ a: h, b: wSelf, bias: matrices.b1 }), tf.matMul(tf.tensor2d(incoming, [m * n, d]), wIn)),
      tf.matMul(tf.tensor2d(outgoing, [m * n, d]), wOut),
    );
    h = ginLayerTail(tf.relu(first) as tf.Tensor2D, h, mask, l, arch, get, dense, matrices);
    pooled.push(pool(h));
  }
  let readout: tf.Tensor2D = tf.concat(pooled, 1);
  if (arch.pooling === 'mean') {
    const counts = tf.maximum(tf.reshape(tf.sum(tf.reshape(mask, [m, n, 1]), 1), [m, 1]), 1) as tf.Tensor2D;
    readout = tf.div(readout, counts) as tf.Tensor2D;
  }
  readout = tf.reshape(readout, [cells, graphs * (arch.layers + 1) * d]) as tf.Tensor2D;
  return head(readout, arch, get, dense).score;
}

let incomingBuffer = new Float32Array(0);
let outgoingBuffer = new Float32Array(0);

/**
 * Per node j, Σ_i a_ij·h_i (incoming) and Σ_k a_jk·h_k (outgoing), accumulated in float32 in neighbour
 * index order. The arrays are reused from call to call up to VARYING_BATCH_FLOATS (fresh large arrays
 * cost more than the message passing itself); that is safe because kernels run eagerly: the tensors
 * made from them are consumed before the arrays are written again.
 */
function neighbourSums(h: Float32Array, edges: EdgeList, m: number, n: number, d: number): { incoming: Float32Array; outgoing: Float32Array } {
  const size = m * n * d;
  let incoming: Float32Array, outgoing: Float32Array;
  if (size > VARYING_BATCH_FLOATS) {
    incoming = new Float32Array(size);
    outgoing = new Float32Array(size);
  } else {
    if (incomingBuffer.length < size) {
      incomingBuffer = new Float32Array(size);
      outgoingBuffer = new Float32Array(size);
    }
    incoming = incomingBuffer.length === size ? incomingBuffer : incomingBuffer.subarray(0, size);
    outgoing = outgoingBuffer.length === size ? outgoingBuffer : outgoingBuffer.subarray(0, size);
    incoming.fill(0);
    outgoing.fill(0);
  }
  const { offsets, from, to, weight } = edges;
  for (let gi = 0; gi < m; gi++) {
    const node = gi * n;
    // Row-major order: for a fixed target the sources come in ascending order, and vice versa.
    for (let e = offsets[gi]; e < offsets[gi + 1]; e++) {
      const hi = (node + from[e]) * d,
        hj = (node + to[e]) * d,
        a = weight[e];
      if (a === 1) {
        for (let c = 0; c < d; c++) {
          incoming[hj + c] += h[hi + c];
          outgoing[hi + c] += h[hj + c];
        }
      } else {
        for (let c = 0; c < d; c++) {
          incoming[hj + c] += Math.fround(a * h[hi + c]);
          outgoing[hi + c] += Math.fround(a * h[hj + c]);
        }
      }
    }
  }
  return { incoming, outgoing };
}

function param<R extends tf.Rank>(p: ParamViews, name: string): tf.Tensor<R> {
  const t = p.get(name);
  if (!t) throw new Error(`surrogate weight '${name}' is missing`);
  return t as tf.Tensor<R>;
}
