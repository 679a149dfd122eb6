import { averageRanks, spearmanRho } from '../metrics';

/**
 * An ensemble's spread per cell: the standard deviation (over members, population form) of the members'
 * scores on their common scale (Scorer.memberScores). 0 for a single network.
 */
export function memberSpread(memberScores: readonly Float32Array[]): Float32Array {
  const k = memberScores.length;
  if (k === 0) throw new Error('memberSpread: no members');
  const n = memberScores[0].length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (const s of memberScores) mean += s[i];
    mean /= k;
    let variance = 0;
    for (const s of memberScores) variance += (s[i] - mean) ** 2;
    out[i] = Math.sqrt(variance / k);
  }
  return out;
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
  const spread = memberSpread(memberScores.map((s) => Float32Array.from(percentiles(s))));
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
