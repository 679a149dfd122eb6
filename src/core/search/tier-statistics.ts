import type { Rng } from '../rng';

/**
 * Splits items into `tiers` quantile tiers by score, best tier first (tier sizes differ by at
 * most one; failed, non-finite scores rank last).
 */
export function quantileTiers<T>(items: readonly T[], score: (item: T) => number, tiers: number): T[][] {
  const sorted = items.slice().sort((a, b) => compareDescending(score(a), score(b)));
  const out: T[][] = [];
  for (let t = 0; t < tiers; t++) {
    out.push(sorted.slice(Math.round((t * sorted.length) / tiers), Math.round(((t + 1) * sorted.length) / tiers)));
  }
  return out;
}

/** The `k` best results, best first (stable: among equal scores the earlier stays ahead; failures last). */
export function topByScore<T extends { readonly score: number }>(items: readonly T[], k: number): T[] {
  return items.slice().sort((a, b) => compareDescending(a.score, b.score)).slice(0, k);
}

/** Sort comparator: higher scores first, non-finite scores last, equal scores keep their order. */
export function compareDescending(a: number, b: number): number {
  const x = Number.isFinite(a) ? a : -Infinity;
  const y = Number.isFinite(b) ? b : -Infinity;
  return x === y ? 0 : x > y ? -1 : 1;
}

/**
 * Per-slot categorical distributions counted from rows of slot values (Laplace-smoothed) and
 * mixed with the uniform distribution: p = (1 - noise)·(count + smoothing)/(rows + smoothing·k) + noise/k.
 */
export class SlotDistribution {
  private readonly probs: Float64Array[];

  constructor(sizes: readonly number[], rows: readonly (readonly number[])[], noise: number, smoothing = 1) {
    this.probs = sizes.map((k, slot) => {
      const counts = new Float64Array(k);
      let n = 0;
      for (const row of rows) {
        const v = row[slot];
        if (v >= 0 && v < k) { counts[v]++; n++; }
      }
      return counts.map((c) => (1 - noise) * (c + smoothing) / (n + smoothing * k) + noise / k);
    });
  }

  prob(slot: number, value: number): number {
    return this.probs[slot][value] ?? 0;
  }

  /** Sum of log-probabilities of a row of slot values (out-of-vocabulary values count as the uniform share). */
  logLikelihood(values: readonly number[]): number {
    let sum = 0;
    values.forEach((v, slot) => {
      const p = this.probs[slot];
      sum += Math.log(v >= 0 && v < p.length ? p[v] : 1 / p.length);
    });
    return sum;
  }

  /** A value of `slot` drawn from its distribution, never `exclude` (when another value exists). */
  draw(slot: number, rng: Rng, exclude?: number): number {
    const p = this.probs[slot];
    let total = 0;
    for (let v = 0; v < p.length; v++) if (v !== exclude) total += p[v];
    if (!(total > 0)) return exclude === 0 && p.length > 1 ? 1 : 0;
    let u = rng.next() * total;
    for (let v = 0; v < p.length; v++) {
      if (v === exclude) continue;
      u -= p[v];
      if (u < 0) return v;
    }
    for (let v = p.length - 1; v >= 0; v--) if (v !== exclude) return v;
    return 0;
  }
}
