import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { kendallTau, spearmanRho } from '../../../src/core/metrics';
import { ResampledCorrelation } from '../../../src/core/metrics/resampled-correlation';
import { AGREEMENT_MIN_CELLS, measureAgreement, measureAgreementAsync } from '../../../src/core/results';
import { createRng } from '../../../src/core/rng';

/** Paired samples with ties on both sides (values from a small set) and of any size from 8 to 60. */
const pairs = fc
  .integer({ min: AGREEMENT_MIN_CELLS, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
    ),
  );

test('property: a resample given as weights has the τ-b and ρ of the explicit resample (ties and repeated points included)', () => {
  fc.assert(
    fc.property(pairs, fc.integer(), ([x, y], seed) => {
      const rng = createRng(seed);
      const weights = new Int32Array(x.length);
      for (let i = 0; i < x.length; i++) weights[rng.int(x.length)]++;
      const bx: number[] = [];
      const by: number[] = [];
      weights.forEach((w, i) => {
        for (let k = 0; k < w; k++) {
          bx.push(x[i]);
          by.push(y[i]);
        }
      });
      const fast = new ResampledCorrelation(x, y).compute(weights);
      const [tau, rho] = [kendallTau(bx, by), spearmanRho(bx, by)];
      assert.ok(Number.isNaN(tau) ? Number.isNaN(fast.kendallTau) : Math.abs(fast.kendallTau - tau) < 1e-12, `τ ${fast.kendallTau} vs ${tau}`);
      assert.ok(Number.isNaN(rho) ? Number.isNaN(fast.spearmanRho) : Math.abs(fast.spearmanRho - rho) < 1e-9, `ρ ${fast.spearmanRho} vs ${rho}`);
    }),
    { numRuns: 300 },
  );
});

test('property: the interval contains the point estimate, lies in [-1, 1], and the same seed gives the same result', () => {
  fc.assert(
    fc.property(pairs, fc.integer(), ([x, y], seed) => {
      const a = measureAgreement(x, y, { seed, resamples: 200 });
      if (a.kind === 'not-yet-meaningful') {
        assert.equal(a.reason, 'no-spread');
        assert.ok(x.every((v) => v === x[0]) || y.every((v) => v === y[0]));
        return;
      }
      assert.equal(a.kendallTau.estimate, kendallTau(x, y));
      assert.equal(a.spearmanRho.estimate, spearmanRho(x, y));
      for (const iv of [a.kendallTau, a.spearmanRho]) {
        assert.ok(-1 <= iv.low && iv.low <= iv.estimate && iv.estimate <= iv.high && iv.high <= 1, JSON.stringify(iv));
      }
      assert.deepEqual(measureAgreement(x, y, { seed, resamples: 200 }), a);
    }),
    { numRuns: 200 },
  );
});

test('fewer than 8 measured cells give "not yet meaningful" with the count, never a figure', () => {
  for (const n of [0, 1, 7]) {
    const x = Array.from({ length: n }, (_, i) => i);
    const a = measureAgreement(
      x,
      x.map((v) => v * 2),
    );
    assert.deepEqual(a, {
      kind: 'not-yet-meaningful',
      n,
      reason: 'too-few-cells',
      message: `${n} measured cell${n === 1 ? '' : 's'}; the agreement needs at least 8`,
    });
  }
  const eight = measureAgreement([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7]);
  assert.equal(eight.kind, 'figures');
  const nonFinite = measureAgreement([1, 2, 3, 4, 5, 6, 7, NaN], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(nonFinite.kind === 'not-yet-meaningful' && nonFinite.n, 7);
  const flat = measureAgreement([1, 2, 3, 4, 5, 6, 7, 8], [5, 5, 5, 5, 5, 5, 5, 5]);
  assert.deepEqual(flat.kind === 'not-yet-meaningful' && [flat.reason, flat.message], [
    'no-spread',
    'every measured value is the same, so there is no order to agree with',
  ]);
});

test('the bootstrap is seeded: another seed moves the interval, the point estimate stays; the interval narrows as n grows', () => {
  const rng = createRng(7);
  const sample = (n: number) => {
    const x = Array.from({ length: n }, () => rng.next());
    return [x, x.map((v) => v + 0.3 * rng.normal())];
  };
  const [x, y] = sample(40);
  const a = measureAgreement(x, y, { seed: 1 });
  const b = measureAgreement(x, y, { seed: 2 });
  assert.ok(a.kind === 'figures' && b.kind === 'figures');
  assert.equal(a.kendallTau.estimate, b.kendallTau.estimate);
  assert.notDeepEqual([a.kendallTau.low, a.kendallTau.high], [b.kendallTau.low, b.kendallTau.high]);
  assert.equal(a.level, 0.9);
  assert.equal(a.resamples, 1000);
  const [bx, by] = sample(400);
  const big = measureAgreement(bx, by, { seed: 1 });
  assert.ok(big.kind === 'figures');
  assert.ok(big.kendallTau.high - big.kendallTau.low < a.kendallTau.high - a.kendallTau.low);
});

test('property: the stepwise agreement (a worker yields between resamples) gives the same figures as measureAgreement', async () => {
  await fc.assert(
    fc.asyncProperty(pairs, fc.integer({ min: 0, max: 1000 }), async ([x, y], seed) => {
      let yields = 0;
      const options = { seed, resamples: 120 };
      const stepwise = await measureAgreementAsync(x, y, {
        ...options,
        every: 7,
        between: async () => {
          yields++;
        },
      });
      assert.deepEqual(stepwise, measureAgreement(x, y, options));
      if (stepwise.kind === 'figures') assert.equal(yields, Math.floor(120 / 7));
    }),
    { numRuns: 60 },
  );
  // A throwing `between` stops the computation (a worker drops a stale one).
  const x = Array.from({ length: 20 }, (_, i) => i);
  await assert.rejects(
    measureAgreementAsync(x, x, {
      between: async () => {
        throw new Error('stale');
      },
    }),
    /stale/,
  );
});
