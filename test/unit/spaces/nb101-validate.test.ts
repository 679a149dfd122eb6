import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { nb101 } from '../../../src/core/spaces/nb101';
import type { CellIssue, Nb101Cell } from '../../../src/core/spaces/types';

const C3 = 'conv3x3-bn-relu';
const C1 = 'conv1x1-bn-relu';
const MP = 'maxpool3x3';

const cell = (matrix: number[][], ops: string[]): Nb101Cell => ({ space: 'nb101', matrix, ops });
/** A cell from its edge list. */
function fromEdges(v: number, edges: [number, number][], ops: string[]): Nb101Cell {
  const matrix = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  for (const [i, j] of edges) matrix[i][j] = 1;
  return cell(matrix, ['input', ...ops, 'output']);
}
const errors = (c: Nb101Cell) => nb101.validate(c).filter((i) => i.severity === 'error');
function only(issues: CellIssue[], code: string): CellIssue {
  assert.deepEqual(
    issues.map((i) => i.code),
    [code],
    JSON.stringify(issues),
  );
  return issues[0];
}

const CHAIN = fromEdges(
  4,
  [
    [0, 1],
    [1, 2],
    [2, 3],
  ],
  [C3, MP],
);

test('a well-formed cell has no issues', () => {
  assert.deepEqual(nb101.validate(CHAIN), []);
  assert.deepEqual(nb101.validate(fromEdges(2, [[0, 1]], [])), []);
});

test('bad-shape: ops length, ragged rows, non-lists, fewer than two vertices', () => {
  let issue = only(
    errors(
      cell(
        CHAIN.matrix.map((r) => r.slice()),
        ['input', C3, 'output'],
      ),
    ),
    'bad-shape',
  );
  assert.deepEqual(issue.path, ['ops']);
  assert.match(issue.message, /3 ops for a 4×4 matrix/);

  issue = only(
    errors(
      cell(
        [
          [0, 1, 0],
          [0, 0],
          [0, 0, 0],
        ],
        ['input', C3, 'output'],
      ),
    ),
    'bad-shape',
  );
  assert.deepEqual(issue.path, ['matrix', 1]);
  assert.match(issue.message, /row 1 has 2 entries; a 3×3 matrix needs 3/);

  const notLists = { space: 'nb101', matrix: 'x', ops: 7 } as unknown as Nb101Cell;
  assert.deepEqual(
    errors(notLists).map((i) => [i.code, i.path]),
    [
      ['bad-shape', ['ops']],
      ['bad-shape', ['matrix']],
    ],
  );

  issue = only(
    errors(cell([[0]], ['input'])).filter((i) => i.code === 'bad-shape'),
    'bad-shape',
  );
  assert.match(issue.message, /at least the input and output/);
});

test('bad-value: matrix entries other than 0/1 and non-string ops are pinpointed', () => {
  const issue = only(
    errors(
      cell(
        [
          [0, 2, 0],
          [0, 0, 1],
          [0, 0, 0],
        ],
        ['input', C3, 'output'],
      ),
    ),
    'bad-value',
  );
  assert.deepEqual(issue.path, ['matrix', 0, 1]);
  assert.match(issue.message, /matrix\[0\]\[1\] \(edge 0→1\) is 2; entries must be 0 or 1/);

  const op = only(errors({ space: 'nb101', matrix: CHAIN.matrix, ops: ['input', 3, MP, 'output'] } as unknown as Nb101Cell), 'bad-value');
  assert.deepEqual(op.path, ['ops', 1]);
});

test('not-upper-triangular: a backward edge names its vertices; without a cycle there is no cycle issue', () => {
  const c = fromEdges(
    4,
    [
      [0, 1],
      [0, 2],
      [2, 1],
      [1, 3],
    ],
    [C3, C1],
  );
  const issue = only(errors(c), 'not-upper-triangular');
  assert.deepEqual(issue.path, ['matrix', 2, 1]);
  assert.match(issue.message, /edge 2→1 points backwards/);
});

test('not-upper-triangular + cycle: lower entries that close a loop name the loop', () => {
  const c = fromEdges(
    5,
    [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 1],
      [3, 4],
    ],
    [C3, C1, MP],
  );
  const issues = errors(c);
  assert.deepEqual(
    issues.map((i) => i.code),
    ['not-upper-triangular', 'cycle'],
  );
  assert.deepEqual(issues[1].path, ['matrix', 3, 1]);
  assert.match(issues[1].message, /cycle 1 → 2 → 3 → 1/);

  const selfLoop = only(
    errors(
      fromEdges(
        3,
        [
          [0, 1],
          [1, 1],
          [1, 2],
        ],
        [C3],
      ),
    ),
    'not-upper-triangular',
  );
  assert.deepEqual(selfLoop.path, ['matrix', 1, 1]);
  assert.match(selfLoop.message, /self-loop on vertex 1/);
});

