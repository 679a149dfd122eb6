import { emptyEncoding, setEdge, setNode } from '../encoding';
import type { CellEncoding, EncodingSpec, Nb101Cell } from '../types';
import { NB101_OPS } from './compact';
import { shown } from '../user-text';

/**
 * Vertex graph of the (pruned) cell, padded to 7 nodes: vertex i of the cell is node i,
 * except that the output vertex always sits at node 6 so that "output" has one fixed slot.
 */
export const NB101_ENCODING: EncodingSpec = {
  graphs: 1,
  nodes: 7,
  features: 2 + NB101_OPS.length,
  featureNames: ['input', 'output', ...NB101_OPS],
  fixedAdjacency: false,
};

/** Encodes a cell as given; callers pass the pruned cell so that equal cells encode alike. */
export function encodeNb101(cell: Nb101Cell): CellEncoding {
  const spec = NB101_ENCODING;
  const enc = emptyEncoding(spec);
  const v = cell.ops.length;
  if (v < 2 || v > 7) throw new Error(`cannot encode an NB-101 cell with ${v} vertices`);
  const slot = (i: number) => (i === v - 1 ? 6 : i);
  for (let i = 0; i < v; i++) {
    const label = i === 0 ? 0 : i === v - 1 ? 1 : 2 + (NB101_OPS as readonly string[]).indexOf(cell.ops[i]);
    if (label < 2 && i !== 0 && i !== v - 1) throw new Error(`cannot encode unknown NB-101 op '${shown(cell.ops[i])}'`);
    setNode(spec, enc, 0, slot(i), label);
    for (let j = i + 1; j < v; j++) if (cell.matrix[i][j]) setEdge(spec, enc, 0, slot(i), slot(j));
  }
  return enc;
}
