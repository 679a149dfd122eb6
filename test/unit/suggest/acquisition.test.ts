import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { acquire, expectedImprovement, normalCdf, normalPdf } from '../../../src/core/suggest/acquisition';

const close = (a: number, b: number, tol = 1e-7) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('ucb and greedy by hand', () => {
  assert.equal(acquire({ kind: 'greedy' }, 0.7, 0.3), 0.7);
  close(acquire({ kind: 'ucb', kappa: 2 }, 0.7, 0.3), 1.3);
  close(acquire({ kind: 'ucb', kappa: 0 }, 0.7, 0.3), 0.7);
});

test('expected improvement by hand: E[max(X − best, 0)], X ~ N(mean, spread²)', () => {
  // mean 1, spread 0.5, best 0.8: z = 0.4, Φ(0.4) = 0.6554217416, φ(0.4) = 0.3682701403
  close(expectedImprovement(1, 0.5, 0.8), 0.2 * 0.6554217416 + 0.5 * 0.3682701403, 1e-6);
  close(acquire({ kind: 'ei', best: 0.8 }, 1, 0.5), 0.3152194185, 1e-6);
  // at the best: spread · φ(0)
  close(expectedImprovement(0, 1, 0), 1 / Math.sqrt(2 * Math.PI));
  // far below the best: tiny but positive (φ(5) − 5·(1 − Φ(5)) = 5.3462e-8)
  close(expectedImprovement(-5, 1, 0) / 5.34616e-8, 1, 1e-4);
  // no spread: the plain improvement
  assert.equal(expectedImprovement(1.5, 0, 1), 0.5);
  assert.equal(expectedImprovement(0.5, 0, 1), 0);
});

test('Φ and φ at known points', () => {
  close(normalCdf(0), 0.5);
  close(normalCdf(1), 0.8413447461);
  close(normalCdf(-1.96), 0.0249978952);
  close(normalCdf(-3), 0.001349898, 1e-9);
  close(normalCdf(-10) / 7.6198530242e-24, 1, 1e-8);
  close(normalPdf(1), 0.2419707245);
});

test('expected improvement is never negative and grows with the mean and (at fixed mean) with the spread', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -20, max: 20, noNaN: true }),
      fc.double({ min: 0.001, max: 10, noNaN: true }),
      fc.double({ min: -20, max: 20, noNaN: true }),
      (mean, spread, best) => {
        const ei = expectedImprovement(mean, spread, best);
        assert.ok(ei >= 0);
        assert.ok(ei >= Math.max(mean - best, 0) - 1e-9, 'EI ≥ the plain improvement');
        assert.ok(expectedImprovement(mean + 0.5, spread, best) >= ei - 1e-12);
        assert.ok(expectedImprovement(mean, spread * 1.5, best) >= ei - 1e-12);
      },
    ),
  );
});
