import type { Rng } from '../rng';

/**
 * k-fold assignment for cross-validation that never splits a canonical cell: items with the same
 * key (isomorphic or repeated cells) share one fold. Distinct keys are shuffled with the seed and
 * dealt out in turn, so fold sizes (in distinct cells) differ by at most one. Folds are not
 * stratified by value: the pairs inside a fold are then a fair sample of all pairs, the ones a
 * ranking is judged on.
 */
export function assignFolds(keys: readonly string[], k: number, rng: Rng): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`cross-validation needs at least 2 folds, got ${k}`);
  const distinct = [...new Set(keys)];
  if (distinct.length < k) throw new RangeError(`${distinct.length} distinct cells cannot fill ${k} folds`);
  const foldOfKey = new Map<string, number>();
  rng.shuffle(distinct).forEach((key, i) => foldOfKey.set(key, i % k));
  return Int32Array.from(keys, (key) => foldOfKey.get(key)!);
}

/** A fold count that leaves at least `minPerFold` distinct cells in each fold: min(wanted, ⌊cells / minPerFold⌋), at least 2. */
export function foldCount(distinctCells: number, wanted: number, minPerFold = 4): number {
  return Math.max(2, Math.min(wanted, Math.floor(distinctCells / minPerFold)));
}
