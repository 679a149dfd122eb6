import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng';
import { darts, nb101, nb201 } from '../../../src/core/spaces';
import { relabelNb101, topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import { pruneNb101 } from '../../../src/core/spaces/nb101/prune';
import type { Cell, DartsCell, DartsEdge } from '../../../src/core/spaces/types';
import { editDistance } from '../../../src/core/suggest/edit-distance';
import { nb201LiveEdges } from '../../../src/core/surrogate/nb201-live-edges';

const seeds = fc.integer({ min: 0, max: 1_000_000 });

test('NB-201: a metric over live edges; a neighbour that computes something else is at least 1 away, one that computes the same 0', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const rng = createRng(seed);
      const [a, b, c] = [nb201.sample(rng), nb201.sample(rng), nb201.sample(rng)];
      assert.equal(editDistance(a, a), 0);
      assert.equal(editDistance(a, b), editDistance(b, a));
      assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c));
      for (const n of nb201.neighbours(a)) {
        const d = editDistance(a, n);
        if (nb201.hash(n) === nb201.hash(a)) assert.equal(d, 0, 'a change on a dead edge is no edit');
        // NB-201's hash also tells apart some cells that compute the same function (a dead branch into a
        // node still shows as a zero term): those are 0 apart too.
        else if (nb201LiveEdges(n).ops.join() !== nb201LiveEdges(a).ops.join()) assert.ok(d >= 1);
        else assert.equal(d, 0);
      }
    }),
  );
  const a = { space: 'nb201' as const, ops: ['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'nor_conv_3x3', 'nor_conv_3x3'] };
  const b = { space: 'nb201' as const, ops: ['nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'skip_connect', 'nor_conv_3x3', 'nor_conv_3x3'] };
  assert.equal(editDistance(a, b), 2);
});

test('NB-101: renumbering a cell is no edit, one op change is one, and the distance is symmetric', () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const rng = createRng(seed);
      const a = nb101.sample(rng),
        b = nb101.sample(rng);
      assert.equal(editDistance(a, b), editDistance(b, a));
      const pruned = pruneNb101(a);
      for (const order of topologicalOrders(pruned).slice(0, 6)) assert.equal(editDistance(a, relabelNb101(pruned, order)), 0);
      if (pruned.ops.length > 2) {
        const ops = [...pruned.ops];
        ops[1] = ops[1] === 'conv3x3-bn-relu' ? 'maxpool3x3' : 'conv3x3-bn-relu';
        const changed = { ...pruned, ops };
        if (nb101.hash(changed) !== nb101.hash(pruned)) assert.equal(editDistance(pruned, changed), 1);
      }
    }),
    { numRuns: 40 },
  );
});

test("DARTS: swapping a node's two edges is no edit, one op or one input change is one, and the distance is a metric", () => {
  fc.assert(
    fc.property(seeds, (seed) => {
      const rng = createRng(seed);
      const [a, b, c] = [darts.sample(rng), darts.sample(rng), darts.sample(rng)];
      assert.equal(editDistance(a, b), editDistance(b, a));
      assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c));
      const swapped: DartsCell = { ...a, normal: [a.normal[1], a.normal[0], ...a.normal.slice(2)] as DartsEdge[] };
      assert.equal(editDistance(a, swapped), 0);
      for (const n of darts.neighbours(a)) {
        if (darts.hash(n) !== darts.hash(a)) assert.equal(editDistance(a, n), 1, 'a neighbour is one move away');
      }
    }),
    { numRuns: 30 },
  );
  assert.throws(() => editDistance(nb201.sample(createRng(1)) as Cell, darts.sample(createRng(1))), /no edit distance between a nb201 and a darts cell/);
});
