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
  const mask = liveMask(matrix);
  if (mask === undefined) {
    const fromInput = reachableFromInput(matrix);
    const toOutput = reachingOutput(matrix);
    return [...fromInput].filter((x) => toOutput.has(x)).sort((a, b) => a - b);
  }
  const live: number[] = [];
  for (let x = 0; mask >>> x; x++) if ((mask >>> x) & 1) live.push(x);
  return live;
}

/**
 * The vertices on some input → output path as a bit mask (bit x for vertex x), the same set as
 * reachableFromInput ∩ reachingOutput (forward edges, entries equal to 1); undefined beyond 31
 * vertices. Edges only go forward, so one pass in vertex order (and one in reverse) settles it.
 */
export function liveMask(matrix: readonly (readonly number[])[]): number | undefined {
  const v = matrix.length;
  if (v > 31) return undefined;
  if (v === 0) return 0;
  let from = 1;
  for (let i = 0; i < v; i++) {
    if (!((from >>> i) & 1)) continue;
    const row = matrix[i];
    for (let j = i + 1; j < v; j++) if (row[j] === 1) from |= 1 << j;
  }
  let to = 1 << (v - 1);
  for (let j = v - 1; j > 0; j--) {
    if (!((to >>> j) & 1)) continue;
    for (let i = 0; i < j; i++) if (matrix[i][j] === 1) to |= 1 << i;
  }
  return (from & to) >>> 0;
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
