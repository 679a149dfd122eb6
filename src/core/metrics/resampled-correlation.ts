import { assertPaired } from './ranks';

/**
 * Kendall's τ-b and Spearman's ρ of bootstrap resamples of one paired sample, fast: a resample is
 * given as how many times it takes each point (`weights`), and the orders of x and y are sorted once,
 * so each resample costs O(n log n) typed-array work instead of two comparator sorts. A point taken
 * k times is k tied copies, exactly as kendallTau and spearmanRho treat duplicates (tested against them).
 */
export class ResampledCorrelation {
  readonly n: number;
  /** Point indices in ascending (x, y) order. */
  private readonly order: Int32Array;
  /** Per point: the index of its x value among the distinct x values (ascending); same for y. */
  private readonly xGroup: Int32Array;
  private readonly yGroup: Int32Array;
  /** Per point: the index of its (x, y) pair among the distinct pairs. */
  private readonly xyGroup: Int32Array;
  private readonly xGroups: number;
  private readonly yGroups: number;
  private readonly xyGroups: number;
  private readonly tree: Float64Array;
  private readonly xWeight: Float64Array;
  private readonly yWeight: Float64Array;
  private readonly xyWeight: Float64Array;
  private readonly xRank: Float64Array;
  private readonly yRank: Float64Array;

  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    assertPaired(x, y, 'ResampledCorrelation');
    const n = (this.n = x.length);
    this.order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
    this.xGroup = new Int32Array(n);
    this.xyGroup = new Int32Array(n);
    let gx = -1;
    let gxy = -1;
    for (let k = 0; k < n; k++) {
      const i = this.order[k];
      const prev = k > 0 ? this.order[k - 1] : -1;
      if (prev < 0 || x[i] !== x[prev]) gx++;
      if (prev < 0 || x[i] !== x[prev] || y[i] !== y[prev]) gxy++;
      this.xGroup[i] = gx;
      this.xyGroup[i] = gxy;
    }
    const byY = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a] - y[b]);
    this.yGroup = new Int32Array(n);
    let gy = -1;
    for (let k = 0; k < n; k++) {
      if (k === 0 || y[byY[k]] !== y[byY[k - 1]]) gy++;
      this.yGroup[byY[k]] = gy;
    }
    this.xGroups = gx + 1;
    this.yGroups = gy + 1;
    this.xyGroups = gxy + 1;
    this.tree = new Float64Array(this.yGroups + 1);
    this.xWeight = new Float64Array(this.xGroups);
    this.yWeight = new Float64Array(this.yGroups);
    this.xyWeight = new Float64Array(this.xyGroups);
    this.xRank = new Float64Array(this.xGroups);
    this.yRank = new Float64Array(this.yGroups);
  }

  /** τ-b and ρ of the sample that holds point i `weights[i]` times (NaN when a side is constant). */
  compute(weights: ArrayLike<number>): { kendallTau: number; spearmanRho: number } {
    const { n, order, xGroup, yGroup, xyGroup, tree, xWeight, yWeight, xyWeight } = this;
    xWeight.fill(0);
    yWeight.fill(0);
    xyWeight.fill(0);
    tree.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      total += w;
      xWeight[xGroup[i]] += w;
      yWeight[yGroup[i]] += w;
      xyWeight[xyGroup[i]] += w;
    }
    const pairs = (k: number) => (k * (k - 1)) / 2;
    let xTies = 0,
      yTies = 0,
      jointTies = 0;
    for (const w of xWeight) xTies += pairs(w);
    for (const w of yWeight) yTies += pairs(w);
    for (const w of xyWeight) jointTies += pairs(w);

    // Discordant pairs: walking x upwards, each point against the heavier-y points of lower x groups.
    let discordant = 0;
    let inserted = 0;
    for (let start = 0; start < n;) {
      let end = start + 1;
      while (end < n && xGroup[order[end]] === xGroup[order[start]]) end++;
      for (let k = start; k < end; k++) {
        const i = order[k];
        if (weights[i] !== 0) discordant += weights[i] * (inserted - this.prefix(yGroup[i]));
      }
      for (let k = start; k < end; k++) {
        const i = order[k];
        const w = weights[i];
        if (w === 0) continue;
        for (let j = yGroup[i] + 1; j < tree.length; j += j & -j) tree[j] += w;
        inserted += w;
      }
      start = end;
    }
    const all = pairs(total);
    const denominator = Math.sqrt((all - xTies) * (all - yTies));
    const tau = denominator === 0 ? NaN : Math.max(-1, Math.min(1, (all - xTies - yTies + jointTies - 2 * discordant) / denominator));
    return { kendallTau: tau, spearmanRho: this.rho(weights, total) };
  }

  /** Weight inserted with a y group ≤ g. */
  private prefix(g: number): number {
    let sum = 0;
    for (let j = g + 1; j > 0; j -= j & -j) sum += this.tree[j];
    return sum;
  }

  /** Pearson correlation of the average ranks (1-based, ties share the mean position). */
  private rho(weights: ArrayLike<number>, total: number): number {
    const { n, xGroup, yGroup, xWeight, yWeight, xRank, yRank } = this;
    let seen = 0;
    for (let g = 0; g < xWeight.length; g++) {
      xRank[g] = seen + (xWeight[g] + 1) / 2;
      seen += xWeight[g];
    }
    seen = 0;
    for (let g = 0; g < yWeight.length; g++) {
      yRank[g] = seen + (yWeight[g] + 1) / 2;
      seen += yWeight[g];
    }
    const mean = (total + 1) / 2;
    let sxy = 0,
      sxx = 0,
      syy = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      const dx = xRank[xGroup[i]] - mean;
      const dy = yRank[yGroup[i]] - mean;
      sxy += w * dx * dy;
      sxx += w * dx * dx;
      syy += w * dy * dy;
    }
    return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
  }
}
