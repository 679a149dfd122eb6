/** A quality tier, 1 (best) to 5, as in NAR: quintiles of the whole space by predicted rank. */
export type QualityTier = 1 | 2 | 3 | 4 | 5;

export const QUALITY_TIERS = 5;

/**
 * The quality tier of a cell from the share of the whole space predicted better than it, in percent
 * (0 = best): tier 1 is the top 20 % (0 ≤ p ≤ 20), tier 2 the next 20 % (20 < p ≤ 40), …, tier 5 the
 * bottom 20 %. Values outside [0, 100] are clamped; NaN is an error.
 */
export function qualityTier(percentBetter: number): QualityTier {
  if (Number.isNaN(percentBetter)) throw new Error('qualityTier: the percentile is NaN');
  const p = Math.max(0, Math.min(100, percentBetter));
  return Math.max(1, Math.min(QUALITY_TIERS, Math.ceil(p / (100 / QUALITY_TIERS)))) as QualityTier;
}
