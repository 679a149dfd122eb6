import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownValue, ownWholeNumber } from '../../../src/shared/own-args';

test('a key counts only as an own property', () => {
  const inherited = Object.create({ count: 3, space: 'nb201' }) as Record<string, unknown>;
  assert.equal(ownValue(inherited, 'space'), undefined);
  assert.equal(ownWholeNumber(inherited, 'count', 1), undefined);
  assert.equal(ownValue({ space: 'nb201' }, 'space'), 'nb201');
  assert.equal(ownValue({}, 'toString'), undefined);
});

test('a number counts only when whole and within its limits', () => {
  assert.equal(ownWholeNumber({ n: 5 }, 'n', 1, 10), 5);
  for (const n of [0, 11, 2.5, Number.NaN, Infinity, '5', null]) assert.equal(ownWholeNumber({ n }, 'n', 1, 10), undefined, String(n));
  assert.equal(ownWholeNumber({ n: 2 ** 40 }, 'n', 0), 2 ** 40);
});
