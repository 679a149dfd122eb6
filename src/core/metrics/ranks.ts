/** Indices 0..n-1 sorted by value ascending (ties by index, so the order is deterministic). */
export function argsortAscending(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order;
}

/** Indices sorted by value descending (ties by index). */
export function argsortDescending(values: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[b] - values[a] || a - b);
  return order;
}

/** 1-based average ranks (ties share the mean of their positions), ascending. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = argsortAscending(values);
  const ranks = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + end + 1) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

export function assertPaired(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: the two score lists differ in length (${a.length} vs ${b.length})`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) throw new RangeError(`${what}: non-finite score at index ${i}`);
  }
}
