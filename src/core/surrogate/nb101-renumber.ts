import type { Rng } from '../rng';
import { relabelNb101, topologicalOrders } from '../spaces/nb101/canonical';
import { pruneNb101 } from '../spaces/nb101/prune';
import type { Nb101Cell } from '../spaces/types';

/**
 * Training-set augmentation for NB-101 (issue 11): the same cell under another numbering of its
 * vertices. The cell is pruned first (as the surrogate encodes it), then renumbered by a random
 * topological order other than its own when it has one (a chain has only one). The result is
 * isomorphic to the input: same canonical hash, same accuracy.
 */
export function renumberedNb101(cell: Nb101Cell, rng: Rng): Nb101Cell {
  const pruned = pruneNb101(cell);
  const identity = (order: readonly number[]) => order.every((old, k) => old === k);
  const others = topologicalOrders(pruned).filter((order) => !identity(order));
  return others.length ? relabelNb101(pruned, others[rng.int(others.length)]) : pruned;
}
