import * as tf from '@tensorflow/tfjs-core';
import type { SurrogateArchitecture } from './config';

/** relu?(x · w + b) for [M, K] · [K, N]. */
export type Dense = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean) => tf.Tensor2D;
/** A parameter tensor by name (one member, no `m<k>/` prefix). */
export type Param = (name: string) => tf.Tensor;

export const LAYER_NORM_EPSILON = 1e-5;

/**
 * One layer's MLP as two dense maps over the rows [h | Σ_pred h | Σ_succ h] ([M·N, 3d]):
 *   joint:    w1 [3d, d] = gin/w1 reshaped.
 *   separate: w1 [3d, 2d] = [[Wf_self, Wb_self], [Wf_in, 0], [0, Wb_out]]: the forward MLP reads h and the
 *             predecessors' sum, the backward one h and the successors' sum; w2 [2d, d] stacks both
 *             second layers, so that z·w2 is the sum of the two MLPs' outputs.
 */
export interface LayerMatrices {
  readonly w1: tf.Tensor2D;
  readonly b1: tf.Tensor1D;
  readonly w2: tf.Tensor2D;
  readonly b2: tf.Tensor1D;
}

export function layerMatrices(p: Param, l: number, arch: SurrogateArchitecture): LayerMatrices {
  const d = arch.hidden;
  const b1 = p(`gin${l}/b1`) as tf.Tensor1D,
    w2 = p(`gin${l}/w2`) as tf.Tensor2D,
    b2 = p(`gin${l}/b2`) as tf.Tensor1D;
  if ((arch.messages ?? 'joint') === 'joint') return { w1: tf.reshape(p(`gin${l}/w1`), [3 * d, d]), b1, w2, b2 };
  const [fSelf, fIn] = tf.unstack(p(`gin${l}/fw1`)) as tf.Tensor2D[];
  const [bSelf, bOut] = tf.unstack(p(`gin${l}/bw1`)) as tf.Tensor2D[];
  const zero = tf.zeros([d, d]) as tf.Tensor2D;
  const w1 = tf.concat([tf.concat([fSelf, bSelf], 1), tf.concat([fIn, zero], 1), tf.concat([zero, bOut], 1)], 0) as tf.Tensor2D;
  return { w1, b1, w2, b2 };
}

/** Per-row LayerNorm of [R, d] with gain and bias [d]. */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  const mean = tf.mean(x, 1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), 1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gain), bias) as tf.Tensor2D;
}

/**
 * The version-2 layer on the joined rows [h | in | out] ([M·N, 3d]) of node embeddings h ([M·N, d]):
 * y = relu(relu(joined·w1 + b1)·w2 + b2), then h + y (residual), then LayerNorm (norm 'layer'), then the
 * node mask. The plain layer is the same without the residual and the norm.
 */
export function ginLayer(
  joined: tf.Tensor2D,
  h: tf.Tensor2D,
  mask: tf.Tensor2D,
  l: number,
  arch: SurrogateArchitecture,
  p: Param,
  dense: Dense,
  matrices: LayerMatrices = layerMatrices(p, l, arch),
): tf.Tensor2D {
  return ginLayerTail(dense(joined, matrices.w1, matrices.b1, true), h, mask, l, arch, p, dense, matrices);
}

/** ginLayer after its first dense map: z = relu(joined·w1 + b1) ([M·N, k]) → the layer's output. */
export function ginLayerTail(
  z: tf.Tensor2D,
  h: tf.Tensor2D,
  mask: tf.Tensor2D,
  l: number,
  arch: SurrogateArchitecture,
  p: Param,
  dense: Dense,
  matrices: LayerMatrices,
): tf.Tensor2D {
  let y = dense(z, matrices.w2, matrices.b2, true);
  if (arch.residual) y = tf.add(y, h) as tf.Tensor2D;
  if (arch.norm === 'layer') y = layerNorm(y, p(`gin${l}/ln_gain`) as tf.Tensor1D, p(`gin${l}/ln_bias`) as tf.Tensor1D);
  return tf.mul(y, mask) as tf.Tensor2D;
}

/**
 * For a fixed adjacency A ([N, N], shared by every cell): the sums over predecessors and successors of
 * node embeddings h ([M·N, d], cell-major) as rows [h | Σ_pred h | Σ_succ h], by one product over the
 * node axis with [A | Aᵀ] ([N, 2N], `adjacencyBoth`).
 */
export function joinFixed(
  h: tf.Tensor2D,
  adjacencyBoth: tf.Tensor2D,
  m: number,
  n: number,
  d: number,
  matMul2d: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D,
): tf.Tensor2D {
  const nodeMinor = tf.reshape(tf.transpose(tf.reshape(h, [m, n, d]), [0, 2, 1]), [m * d, n]) as tf.Tensor2D;
  const sums = tf.transpose(tf.reshape(matMul2d(nodeMinor, adjacencyBoth), [m, d, 2 * n]), [0, 2, 1]); // [M, 2N, d]
  const [incoming, outgoing] = tf.split(sums, 2, 1);
  return tf.reshape(tf.concat([tf.reshape(h, [m, n, d]), incoming, outgoing], 2), [m * n, 3 * d]) as tf.Tensor2D;
}

/** [A | Aᵀ] as an [N, 2N] matrix (row i, column j: A[i][j]; column N + j: A[j][i]) from a row-major N×N adjacency. */
export function bothDirections(adjacency: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n * 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * 2 * n + j] = adjacency[i * n + j];
      out[i * 2 * n + n + j] = adjacency[j * n + i];
    }
  }
  return out;
}
