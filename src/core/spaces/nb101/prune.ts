import type { Nb101Cell } from '../types';

/** Vertices reachable from the input along forward edges (i → j with i < j), as NASBench's ModelSpec walks them. */
export function reachableFromInput(matrix: readonly (readonly number[])[]): Set<number> {
  const v = matrix.length;
  const seen = new Set<number>([0]);
  const frontier = [0];
  while (frontier.length) {
    const top = frontier.pop()!;
    for (let next = top + 1; next < v; next++) {
      if (matrix[top][next] === 1 && !seen.has(next)) {
        seen.add(next);
        frontier.push(next);
      }
    }
  }
  return seen;
}

/** Vertices from which the output is reachable along forward edges. */
export function reachingOutput(matrix: readonly (readonly number[])[]): Set<number> {
  const v = matrix.length;
  const seen = new Set<number>([v - 1]);
  const frontier = [v - 1];
  while (frontier.length) {
    const top = frontier.pop()!;
    for (let prev = 0; prev < top; prev++) {
      if (matrix[prev][top] === 1 && !seen.has(prev)) {
        seen.add(prev);
        frontier.push(prev);
      }
    }
  }
  return seen;
}

/** Indices of the vertices that lie on some input → output path, ascending. */
export function liveVertices(matrix: readonly (readonly number[])[]): number[] {
  const fromInput = reachableFromInput(matrix);
  const toOutput = reachingOutput(matrix);
  return [...fromInput].filter((x) => toOutput.has(x)).sort((a, b) => a - b);
}

/**
 * NASBench ModelSpec pruning: drops every vertex that is not on an input → output path, keeping
 * the order of the others. Expects a square, upper-triangular 0/1 matrix. A cell whose output is
 * unreachable has nothing to keep and is returned unchanged (validation reports it).
 */
export function pruneNb101(cell: Nb101Cell): Nb101Cell {
  const live = liveVertices(cell.matrix);
  if (live.length < 2) return cell;
  if (live.length === cell.ops.length) return cell;
  return {
    space: 'nb101',
    matrix: live.map((i) => live.map((j) => cell.matrix[i][j])),
    ops: live.map((i) => cell.ops[i]),
  };
}

export function countEdges(matrix: readonly (readonly number[])[]): number {
  let edges = 0;
  for (const row of matrix) for (const entry of row) if (entry === 1) edges++;
  return edges;
}
