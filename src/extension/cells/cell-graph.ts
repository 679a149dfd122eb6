// A cell as the panel draws it (protocol CellGraph): NB-201 ops on the 6 edges of a 4-node DAG,
// NB-101 ops on vertices, DARTS a normal and a reduction graph with ops on edges into 4 nodes.
// `start` marks what differs from the start cell of a search.
import { NB201_EDGES } from '../../core/spaces/nb201/arch-string';
import type { Cell, DartsCell, DartsEdge, Nb101Cell, Nb201Cell } from '../../core/spaces/types';
import type { CellGraph, GraphEdge, GraphNode } from '../../protocol/webview';

export function cellGraphs(cell: Cell, start?: Cell): CellGraph[] {
  const base = start?.space === cell.space ? start : undefined;
  switch (cell.space) {
    case 'nb201':
      return [nb201Graph(cell, base as Nb201Cell | undefined)];
    case 'nb101':
      return [nb101Graph(cell, base as Nb101Cell | undefined)];
    case 'darts':
      return (['normal', 'reduce'] as const).map((k) => dartsGraph(k, cell[k], (base as DartsCell | undefined)?.[k]));
  }
}

function nb201Graph(cell: Nb201Cell, start?: Nb201Cell): CellGraph {
  const nodes: GraphNode[] = [
    { id: 0, label: 'in', kind: 'input' },
    { id: 1, label: '1', kind: 'state' },
    { id: 2, label: '2', kind: 'state' },
    { id: 3, label: 'out', kind: 'output' },
  ];
  const edges: GraphEdge[] = [];
  NB201_EDGES.forEach(([from, to], e) => {
    const op = cell.ops[e];
    const changed = start !== undefined && start.ops[e] !== op;
    if (op === 'none') return;
    edges.push({ from, to, label: shortOp(op), ...(changed ? { changed } : {}) });
  });
  return { title: '', nodes, edges };
}

function nb101Graph(cell: Nb101Cell, start?: Nb101Cell): CellGraph {
  const v = cell.ops.length;
  const nodes: GraphNode[] = cell.ops.map((op, i) => ({
    id: i,
    label: i === 0 ? 'in' : i === v - 1 ? 'out' : shortOp(op),
    kind: i === 0 ? 'input' : i === v - 1 ? 'output' : 'op',
    ...(start && start.ops.length === v && start.ops[i] !== op ? { changed: true } : {}),
  }));
  const edges: GraphEdge[] = [];
  cell.matrix.forEach((row, i) =>
    row.forEach((x, j) => {
      if (!x) return;
      const changed = start !== undefined && !start.matrix[i]?.[j];
      edges.push({ from: i, to: j, ...(changed ? { changed } : {}) });
    }),
  );
  return { title: '', nodes, edges };
}

function dartsGraph(title: 'normal' | 'reduce', edgesOf: readonly DartsEdge[], start?: readonly DartsEdge[]): CellGraph {
  const nodes: GraphNode[] = [
    { id: 0, label: 'c_{k-2}', kind: 'input' },
    { id: 1, label: 'c_{k-1}', kind: 'input' },
    { id: 2, label: '0', kind: 'state' },
    { id: 3, label: '1', kind: 'state' },
    { id: 4, label: '2', kind: 'state' },
    { id: 5, label: '3', kind: 'state' },
    { id: 6, label: 'c_{k}', kind: 'output' },
  ];
  const edges: GraphEdge[] = edgesOf.map(([op, input], e) => {
    const s = start?.[e];
    const changed = start !== undefined && (s?.[0] !== op || s?.[1] !== input);
    return { from: input, to: 2 + Math.floor(e / 2), label: shortOp(op), ...(changed ? { changed } : {}) };
  });
  for (let n = 2; n <= 5; n++) edges.push({ from: n, to: 6 });
  return { title, nodes, edges };
}

/** Short op labels for drawings: nor_conv_3x3 → conv3x3, sep_conv_5x5 → sep5x5, conv3x3-bn-relu → conv3x3. */
export function shortOp(op: string): string {
  return op
    .replace(/^nor_conv_/, 'conv')
    .replace(/-bn-relu$/, '')
    .replace(/^sep_conv_/, 'sep')
    .replace(/^dil_conv_/, 'dil')
    .replace(/_pool_/, 'pool')
    .replace(/^skip_connect$/, 'skip')
    .replace(/^maxpool3x3$/, 'maxpool');
}
