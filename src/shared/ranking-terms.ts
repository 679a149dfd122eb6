/**
 * The words NAS Lens ranks cells in, one meaning each, for the code, the editor, the panel and the CLI.
 *
 * - **score**: the surrogate's output for a cell. Higher is better; only the order means anything.
 * - **percentile**: the share of the calibration reference cells (ideally the whole space) that score
 *   below the cell, in [0, 100]; 100 = best (`percentileOf` and `Surrogate.percentile` in core/surrogate).
 * - **rank**: the cell's predicted position in the whole space, 1 = best (`rankOf`).
 * - **top %** (`top`): the share of the whole space predicted at least as good as the cell, in
 *   [0, 100]; 0 = best; shown as "Top 2.1%". It is read off a rank (`topOfRank`, the editor and the
 *   panel) or off a percentile (`topOfPercentile`, the worker and the CLI); the two agree up to one
 *   cell of the space. The CLI's `rank` and `search` print it in a column and a JSON field named
 *   `percentile` (README: "share of the whole space predicted better"): an output contract older
 *   than this glossary, kept as it is.
 * - **tier**: a quality tier as in NAR, 1 (best) to k: the quantile tiers of a set of cells by score.
 *   `qualityTier` (core/surrogate/tier.ts) gives the tier of a top % in the whole space (quintiles);
 *   the NAR strategy (core/search/nar-search.ts) splits the cells it has evaluated into tiers.
 * - **band**: the hover's coarse words for a top %: "top 1%", "top 5%", …, "bottom quarter" (`bandOf`).
 */

/** What every face shows of one ranked cell; the faces' row types build on it. */
export interface Prediction {
  readonly score: number;
  /** Predicted rank in the whole space, 1 = best. */
  readonly rank: number;
  /** Top %: share of the whole space predicted at least as good, 0 = best. */
  readonly top: number;
}

/** The top % of a predicted rank: rank 330 of 15,625 is the top 2.1 %. */
export function topOfRank(rank: number, spaceSize: number): number {
  return (100 * rank) / spaceSize;
}

/** The top % of a percentile: the share of the reference set scoring above the cell. */
export function topOfPercentile(percentile: number): number {
  return 100 - percentile;
}

/** The band of a top %, for the hover. */
export function bandOf(top: number): string {
  if (top <= 1) return 'top 1%';
  if (top <= 5) return 'top 5%';
  if (top <= 10) return 'top 10%';
  if (top <= 25) return 'top quarter';
  if (top <= 50) return 'top half';
  if (top <= 75) return 'bottom half';
  return 'bottom quarter';
}
