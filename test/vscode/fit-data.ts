// A small NB-201 results fixture made here (not benchmark data): distinct cells from a seeded
// generator, "their" metric rewarding average pooling — a setting the fixture models never saw.
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

/** `count` NB-201 arch strings (a seeded linear congruential generator; no two equal). */
export function archStrings(count: number, seed = 7): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const out = new Set<string>();
  while (out.size < count) {
    const ops = Array.from({ length: 6 }, () => OPS[next() % OPS.length]);
    // Every cell keeps a path from input to output (edge 0→3 never 'none').
    if (ops[3] === 'none') ops[3] = 'nor_conv_3x3';
    out.add(`|${ops[0]}~0|+|${ops[1]}~0|${ops[2]}~1|+|${ops[3]}~0|${ops[4]}~1|${ops[5]}~2|`);
  }
  return [...out];
}

/** "Their" test accuracy of an arch string: 60 + 3 per avg_pool_3x3 + 1 per skip_connect − 2 per none. */
export function theirAccuracy(arch: string): number {
  const count = (op: string) => arch.split(op).length - 1;
  return 60 + 3 * count('avg_pool_3x3') + count('skip_connect') - 2 * count('none~');
}

/** One results line per cell (test_acc), and a second metric (short_acc) on the first `short` cells only. */
export function resultsLines(archs: readonly string[], short = 0): string {
  return archs
    .map((arch, i) => {
      const acc = theirAccuracy(arch);
      const metrics = i < short ? `{"test_acc": ${acc}, "short_acc": ${acc - 5}}` : `{"test_acc": ${acc}}`;
      return `{"cell": "${arch}", "metrics": ${metrics}, "seed": 1, "source": "fit-e2e"}\n`;
    })
    .join('');
}
