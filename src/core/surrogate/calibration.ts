/**
 * Score → percentile over a reference set of cells (ideally the whole space), from a table of
 * score quantiles. percentile = share of reference cells scoring below, ties counted half.
 */
export interface CalibrationTable {
  readonly space: string;
  /** What the reference set is, e.g. "all 15,625 NB-201 cells". */
  readonly reference: string;
  /** Cells scored to build the table. */
  readonly count: number;
  /** Cells in the whole space, for predicted ranks. */
  readonly spaceSize: number;
  /** Scores at probabilities k / (length − 1), ascending; first = minimum, last = maximum. */
  readonly quantiles: readonly number[];
}

export function buildCalibration(scores: ArrayLike<number>, info: { space: string; reference: string; spaceSize: number }, points = 1001): CalibrationTable {
  if (scores.length === 0) throw new Error('calibration needs at least one reference score');
  const sorted = Float64Array.from(scores).sort();
  const quantiles: number[] = [];
  for (let k = 0; k < points; k++) {
    const pos = (k / (points - 1)) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    quantiles.push(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
  }
  return { ...info, count: scores.length, quantiles };
}

/** Percentile in [0, 100] of one score. */
export function percentileOf(table: CalibrationTable, score: number): number {
  const q = table.quantiles;
  const last = q.length - 1;
  if (score < q[0]) return 0;
  if (score > q[last]) return 100;
  // q[lo] is the first quantile ≥ score, q[hi - 1] the last ≤ score
  let lo = 0,
    hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid] < score) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < q.length && q[end] === score) end++;
  let position: number;
  if (end > lo) position = (lo + end - 1) / 2;
  else position = lo - 1 + (score - q[lo - 1]) / (q[lo] - q[lo - 1]);
  return (100 * position) / last;
}

/** 1-based predicted rank of a score in the whole space (1 = best). */
export function rankOf(table: CalibrationTable, score: number): number {
  return Math.max(1, Math.min(table.spaceSize, Math.round((1 - percentileOf(table, score) / 100) * table.spaceSize) + 1));
}

export function checkCalibration(json: unknown): CalibrationTable {
  const t = json as Partial<CalibrationTable> | null;
  const bad = (why: string): never => {
    throw new Error(`calibration.json: ${why}`);
  };
  if (!t || typeof t !== 'object') bad('expected an object');
  const q = t!.quantiles;
  if (!Array.isArray(q) || q.length < 2) bad('quantiles must be an array of at least 2 scores');
  for (let i = 0; i < q!.length; i++) {
    if (!Number.isFinite(q![i])) bad(`quantile ${i} is not a finite number`);
    if (i > 0 && q![i] < q![i - 1]) bad(`quantiles must be ascending (index ${i})`);
  }
  if (!(Number.isInteger(t!.spaceSize) && t!.spaceSize! > 0)) bad('spaceSize must be a positive integer');
  if (!(Number.isInteger(t!.count) && t!.count! > 0)) bad('count must be a positive integer');
  return t as CalibrationTable;
}
