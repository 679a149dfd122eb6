import { assertPaired, averageRanks } from './ranks';

/** Spearman's ρ: Pearson correlation of average ranks (tie-aware). NaN when either side is constant. */
export function spearmanRho(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPaired(x, y, 'spearmanRho');
  if (x.length < 2) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx,
      dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}
