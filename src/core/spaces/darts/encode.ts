import { emptyEncoding, setEdge, setNode } from '../encoding';
import type { CellEncoding, DartsEdge, EncodingSpec, DartsCell } from '../types';
import { shown } from '../user-text';

export const DARTS_OPS = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] as const;

/**
 * Two op-node graphs (normal, reduce) of 15 nodes: 0 = c_{k-2}, 1 = c_{k-1}, 2..9 = the 8 edges' ops,
 * 10..13 = intermediate nodes 2..5 (sums), 14 = the output (concatenation of 2..5).
 */
export const DARTS_ENCODING: EncodingSpec = {
  graphs: 2,
  nodes: 15,
  features: 2 + DARTS_OPS.length + 2,
  featureNames: ['c_{k-2}', 'c_{k-1}', ...DARTS_OPS, 'sum', 'output'],
  fixedAdjacency: false,
};

const SUM = 2 + DARTS_OPS.length;
const OUTPUT = SUM + 1;

export function encodeDarts(cell: DartsCell): CellEncoding {
  const spec = DARTS_ENCODING;
  const enc = emptyEncoding(spec);
  ([cell.normal, cell.reduce] as const).forEach((edges: readonly DartsEdge[], g) => {
    setNode(spec, enc, g, 0, 0);
    setNode(spec, enc, g, 1, 1);
    for (let k = 0; k < 4; k++) {
      setNode(spec, enc, g, 10 + k, SUM);
      setEdge(spec, enc, g, 10 + k, 14);
    }
    setNode(spec, enc, g, 14, OUTPUT);
    edges.forEach(([op, input], e) => {
      const label = (DARTS_OPS as readonly string[]).indexOf(op);
      if (label < 0) throw new Error(`cannot encode unknown DARTS op '${shown(op)}'`);
      const source = input < 2 ? input : 10 + (input - 2);
      setNode(spec, enc, g, 2 + e, 2 + label);
      setEdge(spec, enc, g, source, 2 + e);
      setEdge(spec, enc, g, 2 + e, 10 + Math.floor(e / 2));
    });
  });
  return enc;
}
