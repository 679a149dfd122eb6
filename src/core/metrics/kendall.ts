import { assertPaired } from './ranks';

/**
 * Kendall's τ-b (tie-corrected) in O(n log n) (Knight's algorithm): sort by (x, y), count
 * discordant pairs as inversions of y with a merge sort. NaN when either side is constant.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPaired(x, y, 'kendallTau');
  const n = x.length;
  if (n < 2) return NaN;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);

  let xTies = 0;
  let jointTies = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && x[order[end]] === x[order[start]]) end++;
    xTies += pairs(end - start);
    for (let s = start; s < end;) {
      let e = s + 1;
      while (e < end && y[order[e]] === y[order[s]]) e++;
      jointTies += pairs(e - s);
      s = e;
    }
    start = end;
  }

  const ys = Float64Array.from(order, (i) => y[i]);
  const discordant = countInversions(ys);
  // ys is now sorted ascending
  let yTies = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && ys[end] === ys[start]) end++;
    yTies += pairs(end - start);
    start = end;
  }

  const total = pairs(n);
  const concordantMinusDiscordant = total - xTies - yTies + jointTies - 2 * discordant;
  const denominator = Math.sqrt((total - xTies) * (total - yTies));
  return denominator === 0 ? NaN : Math.max(-1, Math.min(1, concordantMinusDiscordant / denominator));
}

function pairs(k: number): number {
  return (k * (k - 1)) / 2;
}

/** Number of pairs i < j with a[i] > a[j] (strict); sorts `a` in place. */
function countInversions(a: Float64Array): number {
  const buffer = new Float64Array(a.length);
  let inversions = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length - width; lo += 2 * width) {
      const mid = lo + width;
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo,
        j = mid,
        k = lo;
      while (i < mid && j < hi) {
        if (a[j] < a[i]) {
          inversions += mid - i;
          buffer[k++] = a[j++];
        } else buffer[k++] = a[i++];
      }
      while (i < mid) buffer[k++] = a[i++];
      while (j < hi) buffer[k++] = a[j++];
      for (let t = lo; t < hi; t++) a[t] = buffer[t];
    }
  }
  return inversions;
}
