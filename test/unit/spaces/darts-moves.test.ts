import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { darts } from '../../../src/core/spaces/darts';
import { DARTS_OPS } from '../../../src/core/spaces/darts/encode';
import { DARTS_CELLS_PER_KIND } from '../../../src/core/spaces/darts/size';
import type { DartsCell, DartsEdge } from '../../../src/core/spaces/types';
import { DARTS_V2, dartsCell } from './darts-cells';

const KINDS = ['normal', 'reduce'] as const;

/** Edge changes from `a` to `b`, as [kind, edge] pairs. */
function changedEdges(a: DartsCell, b: DartsCell): [string, number][] {
  return KINDS.flatMap((kind) => a[kind].flatMap((edge, e): [string, number][] => (edge[0] === b[kind][e][0] && edge[1] === b[kind][e][1] ? [] : [[kind, e]])));
}

test('identity: id, label, ops, toText, encode', () => {
  assert.equal(darts.id, 'darts');
  assert.equal(darts.label, 'DARTS');
  assert.deepEqual(darts.ops, ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']);
  assert.ok(!darts.ops.includes('none'));
  assert.equal(
    darts.toText(DARTS_V2),
    'sep_conv_3x3~0|sep_conv_3x3~1|sep_conv_3x3~0|sep_conv_3x3~1|sep_conv_3x3~1|skip_connect~0|skip_connect~0|dil_conv_3x3~2 || ' +
      'max_pool_3x3~0|max_pool_3x3~1|skip_connect~2|max_pool_3x3~1|max_pool_3x3~0|skip_connect~2|skip_connect~2|max_pool_3x3~1',
  );
  assert.equal(darts.encode(DARTS_V2).mask.length, darts.encoding.graphs * darts.encoding.nodes);
});

test("hash is the pair-sorted text form and ignores the order of a node's two edges", () => {
  const swapped: DartsCell = { ...DARTS_V2, normal: [DARTS_V2.normal[1], DARTS_V2.normal[0], ...DARTS_V2.normal.slice(2)] };
  assert.equal(darts.hash(swapped), darts.hash(DARTS_V2));
  assert.equal(
    darts.hash(DARTS_V2),
    'sep_conv_3x3~0|sep_conv_3x3~1|sep_conv_3x3~0|sep_conv_3x3~1|skip_connect~0|sep_conv_3x3~1|skip_connect~0|dil_conv_3x3~2 || ' +
      'max_pool_3x3~0|max_pool_3x3~1|max_pool_3x3~1|skip_connect~2|max_pool_3x3~0|skip_connect~2|max_pool_3x3~1|skip_connect~2',
  );
});

test('hash tells apart cells that differ in one op, one input, or only in which cell is which', () => {
  const opChanged: DartsCell = { ...DARTS_V2, normal: [['sep_conv_5x5', 0], ...DARTS_V2.normal.slice(1)] };
  const inputChanged: DartsCell = { ...DARTS_V2, normal: [...DARTS_V2.normal.slice(0, 7), ['dil_conv_3x3', 3]] };
  const flipped: DartsCell = { space: 'darts', normal: DARTS_V2.reduce, reduce: DARTS_V2.normal };
  const hashes = new Set([DARTS_V2, opChanged, inputChanged, flipped].map(darts.hash));
  assert.equal(hashes.size, 4);
});

test('size counts pair-sorted cells: node k+2 has C(k+2, 2)·7² canonical edge pairs', () => {
  for (let k = 0; k < 4; k++) {
    const pairs = new Set<string>();
    for (const a of DARTS_OPS)
      for (const b of DARTS_OPS)
        for (let i = 0; i < k + 2; i++)
          for (let j = 0; j < k + 2; j++) {
            if (i === j) continue;
            const normal: DartsEdge[] = [...DARTS_V2.normal];
            normal[2 * k] = [a, i];
            normal[2 * k + 1] = [b, j];
            pairs.add(darts.hash({ ...DARTS_V2, normal }));
          }
    assert.equal(pairs.size, (((k + 2) * (k + 1)) / 2) * 49, `node ${k + 2}`);
  }
  assert.equal(DARTS_CELLS_PER_KIND, 1 * 3 * 6 * 10 * 49 ** 4);
  assert.equal(DARTS_CELLS_PER_KIND, 1_037_664_180);
  assert.equal(darts.size, 1_037_664_180 ** 2);
});

test('neighbours of DARTS_V2: 96 op changes + 24 input changes = 120, each one edge away, valid, distinct', () => {
  const nbrs = darts.neighbours(DARTS_V2);
  assert.equal(nbrs.length, 120);
  const hashes = new Set(nbrs.map(darts.hash));
  assert.equal(hashes.size, 120);
  assert.ok(!hashes.has(darts.hash(DARTS_V2)));
  let opChanges = 0;
  for (const n of nbrs) {
    assert.deepEqual(darts.validate(n), []);
    const changed = changedEdges(DARTS_V2, n);
    assert.equal(changed.length, 1);
    const [kind, e] = changed[0] as ['normal' | 'reduce', number];
    if (n[kind][e][0] !== DARTS_V2[kind][e][0]) {
      assert.equal(n[kind][e][1], DARTS_V2[kind][e][1]);
      opChanges++;
    }
  }
  assert.equal(opChanges, 96);
});

test("neighbour count is 120 for every valid cell: input changes skip the sibling's input, so none duplicates", () => {
  // Per cell and edge into node k+2: 6 other ops, and k+2 inputs minus its own and its sibling's = k new inputs.
  // 2 × (8 × 6 + 2 × (0 + 1 + 2 + 3)) = 120. Node 2's edges have no input change at all (inputs 0 and 1 are both taken).
  // Two neighbours can never share a hash: they differ from the cell in one edge each, and as a node's inputs
  // are distinct the pair-sorted form cannot map an edge change onto a different one.
  const rng = createRng(7);
  for (let i = 0; i < 200; i++) {
    const cell = darts.sample(rng);
    const nbrs = darts.neighbours(cell);
    assert.equal(nbrs.length, 120);
    assert.equal(new Set(nbrs.map(darts.hash)).size, 120);
  }
  const node2 = darts.neighbours(DARTS_V2).filter((n) => changedEdges(DARTS_V2, n).some(([, e]) => e < 2));
  assert.equal(node2.length, 2 * 2 * 6, 'node 2: op changes only');
});

test('the neighbourhood is symmetric: the cell is a neighbour of each of its neighbours', () => {
  const own = darts.hash(DARTS_V2);
  for (const n of darts.neighbours(DARTS_V2)) assert.ok(darts.neighbours(n).some((m) => darts.hash(m) === own));
});

test('mutate returns a valid cell one edge change away, different from the parent, and is seeded', () => {
  const rng = createRng(11);
  const nbrHashes = new Set(darts.neighbours(DARTS_V2).map(darts.hash));
  const seen = new Set<string>();
  let opMoves = 0;
  for (let i = 0; i < 2000; i++) {
    const child = darts.mutate(DARTS_V2, rng);
    assert.deepEqual(darts.validate(child), []);
    const h = darts.hash(child);
    assert.ok(nbrHashes.has(h), darts.toText(child));
    seen.add(h);
    const [[kind, e]] = changedEdges(DARTS_V2, child) as [['normal' | 'reduce', number]];
    if (child[kind][e][0] !== DARTS_V2[kind][e][0]) opMoves++;
  }
  assert.equal(seen.size, 120, 'every neighbour is reachable');
  // NASLib draws op or input with probability 1/2 each, but an input draw is kept less often
  // (it must differ from both edges' inputs): op changes are 16·6/7 / (16·6/7 + 4·Σ_k k/(k+2)) = 70.5 % of moves.
  assert.ok(opMoves / 2000 > 0.67 && opMoves / 2000 < 0.74, String(opMoves));
  const again = createRng(11);
  assert.equal(darts.hash(darts.mutate(DARTS_V2, again)), darts.hash(darts.mutate(DARTS_V2, createRng(11))));
});

test('sample gives valid cells, seeded, uniform over ops and over ordered input pairs', () => {
  const a = createRng(3);
  const b = createRng(3);
  const ops = new Map<string, number>();
  const node5 = new Map<string, number>();
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const cell = darts.sample(a);
    assert.equal(darts.hash(cell), darts.hash(darts.sample(b)));
    assert.deepEqual(darts.validate(cell), []);
    for (const [op] of [...cell.normal, ...cell.reduce]) ops.set(op, (ops.get(op) ?? 0) + 1);
    const key = `${cell.normal[6][1]},${cell.normal[7][1]}`;
    node5.set(key, (node5.get(key) ?? 0) + 1);
  }
  assert.deepEqual([...ops.keys()].sort(), [...DARTS_OPS].sort());
  for (const count of ops.values()) assert.ok(Math.abs(count / (16 * n) - 1 / 7) < 0.01, String(count));
  assert.equal(node5.size, 20, 'node 5: 5 × 4 ordered pairs of distinct inputs');
  for (const count of node5.values()) assert.ok(Math.abs(count / n - 1 / 20) < 0.015, String(count));
  assert.notEqual(darts.hash(darts.sample(createRng(1))), darts.hash(darts.sample(createRng(2))));
});

test('a published cell written with its node pairs swapped hashes the same', () => {
  const pdarts = dartsCell(
    'skip_connect~0|dil_conv_3x3~1|skip_connect~0|sep_conv_3x3~1|sep_conv_3x3~1|sep_conv_3x3~3|skip_connect~0|dil_conv_5x5~4',
    'avg_pool_3x3~0|sep_conv_5x5~1|sep_conv_3x3~0|dil_conv_5x5~2|max_pool_3x3~0|dil_conv_3x3~1|dil_conv_3x3~1|sep_conv_5x5~3',
  );
  const swappedAll: DartsCell = {
    space: 'darts',
    normal: pdarts.normal.map((_, e) => pdarts.normal[e ^ 1]),
    reduce: pdarts.reduce.map((_, e) => pdarts.reduce[e ^ 1]),
  };
  assert.equal(darts.hash(swappedAll), darts.hash(pdarts));
});
