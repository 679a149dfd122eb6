import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from './config';

/**
 * Ranking losses over one batch. `targets` are the batch's true values (higher = better);
 * for 'mse' they must already be standardised.
 *   pairwise: RankNet / ReNAS logistic loss over every ordered pair, mean of log(1 + e^{-(s_i - s_j)}) for y_i > y_j.
 *   hinge:    mean of max(0, margin - (s_i - s_j)) over the same pairs.
 *   listmle:  Plackett–Luce negative log-likelihood of the true order, per item.
 *   mse:      mean squared error (the regression baseline).
 */
export function rankingLoss(loss: LossName, score: tf.Tensor1D, targets: Float32Array, margin = 0.1): tf.Scalar {
  const b = targets.length;
  if (score.shape[0] !== b) throw new Error(`loss: ${score.shape[0]} scores for ${b} targets`);
  switch (loss) {
    case 'mse':
      return tf.mean(tf.squaredDifference(score, tf.tensor1d(targets)));
    case 'listmle': {
      // Sorting by a constant permutation matrix: Gather's gradient needs a kernel the wasm backend lacks.
      // Callers that pass the batch already sorted (descending targets) skip the matmul.
      let sorted: tf.Tensor1D = score;
      if (!isDescending(targets)) {
        const order = Int32Array.from({ length: b }, (_, i) => i).sort((i, j) => targets[j] - targets[i] || i - j);
        const permutation = new Float32Array(b * b);
        order.forEach((from, to) => {
          permutation[to * b + from] = 1;
        });
        sorted = tf.reshape(tf.matMul(tf.tensor2d(permutation, [b, b]), tf.reshape(score, [b, 1])), [b]);
      }
      // Clamped so that exp() of the lowest scores cannot underflow to 0 and make log() -∞.
      const shifted = tf.maximum(tf.sub(sorted, tf.max(sorted)), -60);
      const tailLogSumExp = tf.log(tf.cumsum(tf.exp(shifted), 0, false, true));
      return tf.mean(tf.sub(tailLogSumExp, shifted));
    }
    case 'pairwise':
    case 'hinge': {
      const weights = new Float32Array(b * b);
      let pairs = 0;
      for (let i = 0; i < b; i++) {
        for (let j = 0; j < b; j++) {
          if (targets[i] > targets[j]) {
            weights[i * b + j] = 1;
            pairs++;
          }
        }
      }
      if (pairs === 0) return tf.mul(tf.sum(score), 0);
      const diff = tf.sub(tf.reshape(score, [b, 1]), tf.reshape(score, [1, b]));
      const perPair = loss === 'pairwise' ? tf.softplus(tf.neg(diff)) : tf.relu(tf.sub(margin, diff));
      return tf.div(tf.sum(tf.mul(perPair, tf.tensor2d(weights, [b, b]))), pairs);
    }
  }
}

function isDescending(values: Float32Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] > values[i - 1]) return false;
  return true;
}

/**
 * NAR-style soft tier labels: tiers are the quantile bands of the training targets (`sortedTrain`,
 * ascending); a value's label is a Gaussian (σ = 0.5 tier) over the tier centres around its
 * fractional tier position.
 */
export function softTierLabels(targets: Float32Array, tiers: number, sortedTrain: Float64Array): Float32Array {
  const out = new Float32Array(targets.length * tiers);
  for (let i = 0; i < targets.length; i++) {
    const position = tiers * empiricalCdf(sortedTrain, targets[i]);
    let total = 0;
    for (let k = 0; k < tiers; k++) {
      const w = Math.exp(-((position - (k + 0.5)) ** 2) / (2 * 0.25));
      out[i * tiers + k] = w;
      total += w;
    }
    for (let k = 0; k < tiers; k++) out[i * tiers + k] /= total;
  }
  return out;
}

/** Fraction of `sorted` below v, ties counted half. */
export function empiricalCdf(sorted: Float64Array, v: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end] === v) end++;
  return (lo + (end - lo) / 2) / sorted.length;
}

/** Soft cross-entropy of tier logits [B, T] against soft labels (row-major B × T). */
export function tierLoss(logits: tf.Tensor2D, labels: Float32Array): tf.Scalar {
  const [b, t] = logits.shape;
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), tf.tensor2d(labels, [b, t]))), b)) as tf.Scalar;
}
