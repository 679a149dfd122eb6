import type { Rng } from '../../rng';
import type { DartsCell, DartsEdge } from '../types';
import { DARTS_OPS } from './encode';
import { hashDarts } from './hash';
import { DARTS_CELL_KINDS, DARTS_EDGES_PER_CELL, DARTS_INTERMEDIATE_NODES, nodeOfEdge } from './validate';
import type { DartsCellKind } from './validate';

/*
 * The search moves of NASLib's DARTS space (automl/NASLib naslib/search_spaces/darts/graph.py:
 * get_nbhd, mutate, sample_random_architecture), on DartsCell instead of NASLib's compact tuples.
 */

function withEdge(cell: DartsCell, kind: DartsCellKind, edge: number, value: DartsEdge): DartsCell {
  const edges = cell[kind].slice();
  edges[edge] = value;
  return { ...cell, [kind]: edges };
}

function siblingOf(edge: number): number {
  return edge % 2 === 0 ? edge + 1 : edge - 1;
}

/**
 * Every cell one change away: one edge's op replaced by another op, or one edge's input replaced by
 * another allowed input that its sibling edge does not already use. For a valid cell that is
 * 2 cells × 8 edges × 6 ops = 96 op changes plus 2 × 2 × (0+1+2+3) = 24 input changes: 120 cells, all
 * valid and pairwise distinct by hash. Throws on an invalid cell.
 */
export function dartsNeighbours(cell: DartsCell): DartsCell[] {
  const own = hashDarts(cell);
  const seen = new Set([own]);
  const out: DartsCell[] = [];
  const add = (candidate: DartsCell): void => {
    const id = hashDarts(candidate);
    if (seen.has(id)) return;
    seen.add(id);
    out.push(candidate);
  };
  for (const kind of DARTS_CELL_KINDS) {
    const edges = cell[kind];
    edges.forEach(([op, input], e) => {
      for (const other of DARTS_OPS) if (other !== op) add(withEdge(cell, kind, e, [other, input]));
      const taken = edges[siblingOf(e)][1];
      for (let source = 0; source < nodeOfEdge(e); source++) {
        if (source !== input && source !== taken) add(withEdge(cell, kind, e, [op, source]));
      }
    });
  }
  return out;
}

/**
 * NASLib's mutate: pick a cell, an edge and whether to redraw its op (uniform over all ops) or its input
 * (uniform over the node's inputs, kept only if the sibling edge does not use it). NASLib may return
 * the parent unchanged; here the draw repeats until the cell changes. Throws on an invalid cell.
 */
export function mutateDarts(cell: DartsCell, rng: Rng): DartsCell {
  const own = hashDarts(cell);
  for (;;) {
    const kind = rng.pick(DARTS_CELL_KINDS);
    const e = rng.int(DARTS_EDGES_PER_CELL);
    const [op, input] = cell[kind][e];
    let next: DartsEdge;
    if (rng.int(2) === 1) {
      next = [rng.pick(DARTS_OPS), input];
    } else {
      const source = rng.int(nodeOfEdge(e));
      if (source === cell[kind][siblingOf(e)][1]) continue;
      next = [op, source];
    }
    const child = withEdge(cell, kind, e, next);
    if (hashDarts(child) !== own) return child;
  }
}

/** NASLib's sample_random_architecture: per node two distinct inputs, uniformly, and uniform ops. */
export function sampleDarts(rng: Rng): DartsCell {
  const sampleEdges = (): DartsEdge[] => {
    const edges: DartsEdge[] = [];
    for (let k = 0; k < DARTS_INTERMEDIATE_NODES; k++) {
      const [a, b] = rng.shuffle(Array.from({ length: k + 2 }, (_, i) => i));
      edges.push([rng.pick(DARTS_OPS), a], [rng.pick(DARTS_OPS), b]);
    }
    return edges;
  };
  const normal = sampleEdges();
  return { space: 'darts', normal, reduce: sampleEdges() };
}
