import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { assignFolds, foldCount } from '../../../src/core/fit/folds';
import { crossValidatedTau, distinctPairs } from '../../../src/core/fit/cv-tau';
import { measuredSet } from '../../../src/core/fit/measured';
import { FitInputError } from '../../../src/core/fit/types';
import type { MeasuredCell } from '../../../src/core/results/types';
import { createRng } from '../../../src/core/rng';
import { nb201 } from '../../../src/core/spaces';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import type { Nb201Cell } from '../../../src/core/spaces/types';

test('a key never spans two folds, fold sizes differ by at most one, and the seed fixes the assignment', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 120 }), fc.integer({ min: 2, max: 8 }), fc.integer(), (ids, k, seed) => {
      const keys = ids.map((i) => `cell-${i}`);
      const distinct = new Set(keys).size;
      if (distinct < k) {
        assert.throws(() => assignFolds(keys, k, createRng(seed)), /cannot fill/);
        return;
      }
      const folds = assignFolds(keys, k, createRng(seed));
      const foldOfKey = new Map<string, number>();
      keys.forEach((key, i) => {
        assert.ok(folds[i] >= 0 && folds[i] < k);
        if (foldOfKey.has(key)) assert.equal(folds[i], foldOfKey.get(key), `${key} is in two folds`);
        foldOfKey.set(key, folds[i]);
      });
      const sizes = Array.from({ length: k }, (_, f) => [...foldOfKey.values()].filter((x) => x === f).length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `distinct cells per fold ${sizes}`);
      assert.deepEqual(assignFolds(keys, k, createRng(seed)), folds);
    }),
  );
});

test('fold count keeps at least 4 distinct cells per fold, and 2 folds at the least', () => {
  assert.equal(foldCount(10, 5), 2);
  assert.equal(foldCount(19, 5), 4);
  assert.equal(foldCount(25, 5), 5);
  assert.equal(foldCount(200, 5), 5);
  assert.equal(foldCount(8, 5), 2);
});

const cell = (arch: string): Nb201Cell => {
  const parsed = parseArchString(arch);
  assert.ok(parsed.ok);
  return parsed.cell;
};
const measured = (c: Nb201Cell, mean: number, runs = 1, metric = 'test_acc'): MeasuredCell => ({
  space: 'nb201',
  hash: nb201.hash(c),
  cell: c,
  metric,
  mean,
  std: 0,
  runs,
});

test('isomorphic cells that come in separately become one cell of the fit (so one fold), their means pooled by runs', () => {
  // The 0->1 edge feeds node 1, which reaches the output only through a 'none' edge: both cells compute the same function.
  const a = cell('|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|');
  const b = cell('|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|');
  assert.equal(nb201.hash(a), nb201.hash(b), 'the fixture cells must be isomorphic');
  const c = cell('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
  const set = measuredSet([measured(a, 70, 1), measured(c, 71, 2), measured(b, 73, 2)]);
  assert.equal(set.cells.length, 2);
  assert.equal(set.runs, 5);
  const i = set.keys.indexOf(nb201.hash(a));
  assert.ok(Math.abs(set.values[i] - (70 + 2 * 73) / 3) < 1e-5);
  const folds = assignFolds(set.keys, 2, createRng(1));
  assert.notEqual(folds[0], folds[1]);
});

test('measured input the fit cannot use is refused with the reason', () => {
  const a = cell('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
  const b = cell('|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
  assert.throws(
    () => measuredSet([]),
    (e: Error) => e instanceof FitInputError && /no measured cells/.test(e.message),
  );
  assert.throws(() => measuredSet([measured(a, 1), measured(b, 1)]), /all have the same value/);
  assert.throws(() => measuredSet([measured(a, 1), measured(b, NaN)]), /measured cell 2 .*non-finite mean/);
  assert.throws(() => measuredSet([measured(a, 1), measured(b, 2, 1, 'val_acc')]), /measured by 'val_acc'; a fit ranks by one metric \('test_acc'\)/);
  const darts = { ...measured(b, 2), space: 'darts' as const };
  assert.throws(() => measuredSet([measured(a, 1), darts]), /is a darts cell; a fit is for one space \(nb201\)/);
  const bad = { ...measured(a, 2), cell: { space: 'nb201' as const, ops: ['conv', 'none', 'none', 'none', 'none', 'none'] } };
  assert.throws(() => measuredSet([measured(b, 1), bad]), /measured cell 2 .* is not a valid NAS-Bench-201 cell: unknown op 'conv'/);
});

test('cross-validated τ: τ-b within each fold, weighted by its pairs of different values', () => {
  // Fold 1: perfect (3 pairs); fold 2: reversed (1 pair) → (3·1 + 1·(−1)) / 4.
  assert.equal(
    crossValidatedTau([
      { truth: [1, 2, 3], scores: [0.1, 0.2, 0.3] },
      { truth: [1, 2], scores: [5, 4] },
    ]),
    0.5,
  );
  // A fold of equal values has no pair and does not count; constant scores rank nothing (τ 0).
  assert.equal(
    crossValidatedTau([
      { truth: [1, 1, 1], scores: [1, 2, 3] },
      { truth: [1, 2, 3], scores: [3, 2, 1] },
    ]),
    -1,
  );
  assert.equal(
    crossValidatedTau([
      { truth: [1, 2, 3], scores: [7, 7, 7] },
      { truth: [1, 2], scores: [1, 2] },
    ]),
    0.25,
  );
  assert.ok(Number.isNaN(crossValidatedTau([{ truth: [4, 4], scores: [1, 2] }])));
  assert.equal(distinctPairs([1, 1, 2, 3]), 5);
});