test("io-ops: the first vertex must be 'input', the last 'output', and no interior vertex either", () => {
  const wrongEnds = cell(
    CHAIN.matrix.map((r) => r.slice()),
    [C3, C3, MP, 'input'],
  );
  assert.deepEqual(
    errors(wrongEnds).map((i) => [i.code, i.path]),
    [
      ['io-ops', ['ops', 0]],
      ['io-ops', ['ops', 3]],
    ],
  );
  assert.match(errors(wrongEnds)[1].message, /vertex 3 is the output vertex and must be labelled 'output', not 'input'/);

  const interior = only(
    errors(
      cell(
        CHAIN.matrix.map((r) => r.slice()),
        ['input', 'output', MP, 'output'],
      ),
    ),
    'io-ops',
  );
  assert.deepEqual(interior.path, ['ops', 1]);
});

test('unknown-op: path to the vertex, did-you-mean, the valid ops', () => {
  const c = cell(
    CHAIN.matrix.map((r) => r.slice()),
    ['input', C3, 'maxpool_3x3', 'output'],
  );
  const issue = only(errors(c), 'unknown-op');
  assert.deepEqual(issue.path, ['ops', 2]);
  assert.equal(issue.message, "unknown op 'maxpool_3x3' at vertex 2; did you mean 'maxpool3x3'? Valid ops: conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3.");
  const short = only(
    errors(
      cell(
        CHAIN.matrix.map((r) => r.slice()),
        ['input', 'conv3x3', MP, 'output'],
      ),
    ),
    'unknown-op',
  );
  assert.match(short.message, /did you mean 'conv3x3-bn-relu'\?/);
  const far = only(
    errors(
      cell(
        CHAIN.matrix.map((r) => r.slice()),
        ['input', C3, 'skip_connect', 'output'],
      ),
    ),
    'unknown-op',
  );
  assert.doesNotMatch(far.message, /did you mean/);
});

test('disconnected-output: says what the input does reach', () => {
  const issue = only(
    errors(
      fromEdges(
        5,
        [
          [0, 1],
          [1, 2],
          [3, 4],
        ],
        [C3, C1, MP],
      ),
    ),
    'disconnected-output',
  );
  assert.deepEqual(issue.path, ['matrix']);
  assert.match(issue.message, /output \(vertex 4\) is not reachable from the input \(vertex 0\); the input reaches only vertices 0, 1, 2/);
});

test('too-many-edges: counted after pruning, with the count and the limit', () => {
  const dense = fromEdges(
    6,
    [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 3],
      [2, 4],
      [3, 4],
      [4, 5],
    ],
    [C3, C3, C1, MP],
  );
  const issue = only(errors(dense), 'too-many-edges');
  assert.deepEqual(issue.path, ['matrix']);
  assert.match(issue.message, /^11 edges on input→output paths; the limit is 9, remove 2$/);

  // Ten edges, but two hang off vertex 5, which reaches no output: pruned away, 8 edges remain.
  const dangling = fromEdges(
    7,
    [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 6],
      [0, 2],
      [0, 3],
      [0, 6],
      [1, 5],
      [2, 5],
    ],
    [C3, C3, C1, MP, C1],
  );
  assert.deepEqual(errors(dangling), []);
});

test('too-many-vertices: more than 7 vertices on input→output paths', () => {
  const chain = Array.from({ length: 7 }, (_, i): [number, number] => [i, i + 1]);
  const issue = only(errors(fromEdges(8, chain, [C3, C3, C3, C3, C3, C3])), 'too-many-vertices');
  assert.match(issue.message, /8 vertices lie on input→output paths; NB-101 allows at most 7/);
  // Eight vertices of which one dangles are fine: NB-101 prunes before checking.
  const withDangling = fromEdges(8, [...chain.slice(0, 5), [5, 7], [1, 6]], [C3, C3, C3, C3, C3, C1]);
  assert.deepEqual(errors(withDangling), []);
});

test('a vertex off every input→output path is a warning, and the cell hashes like its pruned form', () => {
  const c = fromEdges(
    5,
    [
      [0, 1],
      [1, 4],
      [0, 2],
      [3, 4],
    ],
    [C3, C1, MP],
  );
  const issues = nb101.validate(c);
  assert.deepEqual(
    issues.map((i) => [i.severity, i.code, i.path]),
    [
      ['warning', 'degenerate', ['ops', 2]],
      ['warning', 'degenerate', ['ops', 3]],
    ],
  );
  assert.match(issues[0].message, /vertex 2 \(conv1x1-bn-relu\) is not on any input→output path \(no path from it reaches the output\)/);
  assert.match(issues[1].message, /no path from the input reaches it/);
  assert.equal(
    nb101.hash(c),
    nb101.hash(
      fromEdges(
        3,
        [
          [0, 1],
          [1, 2],
        ],
        [C3],
      ),
    ),
  );
});

test('hash, cost, encode, neighbours and mutate refuse an invalid cell with its problems', () => {
  const bad = cell(
    CHAIN.matrix.map((r) => r.slice()),
    ['input', 'conv5x5', MP, 'output'],
  );
  assert.throws(() => nb101.hash(bad), /cannot hash an invalid NB-101 cell: unknown op 'conv5x5' at vertex 1/);
  assert.throws(() => nb101.cost(bad), /invalid NB-101 cell/);
  assert.throws(() => nb101.encode(bad), /invalid NB-101 cell/);
  assert.throws(() => nb101.neighbours(bad), /invalid NB-101 cell/);
  assert.throws(() => nb101.mutate(bad, createRng(1)), /invalid NB-101 cell/);
});
