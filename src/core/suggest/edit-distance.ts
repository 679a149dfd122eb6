import { topologicalOrders } from '../spaces/nb101/canonical';
import { pruneNb101 } from '../spaces/nb101/prune';
import type { Cell, DartsCell, DartsEdge, Nb101Cell, Nb201Cell } from '../spaces/types';
import { nb201LiveEdges } from '../surrogate/nb201-live-edges';

/**
 * Edit distance between two cells of one space, in the moves of the space's neighbourhood (two
 * cells one mutation apart are at distance 1; cells with the same canonical hash at 0):
 *  - NB-201: edges whose op differs, after edges off every input→output path are set to 'none'.
 *  - NB-101: edges added or removed plus interior ops changed between the pruned cells, padded to 7
 *    vertices (placeholders before the output), minimised over the topological renumberings of
 *    either cell (an upper bound of the graph edit distance; isomorphic cells are at 0).
 *  - DARTS: per cell (normal, reduce) and intermediate node, the op and input changes that turn one
 *    node's two edges into the other's, under the better of the two pairings.
 */
export function editDistance(a: Cell, b: Cell): number {
  if (a.space !== b.space) throw new Error(`no edit distance between a ${a.space} and a ${b.space} cell`);
  switch (a.space) {
    case 'nb201':
      return nb201Distance(a, b as Nb201Cell);
    case 'nb101':
      return nb101Distance(a, b as Nb101Cell);
    case 'darts':
      return dartsDistance(a, b as DartsCell);
  }
}

function nb201Distance(a: Nb201Cell, b: Nb201Cell): number {
  const x = nb201LiveEdges(a).ops,
    y = nb201LiveEdges(b).ops;
  let d = 0;
  for (let e = 0; e < x.length; e++) if (x[e] !== y[e]) d++;
  return d;
}

const NB101_VERTICES = 7;
const PLACEHOLDER = '';

/** A pruned cell's renumberings, each padded to 7 vertices; memoised per cell object. */
const paddedForms = new WeakMap<Nb101Cell, Nb101Cell[]>();

function nb101Forms(cell: Nb101Cell): Nb101Cell[] {
  let forms = paddedForms.get(cell);
  if (!forms) {
    const pruned = pruneNb101(cell);
    forms = topologicalOrders(pruned).map((order) =>
      padNb101({
        space: 'nb101',
        matrix: order.map((i) => order.map((j) => pruned.matrix[i][j])),
        ops: order.map((i) => pruned.ops[i]),
      }),
    );
    paddedForms.set(cell, forms);
  }
  return forms;
}

function padNb101(cell: Nb101Cell): Nb101Cell {
  const n = cell.ops.length;
  if (n >= NB101_VERTICES) return cell;
  const old = (k: number) => (k < n - 1 ? k : k === NB101_VERTICES - 1 ? n - 1 : -1);
  return {
    space: 'nb101',
    matrix: Array.from({ length: NB101_VERTICES }, (_, i) =>
      Array.from({ length: NB101_VERTICES }, (_, j) => (old(i) >= 0 && old(j) >= 0 ? cell.matrix[old(i)][old(j)] : 0)),
    ),
    ops: Array.from({ length: NB101_VERTICES }, (_, k) => (old(k) >= 0 ? cell.ops[old(k)] : PLACEHOLDER)),
  };
}

function hamming101(a: Nb101Cell, b: Nb101Cell): number {
  let d = 0;
  for (let i = 0; i < NB101_VERTICES; i++) {
    if (a.ops[i] !== b.ops[i]) d++;
    for (let j = i + 1; j < NB101_VERTICES; j++) if (a.matrix[i][j] !== b.matrix[i][j]) d++;
  }
  return d;
}

function nb101Distance(a: Nb101Cell, b: Nb101Cell): number {
  const fa = nb101Forms(a),
    fb = nb101Forms(b);
  let best = Infinity;
  for (const x of fa) best = Math.min(best, hamming101(x, fb[0]));
  for (const y of fb) best = Math.min(best, hamming101(fa[0], y));
  return best;
}

function dartsDistance(a: DartsCell, b: DartsCell): number {
  return nodeEdits(a.normal, b.normal) + nodeEdits(a.reduce, b.reduce);
}

function nodeEdits(x: readonly DartsEdge[], y: readonly DartsEdge[]): number {
  const edge = (p: DartsEdge, q: DartsEdge) => (p[0] !== q[0] ? 1 : 0) + (p[1] !== q[1] ? 1 : 0);
  let d = 0;
  for (let e = 0; e + 1 < Math.max(x.length, y.length); e += 2) {
    const [x1, x2, y1, y2] = [x[e], x[e + 1], y[e], y[e + 1]];
    if (!x1 || !x2 || !y1 || !y2) throw new Error('DARTS cells need two edges per node');
    d += Math.min(edge(x1, y1) + edge(x2, y2), edge(x1, y2) + edge(x2, y1));
  }
  return d;
}
