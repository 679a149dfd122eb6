import { argsortDescending, assertPaired } from './ranks';

/** Size of the top set for a fraction of n: ceil(fraction·n), at least 1. */
export function topCount(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`top fraction must lie in (0, 1], got ${fraction}`);
  return Math.max(1, Math.ceil(fraction * n));
}

/**
 * precision@k%: |true top-k ∩ predicted top-k| / k with k = ceil(fraction·n).
 * Ties at the cut are broken by index, the same way on both sides.
 */
export function precisionAtFraction(truth: ArrayLike<number>, predicted: ArrayLike<number>, fraction: number): number {
  assertPaired(truth, predicted, 'precisionAtFraction');
  const k = topCount(truth.length, fraction);
  const trueTop = new Uint8Array(truth.length);
  const byTruth = argsortDescending(truth);
  for (let i = 0; i < k; i++) trueTop[byTruth[i]] = 1;
  const byPrediction = argsortDescending(predicted);
  let hits = 0;
  for (let i = 0; i < k; i++) hits += trueTop[byPrediction[i]];
  return hits / k;
}

/**
 * NDCG@k with graded relevance from the true ranking: the item of true rank r (1-based) has
 * relevance max(0, k + 1 − r), so only the true top-k counts and its order matters.
 * DCG = Σ_{i<k} rel(predicted i-th) / log2(i + 2), normalised by the ideal DCG.
 */
export function ndcgAtK(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  assertPaired(truth, predicted, 'ndcgAtK');
  if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`NDCG needs a positive integer k, got ${k}`);
  const n = truth.length;
  const depth = Math.min(k, n);
  if (depth === 0) return NaN;
  const relevance = new Float64Array(n);
  const byTruth = argsortDescending(truth);
  for (let r = 0; r < depth; r++) relevance[byTruth[r]] = k - r;
  const byPrediction = argsortDescending(predicted);
  let dcg = 0,
    ideal = 0;
  for (let i = 0; i < depth; i++) {
    const discount = Math.log2(i + 2);
    dcg += relevance[byPrediction[i]] / discount;
    ideal += (k - i) / discount;
  }
  return dcg / ideal;
}
