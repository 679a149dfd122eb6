import { DARTS_OPS } from './encode';
import { DARTS_INTERMEDIATE_NODES } from './validate';

/**
 * Distinct normal (or reduction) cells up to the order of a node's two edges: node k+2 takes an
 * unordered pair of distinct inputs from k+2 candidates, each edge with any op. 1,037,664,180.
 */
export const DARTS_CELLS_PER_KIND = Array.from({ length: DARTS_INTERMEDIATE_NODES }, (_, k) => {
  const candidates = k + 2;
  return ((candidates * (candidates - 1)) / 2) * DARTS_OPS.length ** 2;
}).reduce((a, b) => a * b, 1);
