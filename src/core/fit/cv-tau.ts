import { kendallTau } from '../metrics/kendall';

/** One held-out fold: the measured values and a model's scores of its cells. */
export interface FoldScores {
  readonly truth: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
}

/**
 * Cross-validated Kendall τ: τ-b within each held-out fold (only cells of one fold are compared,
 * all scored by the same model), averaged with each fold weighted by its pairs of distinct measured
 * values. A fold whose scores are all equal ranks nothing (τ 0). NaN when no fold has a pair.
 */
export function crossValidatedTau(folds: readonly FoldScores[]): number {
  let sum = 0;
  let weight = 0;
  for (const fold of folds) {
    const w = distinctPairs(fold.truth);
    if (w === 0) continue;
    const tau = kendallTau(fold.truth, fold.scores);
    sum += w * (Number.isNaN(tau) ? 0 : tau);
    weight += w;
  }
  return weight > 0 ? sum / weight : NaN;
}

/** Pairs of entries with different values. */
export function distinctPairs(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  let tied = 0;
  for (const c of counts.values()) tied += (c * (c - 1)) / 2;
  return (values.length * (values.length - 1)) / 2 - tied;
}
