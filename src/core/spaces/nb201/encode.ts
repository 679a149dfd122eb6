import { emptyEncoding, setEdge, setNode } from '../encoding';
import type { CellEncoding, EncodingSpec, Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';
import { shown } from '../user-text';

export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

/**
 * Op-node graph: node 0 = input, nodes 1..6 = the six edges' ops (arch-string order), node 7 = output.
 * Op node of edge a→b feeds op node of edge b→c; edges leaving node 0 read the input; edges into node 3 feed the output.
 * The adjacency is the same for every cell.
 */
export const NB201_ENCODING: EncodingSpec = {
  graphs: 1,
  nodes: 8,
  features: 2 + NB201_OPS.length,
  featureNames: ['input', 'output', ...NB201_OPS],
  fixedAdjacency: true,
};

export function encodeNb201(cell: Nb201Cell): CellEncoding {
  const spec = NB201_ENCODING;
  const enc = emptyEncoding(spec);
  setNode(spec, enc, 0, 0, 0);
  setNode(spec, enc, 0, 7, 1);
  NB201_EDGES.forEach(([from, to], e) => {
    const op = (NB201_OPS as readonly string[]).indexOf(cell.ops[e]);
    if (op < 0) throw new Error(`cannot encode unknown NB-201 op '${shown(cell.ops[e])}'`);
    setNode(spec, enc, 0, 1 + e, 2 + op);
    if (from === 0) setEdge(spec, enc, 0, 0, 1 + e);
    if (to === 3) setEdge(spec, enc, 0, 1 + e, 7);
    NB201_EDGES.forEach(([nextFrom], next) => {
      if (nextFrom === to) setEdge(spec, enc, 0, 1 + e, 1 + next);
    });
  });
  return enc;
}
