import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng';
import { darts } from '../../../src/core/spaces/darts';
import { DARTS_OPS } from '../../../src/core/spaces/darts/encode';
import { formatGenotypeString, parseGenotypeString } from '../../../src/core/spaces/darts/genotype-string';
import type { DartsCell, DartsEdge } from '../../../src/core/spaces/types';

const op = fc.constantFrom(...DARTS_OPS);

const edges: fc.Arbitrary<DartsEdge[]> = fc
  .tuple(
    ...[0, 1, 2, 3].map((k) =>
      fc.tuple(
        op,
        op,
        fc.shuffledSubarray(
          Array.from({ length: k + 2 }, (_, i) => i),
          { minLength: 2, maxLength: 2 },
        ),
        fc.boolean(),
      ),
    ),
  )
  .map((nodes) =>
    nodes.flatMap(([a, b, [x, y], flip]): DartsEdge[] =>
      flip
        ? [
            [a, y],
            [b, x],
          ]
        : [
            [a, x],
            [b, y],
          ],
    ),
  );

const validCell: fc.Arbitrary<DartsCell> = fc.record({ space: fc.constant('darts' as const), normal: edges, reduce: edges });

test('random valid cells validate, and format → parse gives the same hash', () => {
  fc.assert(
    fc.property(validCell, (cell) => {
      assert.deepEqual(darts.validate(cell), []);
      const normal = parseGenotypeString(formatGenotypeString(cell.normal));
      const reduce = parseGenotypeString(formatGenotypeString(cell.reduce));
      assert.ok(normal.ok && reduce.ok);
      assert.equal(darts.hash({ space: 'darts', normal: normal.edges, reduce: reduce.edges }), darts.hash(cell));
    }),
    { numRuns: 500 },
  );
});

test('swapping the two edges of any node keeps the hash; changing an op does not', () => {
  fc.assert(
    fc.property(validCell, fc.constantFrom('normal' as const, 'reduce' as const), fc.integer({ min: 0, max: 3 }), (cell, kind, k) => {
      const swapped = cell[kind].slice();
      [swapped[2 * k], swapped[2 * k + 1]] = [swapped[2 * k + 1], swapped[2 * k]];
      assert.equal(darts.hash({ ...cell, [kind]: swapped }), darts.hash(cell));
      const changed = cell[kind].slice();
      const [name, input] = changed[2 * k];
      changed[2 * k] = [DARTS_OPS[(DARTS_OPS.indexOf(name as (typeof DARTS_OPS)[number]) + 1) % DARTS_OPS.length], input];
      assert.notEqual(darts.hash({ ...cell, [kind]: changed }), darts.hash(cell));
    }),
    { numRuns: 500 },
  );
});

const genotypeLike = fc
  .array(
    fc.tuple(
      fc.oneof(op, fc.constant('none'), fc.string({ maxLength: 12 })),
      fc.oneof(fc.integer({ min: -2, max: 9 }).map(String), fc.string({ maxLength: 4 }), fc.constant('99999999999999999999999')),
      fc.constantFrom('~', ' ~ ', '-', ''),
    ),
    { maxLength: 10 },
  )
  .map((entries) => entries.map(([name, input, sep]) => `${name}${sep}${input}`).join('|'));

test('random strings never make parseGenotypeString or validate throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), genotypeLike), genotypeLike, (a, b) => {
      const normal = parseGenotypeString(a);
      const reduce = parseGenotypeString(b);
      if (!normal.ok || !reduce.ok) return;
      const issues = darts.validate({ space: 'darts', normal: normal.edges, reduce: reduce.edges });
      assert.ok(Array.isArray(issues));
    }),
    { numRuns: 2000 },
  );
});

test('validate never throws on arbitrary values and reports something for each', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const issues = darts.validate(value as DartsCell);
      assert.ok(issues.length > 0);
    }),
    { numRuns: 1000 },
  );
});

test('mutate of a random cell is one of its neighbours', () => {
  fc.assert(
    fc.property(validCell, fc.integer(), (cell, seed) => {
      const child = darts.mutate(cell, createRng(seed));
      assert.ok(darts.neighbours(cell).some((n) => darts.hash(n) === darts.hash(child)));
    }),
    { numRuns: 100 },
  );
});
