import type { Nb101Cell } from '../types';
import { NB101_OPS } from './compact';

/**
 * Every renumbering of the interior vertices that keeps the matrix upper-triangular (a topological
 * order of the DAG), as `order[k]` = the old vertex that becomes vertex k. Input and output stay put.
 */
export function topologicalOrders(cell: Nb101Cell): number[][] {
  const { matrix } = cell;
  const v = cell.ops.length;
  const orders: number[][] = [];
  const placed = new Array<boolean>(v).fill(false);
  const order = [0];
  const extend = () => {
    if (order.length === v - 1) {
      orders.push([...order, v - 1]);
      return;
    }
    for (let x = 1; x < v - 1; x++) {
      if (placed[x]) continue;
      let ready = true;
      for (let u = 1; u < x && ready; u++) if (matrix[u][x] && !placed[u]) ready = false;
      if (!ready) continue;
      placed[x] = true;
      order.push(x);
      extend();
      order.pop();
      placed[x] = false;
    }
  };
  extend();
  return orders;
}

export function relabelNb101(cell: Nb101Cell, order: readonly number[]): Nb101Cell {
  return {
    space: 'nb101',
    matrix: order.map((i) => order.map((j) => cell.matrix[i][j])),
    ops: order.map((i) => cell.ops[i]),
  };
}

/**
 * The numbering NAS-Bench-101 itself stored and trained for this cell: generate_graphs.py enumerates
 * matrices by a column-major edge bitmask (edge i→j is bit i + j(j-1)/2), then labelings in
 * lexicographic order, and keeps the first graph of each hash. So among the topological numberings
 * the smallest (bitmask, labeling) wins. Numbering matters for costs: the channel split at the output
 * gives its remainder to the lowest-numbered vertices. Expects a pruned, valid cell.
 */
export function canonicalNb101(cell: Nb101Cell): Nb101Cell {
  let best: Nb101Cell = cell;
  let bestKey: number[] | undefined;
  for (const order of topologicalOrders(cell)) {
    const candidate = relabelNb101(cell, order);
    const key = enumerationKey(candidate);
    if (!bestKey || precedes(key, bestKey)) {
      best = candidate;
      bestKey = key;
    }
  }
  return best;
}

function enumerationKey(cell: Nb101Cell): number[] {
  const v = cell.ops.length;
  let bits = 0;
  for (let j = 1; j < v; j++) for (let i = 0; i < j; i++) if (cell.matrix[i][j]) bits += 2 ** (i + (j * (j - 1)) / 2);
  return [bits, ...cell.ops.slice(1, -1).map((op) => (NB101_OPS as readonly string[]).indexOf(op))];
}

function precedes(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
