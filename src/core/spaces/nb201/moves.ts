import type { Rng } from '../../rng';
import type { Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';
import { NB201_OPS } from './encode';

/** The cell with edge `edge` set to `op`. */
export function withOp(cell: Nb201Cell, edge: number, op: string): Nb201Cell {
  const ops = cell.ops.slice();
  ops[edge] = op;
  return { space: 'nb201', ops };
}

/** NASLib's neighbourhood: every cell that differs in exactly one edge's op (6 edges × 4 other ops = 24). */
export function nb201Neighbours(cell: Nb201Cell): Nb201Cell[] {
  const out: Nb201Cell[] = [];
  for (let e = 0; e < NB201_EDGES.length; e++) {
    for (const op of NB201_OPS) if (op !== cell.ops[e]) out.push(withOp(cell, e, op));
  }
  return out;
}

/** One uniformly chosen neighbour: a random edge gets a random different op. */
export function nb201Mutate(cell: Nb201Cell, rng: Rng): Nb201Cell {
  const edge = rng.int(NB201_EDGES.length);
  return withOp(cell, edge, rng.pick(NB201_OPS.filter((op) => op !== cell.ops[edge])));
}

/** Each edge's op drawn independently and uniformly: uniform over all 5^6 cells. */
export function nb201Sample(rng: Rng): Nb201Cell {
  return { space: 'nb201', ops: NB201_EDGES.map(() => rng.pick(NB201_OPS)) };
}
