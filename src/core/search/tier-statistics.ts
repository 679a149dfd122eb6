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

/** quantileTiers(items, score, tiers)[0] without sorting the other tiers. */
export function topTier<T>(items: readonly T[], score: (item: T) => number, tiers: number): T[] {
  return bestK(items, Math.round(items.length / tiers), score);
}

/** The `k` best results, best first (stable: among equal scores the earlier stays ahead; failures last). */
export function topByScore<T extends { readonly score: number }>(items: readonly T[], k: number): T[] {
  return bestK(items, k, (item) => item.score);
}

/**
 * items.slice().sort((a, b) => compareDescending(score(a), score(b))).slice(0, k), in O(n log k):
 * a bounded heap keeps the k best seen so far (by score, then by position), then those are sorted.
 */
export function bestK<T>(items: readonly T[], k: number, score: (item: T) => number): T[] {
  const n = items.length;
  k = Math.max(0, Math.min(n, Math.floor(k)));
  if (k === 0) return [];
  if (k * 4 >= n)
    return items
      .slice()
      .sort((a, b) => compareDescending(score(a), score(b)))
      .slice(0, k);
  const value = (i: number): number => {
    const s = score(items[i]);
    return Number.isFinite(s) ? s : -Infinity;
  };
  // Min-heap on (value, then later position first): its top is the worst of the k kept.
  const heap = new Int32Array(k);
  const keys = new Float64Array(k);
  const worse = (a: number, b: number) => keys[a] < keys[b] || (keys[a] === keys[b] && heap[a] > heap[b]);
  const swap = (a: number, b: number) => {
    const h = heap[a];
    heap[a] = heap[b];
    heap[b] = h;
    const v = keys[a];
    keys[a] = keys[b];
    keys[b] = v;
  };
  let size = 0;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (size < k) {
      heap[size] = i;
      keys[size] = v;
      for (let c = size++; c > 0;) {
        const p = (c - 1) >> 1;
        if (!worse(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else if (v > keys[0]) {
      // Equal values never displace: the kept one came earlier.
      heap[0] = i;
      keys[0] = v;
      for (let p = 0; ;) {
        const l = 2 * p + 1,
          r = l + 1;
        let m = p;
        if (l < k && worse(l, m)) m = l;
        if (r < k && worse(r, m)) m = r;
        if (m === p) break;
        swap(p, m);
        p = m;
      }
    }
  }
  const kept = Array.from(heap).sort((a, b) => a - b);
  return kept.sort((a, b) => compareDescending(value(a), value(b))).map((i) => items[i]);
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
        if (v >= 0 && v < k) {
          counts[v]++;
          n++;
        }
      }
      return counts.map((c) => ((1 - noise) * (c + smoothing)) / (n + smoothing * k) + noise / k);
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
