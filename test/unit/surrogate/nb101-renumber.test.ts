import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng';
import { nb101, pruneNb101 } from '../../../src/core/spaces/nb101';
import { relabelNb101, topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import type { Nb101Cell } from '../../../src/core/spaces/types';
import { renumberedNb101 } from '../../../src/core/surrogate/nb101-renumber';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const validCell = fc.tuple(seed, fc.boolean()).map(([s, grow]) => {
  const rng = createRng(s);
  const cell = nb101.sample(rng);
  return grow ? nb101.mutate(cell, rng) : cell;
});

test('renumbering augmentation: the same cell (canonical hash) as a valid matrix, renumbered by another topological order whenever the cell has one', () => {
  fc.assert(
    fc.property(validCell, seed, (cell, s) => {
      const twin = renumberedNb101(cell, createRng(s));
      assert.deepEqual(nb101.validate(twin), []);
      assert.equal(nb101.hash(twin), nb101.hash(cell));
      const pruned = pruneNb101(cell);
      assert.deepEqual([...twin.ops].sort(), [...pruned.ops].sort());
      const others = topologicalOrders(pruned).filter((order) => order.some((old, k) => old !== k));
      if (others.length) assert.ok(others.some((order) => isDeepStrictEqual(relabelNb101(pruned, order), twin)));
      else assert.deepEqual(twin, pruned);
    }),
    { numRuns: 300 },
  );
});

test('renumbering augmentation: a cell with parallel branches gets each other numbering, seeded', () => {
  // input → a, input → b, input → output, a → output, b → output: two interior vertices in either order
  const matrix = [
    [0, 1, 1, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
  ];
  const cell: Nb101Cell = { space: 'nb101', matrix, ops: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'] };
  const twin = renumberedNb101(cell, createRng(1));
  assert.deepEqual(twin.ops, ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output']);
  assert.deepEqual(twin.matrix, cell.matrix);
  assert.equal(nb101.hash(twin), nb101.hash(cell));
  assert.deepEqual(renumberedNb101(cell, createRng(1)), twin);
});
