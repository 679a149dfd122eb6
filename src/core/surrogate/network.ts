import * as tf from '@tensorflow/tfjs-core';
import type { SurrogateArchitecture } from './config';
import { dense as denseWithGrad, matMul2d as matMulWithGrad } from './fast-matmul';

function inferenceDense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
}

/** One member's parameter tensors by name (without the `m<k>/` prefix). */
export type ParamViews = ReadonlyMap<string, tf.Tensor>;

/**
 * Graph batch in one of two layouts.
 *   'batched': varying adjacency. x [M, N, F], adjacency [M, N, N], mask [M, N, 1]; M = cells × graphs.
 *   'fixed':   one adjacency for all cells (NB-201). x [M·N, F] (row m·N + n), mask [M·N, 1],
 *              relations [N·N, 3] = [I, A, Aᵀ] as columns; message passing folds into one dense matmul per layer.
 */
export type GraphBatch =
  | {
      readonly layout: 'batched';
      readonly cells: number;
      readonly graphs: number;
      readonly x: tf.Tensor3D;
      readonly adjacency: tf.Tensor3D;
      readonly mask: tf.Tensor3D;
    }
  | {
      readonly layout: 'fixed';
      readonly cells: number;
      readonly graphs: number;
      readonly nodes: number;
      readonly x: tf.Tensor2D;
      readonly mask: tf.Tensor2D;
      readonly relations: tf.Tensor2D;
    };

/**
 * Σ_k R_k ⊗ W_k as an [N·d, N·d] matrix: entry ((i, a), (j, b)) = Σ_k R_k[i][j]·W_k[a][b], with relations
 * R = [I, A, Aᵀ] (stored transposed, [N·N, 3]) and weights W = [W_self, W_in, W_out] ([3, d, d]), so that for a row of node
 * embeddings h ([N·d]) (h·M)_j = h_j·W_self + Σ_{i→j} h_i·W_in + Σ_{j→k} h_k·W_out.
 */
function blockMixing(relations: tf.Tensor2D, w1: tf.Tensor, n: number, d: number, matMul2d: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  const k = matMul2d(relations, tf.reshape(w1, [3, d * d]) as tf.Tensor2D);
  return tf.reshape(tf.transpose(tf.reshape(k, [n, n, d, d]), [0, 2, 1, 3]), [n * d, n * d]);
}

/**
 * For inference with fixed weights: the per-layer [N·d, N·d] mixing matrices and tiled biases of the
 * fixed layout, computed once (extra entries of the returned map; the caller disposes them).
 */
export function precomputeFixedLayout(p: ParamViews, arch: SurrogateArchitecture, relations: tf.Tensor2D, nodes: number): Map<string, tf.Tensor> {
  const extra = new Map<string, tf.Tensor>();
  for (let l = 0; l < arch.layers; l++) {
    extra.set(
      `gin${l}/mixing`,
      tf.tidy(() => blockMixing(relations, param(p, `gin${l}/w1`), nodes, arch.hidden, (a, b) => tf.matMul(a, b) as tf.Tensor2D)),
    );
    extra.set(
      `gin${l}/b1-tiled`,
      tf.tidy(() => tf.tile(param<tf.Rank.R1>(p, `gin${l}/b1`), [nodes])),
    );
  }
  return extra;
}

export interface NetworkOutput {
  /** [cells] */
  readonly score: tf.Tensor1D;
  /** [cells, tiers] logits, when the architecture has a tier head. */
  readonly tierLogits?: tf.Tensor2D;
}

function param<R extends tf.Rank>(p: ParamViews, name: string): tf.Tensor<R> {
  const t = p.get(name);
  if (!t) throw new Error(`surrogate weight '${name}' is missing`);
  return t as tf.Tensor<R>;
}

/**
 * Directed GIN: node one-hots → embedding; per layer h' = MLP(W_self·h + W_in·Σ_pred h + W_out·Σ_succ h)
 * (messages along and against the edges); masked sum/mean pooling of every layer's embeddings
 * (jumping knowledge), the graphs of a cell concatenated, then an MLP head (score, optional tier logits).
 */
