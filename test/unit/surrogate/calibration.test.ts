import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildCalibration, percentileOf, rankOf } from '../../../src/core/surrogate/calibration';

const info = { space: 'nb201', reference: 'test', spaceSize: 1000 };

test('percentiles are monotone and match the share of reference scores below', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 50, maxLength: 400 }),
      fc.double({ min: -6, max: 6, noNaN: true }),
      fc.double({ min: -6, max: 6, noNaN: true }),
      (ref, a, b) => {
        const t = buildCalibration(ref, info, 2001);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return percentileOf(t, lo) <= percentileOf(t, hi) + 1e-9;
      },
    ),
  );
  const ref = Array.from({ length: 1000 }, (_, i) => i);
  const t = buildCalibration(ref, info);
  assert.ok(Math.abs(percentileOf(t, 250) - 25) < 0.2);
  assert.equal(rankOf(t, 2000), 1);
  assert.equal(rankOf(t, -1), 1000);
});

test('a score shared by many reference cells sits in the middle of their band', () => {
  const ref = [...Array(600).fill(0), ...Array.from({ length: 400 }, (_, i) => 1 + i)];
  const t = buildCalibration(ref, info);
  assert.ok(Math.abs(percentileOf(t, 0) - 30) < 0.2, `got ${percentileOf(t, 0)}`);
});
