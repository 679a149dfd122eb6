import { NB201_EDGES } from '../spaces/nb201/arch-string';
import type { Nb201Cell } from '../spaces/types';

/**
 * The same cell with every edge that lies on no input→output path of non-'none' edges set to
 * 'none': such edges cannot change what the cell computes.
 */
export function nb201LiveEdges(cell: Nb201Cell): Nb201Cell {
  const live = cell.ops.map((op) => op !== 'none');
  const fromInput = new Set([0]);
  NB201_EDGES.forEach(([from, to], e) => {
    if (live[e] && fromInput.has(from)) fromInput.add(to);
  });
  const toOutput = new Set([3]);
  for (let e = NB201_EDGES.length - 1; e >= 0; e--) {
    const [from, to] = NB201_EDGES[e];
    if (live[e] && toOutput.has(to)) toOutput.add(from);
  }
  const ops = cell.ops.map((op, e) => {
    const [from, to] = NB201_EDGES[e];
    return live[e] && fromInput.has(from) && toOutput.has(to) ? op : 'none';
  });
  return { space: 'nb201', ops };
}