export function runNetwork(p: ParamViews, arch: SurrogateArchitecture, batch: GraphBatch, differentiable = true): NetworkOutput {
  // Inference skips the custom-gradient wrappers (they add kernels); the maths is the same.
  const dense = differentiable ? denseWithGrad : inferenceDense;
  const matMul2d = differentiable ? matMulWithGrad : (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b) as tf.Tensor2D;
  const d = arch.hidden;
  const m = batch.cells * batch.graphs;
  const pooled: tf.Tensor2D[] = [];
  let counts: tf.Tensor2D | undefined;

  if (batch.layout === 'fixed') {
    // Cell-major rows [M, N·d]: one layer's self/in/out mixing is a single [N·d, N·d] matrix built from the weights.
    const n = batch.nodes;
    const pool = (h: tf.Tensor2D): tf.Tensor2D => tf.sum(tf.reshape(h, [m, n, d]), 1);
    let h = tf.mul(dense(batch.x, param(p, 'embed/w'), param(p, 'embed/b'), true), batch.mask) as tf.Tensor2D;
    pooled.push(pool(h));
    for (let l = 0; l < arch.layers; l++) {
      // Inference precomputes these per model (see precomputeFixedLayout); training derives them from the weights.
      const mixing = (p.get(`gin${l}/mixing`) as tf.Tensor2D | undefined) ?? blockMixing(batch.relations, param(p, `gin${l}/w1`), n, d, matMul2d);
      const bias = (p.get(`gin${l}/b1-tiled`) as tf.Tensor1D | undefined) ?? tf.tile(param<tf.Rank.R1>(p, `gin${l}/b1`), [n]);
      const z = dense(tf.reshape(h, [m, n * d]), mixing, bias, true);
      h = tf.mul(dense(tf.reshape(z, [m * n, d]), param(p, `gin${l}/w2`), param(p, `gin${l}/b2`), true), batch.mask) as tf.Tensor2D;
      pooled.push(pool(h));
    }
    if (arch.pooling === 'mean') counts = tf.maximum(tf.sum(tf.reshape(batch.mask, [m, n]), 1, true), 1) as tf.Tensor2D;
  } else {
    const { x, adjacency, mask } = batch;
    const n = x.shape[1];
    const features = x.shape[2];
    const toNodes = (t: tf.Tensor): tf.Tensor3D => tf.mul(tf.reshape(t, [m, n, d]), mask) as tf.Tensor3D;
    let h = toNodes(dense(tf.reshape(x, [m * n, features]), param(p, 'embed/w'), param(p, 'embed/b'), true));
    pooled.push(tf.sum(h, 1) as tf.Tensor2D);
    for (let l = 0; l < arch.layers; l++) {
      // Broadcast products instead of batched matmuls, which the wasm backend runs slowly for many tiny matrices.
      const edges = tf.reshape(adjacency, [m, n, n, 1]);
      const incoming = tf.sum(tf.mul(edges, tf.reshape(h, [m, n, 1, d])), 1);
      const outgoing = tf.sum(tf.mul(edges, tf.reshape(h, [m, 1, n, d])), 2);
      const joined = tf.reshape(tf.concat([h, incoming, outgoing], 2), [m * n, 3 * d]) as tf.Tensor2D;
      const z = dense(joined, tf.reshape(param(p, `gin${l}/w1`), [3 * d, d]) as tf.Tensor2D, param(p, `gin${l}/b1`), true);
      h = toNodes(dense(z, param(p, `gin${l}/w2`), param(p, `gin${l}/b2`), true));
      pooled.push(tf.sum(h, 1) as tf.Tensor2D);
    }
    if (arch.pooling === 'mean') counts = tf.maximum(tf.reshape(tf.sum(mask, 1), [m, 1]), 1) as tf.Tensor2D;
  }

  let readout: tf.Tensor2D = tf.concat(pooled, 1);
  if (counts) readout = tf.div(readout, counts) as tf.Tensor2D;
  readout = tf.reshape(readout, [batch.cells, batch.graphs * (arch.layers + 1) * d]) as tf.Tensor2D;
  const hidden = dense(readout, param(p, 'head/w1'), param(p, 'head/b1'), true);
  const score = tf.reshape(dense(hidden, param(p, 'head/w2'), param(p, 'head/b2'), false), [batch.cells]) as tf.Tensor1D;
  if (arch.tiers === 0) return { score };
  const tierLogits = dense(hidden, param(p, 'tiers/w'), param(p, 'tiers/b'), false) as tf.Tensor2D;
  return { score, tierLogits };
}
