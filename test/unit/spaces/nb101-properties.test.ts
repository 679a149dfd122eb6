import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng';
import { canonicalNb101, nb101, pruneNb101 } from '../../../src/core/spaces/nb101';
import { relabelNb101 } from '../../../src/core/spaces/nb101/canonical';
import { formatCompact, parseCompact } from '../../../src/core/spaces/nb101/compact';
import { hasErrors, type Nb101Cell } from '../../../src/core/spaces/types';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
/** Valid cells as the space samples them, plus one mutation step so larger cells are well represented. */
const validCell = fc.tuple(seed, fc.boolean()).map(([s, grow]) => {
  const rng = createRng(s);
  const cell = nb101.sample(rng);
  return grow ? nb101.mutate(cell, rng) : cell;
});

/** A random topological order of the interior vertices (input and output stay first and last). */
function randomTopologicalOrder(cell: Nb101Cell, s: number): number[] {
  const rng = createRng(s);
  const v = cell.ops.length;
  const order = [0];
  const placed = new Set(order);
  while (order.length < v - 1) {
    const ready = [];
    for (let x = 1; x < v - 1; x++) {
      if (placed.has(x)) continue;
      let free = true;
      for (let u = 1; u < v - 1; u++) if (cell.matrix[u][x] && !placed.has(u)) free = false;
      if (free) ready.push(x);
    }
    const next = rng.pick(ready);
    order.push(next);
    placed.add(next);
  }
  return [...order, v - 1];
}

test('compact text round trip keeps the hash', () => {
  fc.assert(
    fc.property(validCell, (cell) => {
      const [v, bits, digits] = formatCompact(cell).split(':');
      const parsed = parseCompact(Number(v), bits, digits);
      assert.ok(parsed.ok);
      assert.equal(nb101.hash(parsed.cell), nb101.hash(cell));
      assert.deepEqual(parsed.cell, cell);
    }),
    { numRuns: 200 },
  );
});

test('a topological relabelling of the interior vertices keeps hash, cost and canonical form', () => {
  fc.assert(
    fc.property(validCell, seed, (cell, s) => {
      const relabelled = relabelNb101(cell, randomTopologicalOrder(cell, s));
      for (let i = 0; i < relabelled.ops.length; i++) for (let j = 0; j <= i; j++) assert.equal(relabelled.matrix[i][j], 0);
      assert.deepEqual(nb101.validate(relabelled), []);
      assert.equal(nb101.hash(relabelled), nb101.hash(cell));
      assert.deepEqual(nb101.cost(relabelled), nb101.cost(cell));
      assert.deepEqual(canonicalNb101(relabelled), canonicalNb101(cell));
    }),
    { numRuns: 200 },
  );
});

test('changing one interior op changes the hash', () => {
  fc.assert(
    fc.property(validCell, seed, (cell, s) => {
      fc.pre(cell.ops.length > 2);
      const rng = createRng(s);
      const vertex = 1 + rng.int(cell.ops.length - 2);
      const ops = cell.ops.slice();
      ops[vertex] = rng.pick(nb101.ops.filter((op) => op !== ops[vertex]));
      const changed: Nb101Cell = { ...cell, ops };
      assert.notEqual(nb101.hash(changed), nb101.hash(cell));
    }),
    { numRuns: 200 },
  );
});

test('neighbours and mutations of random cells are valid, pruned, distinct and new', () => {
  fc.assert(
    fc.property(validCell, seed, (cell, s) => {
      const own = nb101.hash(cell);
      const hashes = nb101.neighbours(cell).map((n) => {
        assert.deepEqual(nb101.validate(n), []);
        return nb101.hash(n);
      });
      assert.equal(new Set(hashes).size, hashes.length);
      assert.ok(!hashes.includes(own));
      const child = nb101.mutate(cell, createRng(s));
      assert.deepEqual(nb101.validate(child), []);
      assert.notEqual(nb101.hash(child), own);
    }),
    { numRuns: 60 },
  );
});

test('any valid 7-vertex matrix hashes, encodes and costs like its pruned form', () => {
  const sevenVertexCell = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 21, maxLength: 21 }), fc.array(fc.constantFrom(...nb101.ops), { minLength: 5, maxLength: 5 }))
    .map(([bits, ops]): Nb101Cell => {
      const matrix = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
      let k = 0;
      for (let i = 0; i < 7; i++) for (let j = i + 1; j < 7; j++) matrix[i][j] = bits[k++];
      return { space: 'nb101', matrix, ops: ['input', ...ops, 'output'] };
    });
  fc.assert(
    fc.property(sevenVertexCell, (cell) => {
      fc.pre(!hasErrors(nb101.validate(cell)));
      const pruned = pruneNb101(cell);
      assert.deepEqual(nb101.validate(pruned), []);
      assert.equal(nb101.hash(cell), nb101.hash(pruned));
      assert.deepEqual(nb101.encode(cell), nb101.encode(pruned));
      assert.deepEqual(nb101.cost(cell), nb101.cost(pruned));
      assert.equal(nb101.toText(cell), formatCompact(pruned));
    }),
    { numRuns: 300 },
  );
});

test('validate never throws, whatever the matrix and ops', () => {
  const entry = fc.oneof(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 2, -1, 0.5, NaN), fc.anything());
  const op = fc.oneof(fc.constantFrom('input', 'output', ...nb101.ops), fc.string(), fc.anything());
  const square = fc.integer({ min: 0, max: 9 }).chain((v) =>
    fc.record({
      matrix: fc.array(fc.array(entry, { minLength: v, maxLength: v }), { minLength: v, maxLength: v }),
      ops: fc.array(op, { minLength: v, maxLength: v }),
    }),
  );
  const binarySquare = fc.integer({ min: 2, max: 9 }).chain((v) =>
    fc.record({
      matrix: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: v, maxLength: v }), { minLength: v, maxLength: v }),
      ops: fc.array(fc.constantFrom('input', 'output', ...nb101.ops, 'conv3x3'), { minLength: v, maxLength: v }),
    }),
  );
  const anything = fc.record({ matrix: fc.anything(), ops: fc.anything() });
  fc.assert(
    fc.property(fc.oneof(square, binarySquare, anything, fc.anything()), (raw) => {
      const cell = (typeof raw === 'object' && raw !== null ? { space: 'nb101', ...raw } : raw) as Nb101Cell;
      const issues = nb101.validate(cell);
      assert.ok(Array.isArray(issues));
      for (const issue of issues) {
        assert.equal(typeof issue.message, 'string');
        assert.ok(Array.isArray(issue.path));
      }
      if (!hasErrors(issues)) {
        assert.match(nb101.hash(cell), /^[0-9a-f]{32}$/);
        assert.ok(nb101.cost(cell).params > 0);
      }
    }),
    { numRuns: 2000 },
  );
});
