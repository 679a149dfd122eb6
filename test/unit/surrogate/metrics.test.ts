import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { kendallTau, ndcgAtK, precisionAtFraction, spearmanRho } from '../../../src/core/metrics';

/** τ-b by definition, O(n²). */
function bruteKendall(x: number[], y: number[]): number {
  let c = 0,
    d = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const a = Math.sign(x[i] - x[j]),
        b = Math.sign(y[i] - y[j]);
      if (a === 0 && b === 0) continue;
      if (a === 0) tx++;
      else if (b === 0) ty++;
      else if (a === b) c++;
      else d++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

function bruteSpearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => v.map((a) => v.filter((b) => b < a).length + (v.filter((b) => b === a).length + 1) / 2);
  const rx = rank(x),
    ry = rank(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx),
    my = mean(ry);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  rx.forEach((_, i) => {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

// Small integer ranges force ties.
const pairs = fc
  .integer({ min: 2, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }),
    ),
  );

const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) < 1e-9;

test('kendallTau equals the O(n²) τ-b, ties included', () => {
  fc.assert(
    fc.property(pairs, ([x, y]) => close(kendallTau(x, y), bruteKendall(x, y))),
    { numRuns: 500 },
  );
});

test('kendallTau on known values', () => {
  assert.equal(kendallTau([1, 2, 3, 4], [1, 2, 3, 4]), 1);
  assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // scipy.stats.kendalltau([1,2,2,3],[1,3,2,2]) = 0.4 (τ-b with ties in both)
  assert.ok(Math.abs(kendallTau([1, 2, 2, 3], [1, 3, 2, 2]) - 0.4) < 1e-12);
  assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
});

test('spearmanRho equals Pearson of average ranks', () => {
  fc.assert(
    fc.property(pairs, ([x, y]) => close(spearmanRho(x, y), bruteSpearman(x, y))),
    { numRuns: 300 },
  );
});

test('precision@k% counts the overlap of true and predicted top sets', () => {
  const truth = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  assert.equal(precisionAtFraction(truth, truth, 0.1), 1);
  assert.equal(
    precisionAtFraction(
      truth,
      truth.map((v) => -v),
      0.2,
    ),
    0,
  );
  assert.equal(precisionAtFraction(truth, [10, 1, 8, 7, 6, 5, 4, 3, 2, 9], 0.2), 0.5);
  fc.assert(
    fc.property(pairs, ([x, y]) => {
      const p = precisionAtFraction(x, y, 0.1);
      return p >= 0 && p <= 1;
    }),
  );
});

test('NDCG@k is 1 for the true order, below 1 when the top is shuffled', () => {
  const truth = Array.from({ length: 200 }, (_, i) => i);
  assert.equal(ndcgAtK(truth, truth, 100), 1);
  const swapped = truth.slice();
  [swapped[199], swapped[198]] = [swapped[198], swapped[199]];
  const v = ndcgAtK(truth, swapped, 100);
  assert.ok(v < 1 && v > 0.99, `got ${v}`);
  assert.equal(
    ndcgAtK(
      truth,
      truth.map((t) => -t),
      100,
    ),
    0,
  );
});
