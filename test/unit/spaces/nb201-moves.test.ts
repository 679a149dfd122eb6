import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { nb201 } from '../../../src/core/spaces/nb201';
import { formatArchString } from '../../../src/core/spaces/nb201/arch-string';
import { hasErrors, type Nb201Cell } from '../../../src/core/spaces/types';

const cell = (...ops: string[]): Nb201Cell => ({ space: 'nb201', ops });
const start = cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect');
const opChanges = (a: Nb201Cell, b: Nb201Cell): number => a.ops.filter((op, e) => op !== b.ops[e]).length;

test('neighbours are the 24 distinct valid single-op changes', () => {
  const next = nb201.neighbours(start);
  assert.equal(next.length, 24);
  assert.equal(new Set(next.map(formatArchString)).size, 24);
  for (const n of next) {
    assert.equal(hasErrors(nb201.validate(n)), false);
    assert.equal(opChanges(start, n), 1);
  }
  for (let e = 0; e < 6; e++) assert.equal(next.filter((n) => n.ops[e] !== start.ops[e]).length, 4);
  assert.deepEqual(start.ops, ['nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect'], 'the start cell is untouched');
});

test('mutate returns a valid cell one op away, without touching its input', () => {
  const rng = createRng(7);
  let current = start;
  for (let i = 0; i < 500; i++) {
    const before = current.ops.slice();
    const next = nb201.mutate(current, rng);
    assert.deepEqual(current.ops, before);
    assert.equal(hasErrors(nb201.validate(next)), false);
    assert.equal(opChanges(current, next), 1);
    current = next;
  }
});

test('mutate reaches every neighbour with roughly equal frequency', () => {
  const rng = createRng(11);
  const counts = new Map<string, number>();
  const draws = 24 * 200;
  for (let i = 0; i < draws; i++) {
    const key = formatArchString(nb201.mutate(start, rng));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 24);
  for (const n of counts.values()) assert.ok(n > 120 && n < 280, `neighbour drawn ${n} times, expected about 200`);
});

test('sample is seeded and covers every op on every edge roughly uniformly', () => {
  const draw = (seed: number, n: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => nb201.sample(rng));
  };
  assert.deepEqual(draw(3, 20), draw(3, 20));
  assert.notDeepEqual(draw(3, 20), draw(4, 20));

  const cells = draw(5, 5000);
  for (const c of cells) assert.equal(hasErrors(nb201.validate(c)), false);
  for (let e = 0; e < 6; e++) {
    for (const op of nb201.ops) {
      const n = cells.filter((c) => c.ops[e] === op).length;
      assert.ok(n > 900 && n < 1100, `edge ${e} op ${op}: ${n} of 5000, expected about 1000`);
    }
  }
  // Independence across edges: the 25 op pairs of two edges each appear about 200 times.
  for (const a of nb201.ops)
    for (const b of nb201.ops) {
      const n = cells.filter((c) => c.ops[0] === a && c.ops[5] === b).length;
      assert.ok(n > 140 && n < 260, `pair ${a}/${b}: ${n}`);
    }
});
