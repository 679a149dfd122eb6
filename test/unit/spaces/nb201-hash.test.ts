import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nb201 } from '../../../src/core/spaces/nb201';
import { formatArchString, parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import type { Nb201Cell } from '../../../src/core/spaces/types';

const cell = (...ops: string[]): Nb201Cell => ({ space: 'nb201', ops });
const op = fc.constantFrom(...nb201.ops);
const anyCell = fc.array(op, { minLength: 6, maxLength: 6 }).map((ops) => cell(...ops));

test("the hash is NB-201's unique string", () => {
  assert.equal(nb201.hash(cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect')), '#+#+((0)@nor_conv_3x3)@nor_conv_3x3+0');
  assert.equal(nb201.hash(cell('none', 'none', 'none', 'none', 'none', 'none')), '#+#+#');
  assert.equal(nb201.hash(cell('skip_connect', 'none', 'none', 'none', 'none', 'none')), '#+#+#');
  assert.equal(nb201.hash(cell('none', 'none', 'none', 'avg_pool_3x3', 'none', 'none')), '#+#+(0)@avg_pool_3x3');
});

test('ops behind a none cut-off do not change the hash', () => {
  // 0->1 is 'none', so node 1 is zero and the ops on 1->2 and 1->3 are irrelevant.
  fc.assert(
    fc.property(op, op, op, op, op, op, (a, b, c, d, e, f) => {
      assert.equal(nb201.hash(cell('none', a, b, c, d, f)), nb201.hash(cell('none', a, e, c, b, f)));
    }),
  );
  // Everything after a dead node 1 feeding only through a pool is still zero.
  assert.equal(
    nb201.hash(cell('none', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3')),
    nb201.hash(cell('none', 'nor_conv_3x3', 'none', 'skip_connect', 'none', 'nor_conv_3x3')),
  );
});

test('a conv and a skip trade places around a skip edge', () => {
  // conv 0->1 + skip 1->3 + skip 0->3  ==  skip 0->1 + skip 1->3 + conv 0->3, whatever node 2 does
  fc.assert(
    fc.property(op, op, (a, b) => {
      assert.equal(
        nb201.hash(cell('nor_conv_3x3', a, 'none', 'skip_connect', 'skip_connect', b)),
        nb201.hash(cell('skip_connect', a, 'none', 'nor_conv_3x3', 'skip_connect', b)),
      );
    }),
  );
});

test('a skip chain through node 1 is the same as the direct edge', () => {
  // conv 0->1 then skip 1->3  ==  skip 0->1 then conv 1->3  ==  conv 0->3 directly
  const direct = nb201.hash(cell('none', 'none', 'none', 'nor_conv_3x3', 'none', 'none'));
  assert.equal(nb201.hash(cell('nor_conv_3x3', 'none', 'none', 'none', 'skip_connect', 'none')), direct);
  assert.equal(nb201.hash(cell('skip_connect', 'none', 'none', 'none', 'nor_conv_3x3', 'none')), direct);
});

test("equivalence is NB-201's, which keeps some functionally equal cells apart", () => {
  // NB-201 keeps zero terms ('#') in a node's sum and sorts a skipped node's sum as one term, so these
  // pairs compute the same function yet sit in different iso_groups of the benchmark (673 vs 320, 342 vs 14).
  assert.notEqual(
    nb201.hash(cell('nor_conv_3x3', 'nor_conv_1x1', 'none', 'none', 'skip_connect', 'skip_connect')),
    nb201.hash(cell('nor_conv_1x1', 'nor_conv_3x3', 'none', 'none', 'skip_connect', 'skip_connect')),
  );
  assert.notEqual(
    nb201.hash(cell('none', 'nor_conv_3x3', 'none', 'none', 'none', 'skip_connect')),
    nb201.hash(cell('none', 'none', 'none', 'nor_conv_3x3', 'none', 'none')),
  );
});

test('cells that compute different functions get different hashes', () => {
  const base = cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect');
  const hashes = new Set(
    [
      base,
      cell('nor_conv_1x1', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect'),
      cell('nor_conv_3x3', 'none', 'avg_pool_3x3', 'skip_connect', 'none', 'skip_connect'),
      cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'none', 'none', 'skip_connect'),
      cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'skip_connect', 'skip_connect'),
      cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'nor_conv_1x1'),
    ].map((c) => nb201.hash(c)),
  );
  assert.equal(hashes.size, 6);
});

test('the hash survives the arch-string round trip', () => {
  fc.assert(
    fc.property(anyCell, (c) => {
      const text = nb201.toText(c);
      assert.equal(text, formatArchString(c));
      const parsed = parseArchString(text);
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.cell, c);
      assert.equal(nb201.hash(parsed.cell), nb201.hash(c));
    }),
    { numRuns: 500 },
  );
});
