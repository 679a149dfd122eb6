import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { canonicalNb101, nb101, parseNb101SpaceLine, pruneNb101 } from '../../../src/core/spaces/nb101';
import { topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import { parseCompact } from '../../../src/core/spaces/nb101/compact';
import { costNb101 } from '../../../src/core/spaces/nb101/cost';
import { encodeNb101 } from '../../../src/core/spaces/nb101/encode';
import type { Nb101Cell } from '../../../src/core/spaces/types';

const C3 = 'conv3x3-bn-relu';
const C1 = 'conv1x1-bn-relu';
const MP = 'maxpool3x3';

function compact(text: string): Nb101Cell {
  const [v, bits, digits] = text.split(':');
  const parsed = parseCompact(Number(v), bits, digits);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cell;
}
function fromEdges(v: number, edges: [number, number][], ops: string[]): Nb101Cell {
  const matrix = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  for (const [i, j] of edges) matrix[i][j] = 1;
  return { space: 'nb101', matrix, ops: ['input', ...ops, 'output'] };
}

/** Rows of nb101_subset.csv (hash, compact cell, NB-101's trainable parameters). */
const FIXTURES: [hash: string, cell: string, params: number][] = [
  ['00005c142e6f48ac74fdcf73e3439874', '7:100110100001001010101:02001', 8_555_530],
  ['02e5a0247bbdcf2860b7e96f74961594', '7:110011000101000100101:10200', 32_426_634],
  ['043721b9c7fe8c5fad811d47d83132ec', '2:1:', 882_570],
  ['09fc2d10bdd6225e167a6f81a22a3f06', '3:111:1', 2_793_866],
  ['03d84046b0ce567b2b59e85903aa2f5f', '4:111011:00', 6_406_538],
];

test('space metadata', () => {
  assert.equal(nb101.id, 'nb101');
  assert.equal(nb101.label, 'NAS-Bench-101');
  assert.deepEqual(nb101.ops, [C3, C1, MP]);
  assert.equal(nb101.size, 423_624);
  assert.deepEqual(nb101.macros, [{ id: 'cifar10', label: 'NB-101 CIFAR-10 network (C=128, 3 stacks × 3 cells)' }]);
});

test('hash reproduces NAS-Bench-101 fingerprints', () => {
  for (const [hash, text] of FIXTURES) assert.equal(nb101.hash(compact(text)), hash, text);
});

test('pruneNb101 drops vertices off input→output paths and keeps the order of the rest', () => {
  const c = fromEdges(
    6,
    [
      [0, 1],
      [1, 3],
      [0, 2],
      [3, 5],
      [4, 5],
    ],
    [C3, C1, MP, C3],
  );
  assert.deepEqual(
    pruneNb101(c),
    fromEdges(
      4,
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      [C3, MP],
    ),
  );
  const alreadyPruned = fromEdges(
    3,
    [
      [0, 1],
      [1, 2],
    ],
    [C3],
  );
  assert.equal(pruneNb101(alreadyPruned), alreadyPruned);
  const disconnected = fromEdges(3, [[0, 1]], [C3]);
  assert.equal(pruneNb101(disconnected), disconnected);
});

test('cost of the input→output cell, by hand: every cell is one 1×1 projection', () => {
  // stem 3·3·3·128 + BN 256; stack 1: 3 × (128·128 + 256); stack 2: 128·256 + 512, 2 × (256·256 + 512);
  // stack 3: 256·512 + 1024, 2 × (512·512 + 1024); dense 512·10 + 10.
  const params = 3712 + 3 * 16_640 + (33_280 + 2 * 66_048) + (132_096 + 2 * 263_168) + 5130;
  // MACs at 32×32, 16×16, 8×8.
  const flops = 3 * 3 * 3 * 128 * 1024 + 3 * 128 * 128 * 1024 + (128 * 256 + 2 * 256 * 256) * 256 + (256 * 512 + 2 * 512 * 512) * 64 + 512 * 10;
  assert.deepEqual(nb101.cost(compact('2:1:')), { params, flops });
  assert.equal(params, 882_570);
});

test('cost of a chain input→conv3x3→output, by hand', () => {
  const perCell = (cin: number, c: number) => cin * c + 2 * c + 9 * c * c + 2 * c;
  const macsPerCell = (cin: number, c: number, pixels: number) => (cin * c + 9 * c * c) * pixels;
  const params = 3712 + 3 * perCell(128, 128) + perCell(128, 256) + 2 * perCell(256, 256) + perCell(256, 512) + 2 * perCell(512, 512) + 5130;
  const flops =
    3 * 3 * 3 * 128 * 1024 +
    3 * macsPerCell(128, 128, 1024) +
    macsPerCell(128, 256, 256) +
    2 * macsPerCell(256, 256, 256) +
    macsPerCell(256, 512, 64) +
    2 * macsPerCell(512, 512, 64) +
    5120;
  assert.deepEqual(
    nb101.cost(
      fromEdges(
        3,
        [
          [0, 1],
          [1, 2],
        ],
        [C3],
      ),
    ),
    { params, flops },
  );
});

test('cost matches NB-101 parameter counts, using the numbering NB-101 trained', () => {
  for (const [, text, params] of FIXTURES) assert.equal(nb101.cost(compact(text)).params, params, text);
  // The output's channels split 43/43/42 over vertices 3, 4, 5 in NB-101's numbering of this cell;
  // the file's numbering would hand the 42 to another vertex and give 1,325,859.
  const renumbered = compact('7:100000100101100101011:22220');
  assert.equal(nb101.cost(renumbered).params, 1_341_996);
  assert.equal(costNb101(renumbered).params, 1_325_859);
  assert.equal(nb101.hash(canonicalNb101(renumbered)), nb101.hash(renumbered));
});

test('cost refuses an unknown macro and defaults to cifar10', () => {
  const c = compact('3:111:1');
  assert.deepEqual(nb101.cost(c), nb101.cost(c, 'cifar10'));
  assert.throws(() => nb101.cost(c, 'imagenet'), /unknown NB-101 macro 'imagenet'; available: cifar10/);
});

test('topologicalOrders lists exactly the numberings that keep the matrix upper-triangular', () => {
  // 0→1, 0→2, 1→3, 2→3: vertices 1 and 2 may swap.
  assert.deepEqual(
    topologicalOrders(
      fromEdges(
        4,
        [
          [0, 1],
          [0, 2],
          [1, 3],
          [2, 3],
        ],
        [C3, C1],
      ),
    ),
    [
      [0, 1, 2, 3],
      [0, 2, 1, 3],
    ],
  );
  // A chain has one order; seven unconnected-but-parallel vertices have 5! = 120.
  assert.equal(
    topologicalOrders(
      fromEdges(
        7,
        [
          [0, 1],
          [1, 2],
          [2, 3],
          [3, 4],
          [4, 5],
          [5, 6],
        ],
        [C3, C3, C3, C3, C3],
      ),
    ).length,
    1,
  );
  const parallel = fromEdges(
    7,
    [1, 2, 3, 4, 5].flatMap((x): [number, number][] => [
      [0, x],
      [x, 6],
    ]),
    [C3, C3, C3, C3, C3],
  );
  assert.equal(topologicalOrders(parallel).length, 120);
});

test("canonicalNb101 picks NB-101's numbering: smallest column-major edge bitmask, then smallest labeling", () => {
  // Branch A = one vertex, branch B = two in a row. Edge i→j is bit i + j(j-1)/2, so the three
  // numberings give 675 (A first), 787 (B1, A, B2) and 781 (B1, B2, A): A must come first.
  const aLast = fromEdges(
    5,
    [
      [0, 1],
      [0, 3],
      [1, 2],
      [2, 4],
      [3, 4],
    ],
    [MP, C1, C3],
  );
  const aFirst = fromEdges(
    5,
    [
      [0, 1],
      [0, 2],
      [2, 3],
      [1, 4],
      [3, 4],
    ],
    [C3, MP, C1],
  );
  assert.deepEqual(canonicalNb101(aLast), aFirst);
  // Two symmetric branches: equal bitmasks, so the labeling decides (conv3x3 = 0 before conv1x1 = 1).
  const diamond = (ops: string[]) =>
    fromEdges(
      4,
      [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
      ],
      ops,
    );
  assert.deepEqual(canonicalNb101(diamond([C1, C3])), diamond([C3, C1]));
});

test('neighbours of a 3-vertex chain, by hand: two op changes and the added edge 0→2', () => {
  const texts = nb101.neighbours(compact('3:101:0')).map(nb101.toText).sort();
  assert.deepEqual(texts, ['3:101:1', '3:101:2', '3:111:0']);
  assert.deepEqual(nb101.neighbours(compact('2:1:')), []);
});

test('neighbours are valid, pruned, distinct and never the cell itself', () => {
  for (const [hash, text] of FIXTURES) {
    const found = nb101.neighbours(compact(text));
    const hashes = found.map((n) => nb101.hash(n));
    assert.ok(!hashes.includes(hash), text);
    assert.equal(new Set(hashes).size, hashes.length, text);
    for (const n of found) {
      assert.deepEqual(nb101.validate(n), [], nb101.toText(n));
      assert.deepEqual(pruneNb101(n), n);
    }
  }
  // 7 vertices, 9 edges: 5 × 2 op changes, 9 removals (some disconnect), no additions (the limit is 9).
  const full = nb101.neighbours(compact(FIXTURES[0][1]));
  assert.ok(full.length >= 10 && full.length <= 19, `${full.length}`);
});

test('neighbours depend only on the pruned cell', () => {
  const withDangling = fromEdges(
    5,
    [
      [0, 1],
      [1, 4],
      [0, 2],
      [2, 4],
      [0, 3],
    ],
    [C3, C1, MP],
  );
  const pruned = pruneNb101(withDangling);
  assert.equal(pruned.ops.length, 4);
  assert.deepEqual(nb101.neighbours(withDangling), nb101.neighbours(pruned));
});

test('mutate: valid, pruned, a different cell, reproducible from the seed', () => {
  for (const [hash, text] of FIXTURES) {
    const rng = createRng(7);
    for (let k = 0; k < 20; k++) {
      const child = nb101.mutate(compact(text), rng);
      assert.deepEqual(nb101.validate(child), []);
      assert.deepEqual(pruneNb101(child), child);
      assert.notEqual(nb101.hash(child), hash);
    }
    assert.deepEqual(nb101.mutate(compact(text), createRng(3)), nb101.mutate(compact(text), createRng(3)));
  }
});

test('mutate grows small cells: the 2-vertex cell becomes a larger one', () => {
  const rng = createRng(11);
  for (let k = 0; k < 20; k++) assert.ok(nb101.mutate(compact('2:1:'), rng).ops.length > 2);
});

test("mutate is NASLib's multi-flip operator, not a pick among neighbours", () => {
  const parent = compact('5:1110100011:110');
  const neighbours = new Set(nb101.neighbours(parent).map((n) => nb101.hash(n)));
  const rng = createRng(5);
  const children = Array.from({ length: 300 }, () => nb101.hash(nb101.mutate(parent, rng)));
  const oneStep = children.filter((h) => neighbours.has(h)).length;
  assert.ok(oneStep > 30 && oneStep < 270, `${oneStep}/300 children are neighbours`);
  assert.ok(new Set(children).size > 60, `${new Set(children).size} distinct children`);
});

test('sample: valid, pruned, reproducible', () => {
  const rng = createRng(42);
  for (let k = 0; k < 200; k++) assert.deepEqual(nb101.validate(nb101.sample(rng)), []);
  assert.deepEqual(nb101.sample(createRng(9)), nb101.sample(createRng(9)));
});

test('sample is uniform over random matrices, not over cells: small cells dominate', () => {
  // Over cells, 84.8% of NB-101 has 7 vertices and one cell in 423,624 has 2. Random 7×7 matrices
  // mostly exceed 9 edges unless pruning leaves a small cell, so the draw favours small cells.
  const rng = createRng(42);
  const byVertices = new Array<number>(8).fill(0);
  for (let k = 0; k < 2000; k++) byVertices[nb101.sample(rng).ops.length]++;
  assert.ok(byVertices[2] > 100, `${byVertices[2]}/2000 draws are the 2-vertex cell`);
  assert.ok(byVertices[7] < 100, `${byVertices[7]}/2000 draws have 7 vertices`);
});

test('encode uses the pruned cell', () => {
  const withDangling = fromEdges(
    5,
    [
      [0, 1],
      [1, 4],
      [0, 2],
      [2, 4],
      [0, 3],
    ],
    [C3, C1, MP],
  );
  assert.deepEqual(nb101.encode(withDangling), encodeNb101(pruneNb101(withDangling)));
  assert.deepEqual(
    nb101.encode(withDangling),
    nb101.encode(
      fromEdges(
        4,
        [
          [0, 1],
          [1, 3],
          [0, 2],
          [2, 3],
        ],
        [C3, C1],
      ),
    ),
  );
});

test('toText is the compact form of the pruned cell, and parses back', () => {
  const withDangling = fromEdges(
    5,
    [
      [0, 1],
      [1, 4],
      [0, 2],
      [2, 4],
      [0, 3],
    ],
    [C3, C1, MP],
  );
  assert.equal(nb101.toText(withDangling), '4:110011:01');
  assert.deepEqual(compact(nb101.toText(withDangling)), pruneNb101(withDangling));
});

test('parseNb101SpaceLine reads a row of nb101_space.csv and rejects malformed ones', () => {
  const row = parseNb101SpaceLine('00005c142e6f48ac74fdcf73e3439874,7,9,100110100001001010101,02001\r');
  assert.equal(row.hash, '00005c142e6f48ac74fdcf73e3439874');
  assert.deepEqual(row.cell, compact('7:100110100001001010101:02001'));
  assert.deepEqual(parseNb101SpaceLine('043721b9c7fe8c5fad811d47d83132ec,2,1,1,').cell, compact('2:1:'));
  assert.throws(() => parseNb101SpaceLine('00005c14,7,9,100110100001001010101,02001'), /hash must be 32 lowercase hex digits/);
  assert.throws(() => parseNb101SpaceLine('00005c142e6f48ac74fdcf73e3439874,7,9,100110100001001010101'), /expected 5 fields/);
  assert.throws(() => parseNb101SpaceLine('00005c142e6f48ac74fdcf73e3439874,7,8,100110100001001010101,02001'), /n_edges is '8' but the matrix has 9 edges/);
  assert.throws(() => parseNb101SpaceLine('00005c142e6f48ac74fdcf73e3439874,7,9,1001101000010010101,02001'), /matrix must be 21 binary digits/);
});
