import { averageRanks, spearmanRho } from '../metrics';

/** Scores with their per-cell spread; the spread is 0 for a one-member model. */
export interface ScoresWithSpread {
  readonly scores: Float32Array;
  readonly spreads: Float32Array;
}

/**
 * The mean of member scores as the ensemble scorer computes it (float32 sums in member order, then
 * a float32 division), and the population standard deviation around it.
 */
export function meanAndSpread(members: readonly Float32Array[]): ScoresWithSpread {
  const k = members.length;
  if (k === 0) throw new Error('an ensemble needs at least one member');
  const n = members[0].length;
  const scores = new Float32Array(n);
  const spreads = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = members[0][i];
    for (let m = 1; m < k; m++) sum = Math.fround(sum + members[m][i]);
    const mean = Math.fround(sum / k);
    scores[i] = mean;
    if (k > 1) {
      let variance = 0;
      for (let m = 0; m < k; m++) variance += (members[m][i] - mean) ** 2;
      spreads[i] = Math.sqrt(variance / k);
    }
  }
  return { scores, spreads };
}

export interface SpreadCheck {
  /** Held-out cells. */
  readonly n: number;
  /** Spearman ρ between each cell's spread and its absolute rank error (both on the percentile scale). */
  readonly spreadErrorRho: number;
  /** Share of cells whose true percentile lies within the predicted percentile ± 2·spread. */
  readonly coverage2Spread: number;
  /** Median spread and median absolute error, percentile points (0–100). */
  readonly medianSpread: number;
  readonly medianAbsoluteError: number;
}

/**
 * Whether an ensemble's spread means something on labelled held-out cells. Everything is put on the
 * percentile scale of the held-out set (0–100), where truth and prediction are comparable: the ensemble's
 * predicted percentile (from the mean score), each member's percentile (from its own score), the spread
 * (standard deviation of the members' percentiles) and the true percentile (from the targets).
 */
export function checkSpread(targets: ArrayLike<number>, memberScores: readonly Float32Array[]): SpreadCheck {
  const n = targets.length;
  if (memberScores.length < 2) throw new Error('checkSpread needs an ensemble of at least 2 members');
  if (memberScores.some((s) => s.length !== n)) throw new Error(`checkSpread: ${n} targets but member scores of other lengths`);
  const percentiles = (values: ArrayLike<number>) => Float64Array.from(averageRanks(values), (r) => (100 * (r - 0.5)) / n);
  const mean = new Float64Array(n);
  for (const s of memberScores) for (let i = 0; i < n; i++) mean[i] += s[i] / memberScores.length;
  const predicted = percentiles(mean);
  const truth = percentiles(targets);
  const spread = meanAndSpread(memberScores.map((s) => Float32Array.from(percentiles(s)))).spreads;
  const error = Float64Array.from(predicted, (p, i) => Math.abs(p - truth[i]));
  let covered = 0;
  for (let i = 0; i < n; i++) if (error[i] <= 2 * spread[i]) covered++;
  const median = (v: ArrayLike<number>) => {
    const s = Array.from(v).sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return {
    n,
    spreadErrorRho: spearmanRho(spread, error),
    coverage2Spread: covered / n,
    medianSpread: median(spread),
    medianAbsoluteError: median(error),
  };
}
