import { hasErrors } from '../types';
import type { DartsCell, DartsEdge } from '../types';
import { formatDartsText } from './genotype-string';
import { validateDarts } from './validate';

/** The same cell with each node's two edges in a fixed order (by input, then op). */
export function canonicalDarts(cell: DartsCell): DartsCell {
  return { space: 'darts', normal: sortNodePairs(cell.normal), reduce: sortNodePairs(cell.reduce) };
}

function sortNodePairs(edges: readonly DartsEdge[]): DartsEdge[] {
  const out: DartsEdge[] = [];
  for (let e = 0; e < edges.length; e += 2) {
    const pair = [edges[e], edges[e + 1]].sort(compareEdges);
    out.push(...pair);
  }
  return out;
}

function compareEdges(a: DartsEdge, b: DartsEdge): number {
  return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/**
 * Canonical id: the "normal || reduce" text of the canonical cell. A node sums its two edges, so their
 * order does not change the function; nothing else is identified.
 */
export function hashDarts(cell: DartsCell): string {
  let hash = hashes.get(cell);
  if (hash !== undefined) return hash;
  const issues = validateDarts(cell);
  if (hasErrors(issues)) {
    throw new Error(
      `cannot hash an invalid DARTS cell: ${issues
        .filter((i) => i.severity === 'error')
        .map((i) => i.message)
        .join('; ')}`,
    );
  }
  hash = formatDartsText(canonicalDarts(cell));
  hashes.set(cell, hash);
  return hash;
}

/**
 * Hashes by cell object (cells are immutable): mutation hashes the parent and every child, and a
 * search asks for the same children's hashes again.
 */
const hashes = new WeakMap<DartsCell, string>();

/** The hash of a cell hashDarts has seen (so a valid one), without work; undefined otherwise. */
export function knownDartsHash(cell: DartsCell): string | undefined {
  return hashes.get(cell);
}
