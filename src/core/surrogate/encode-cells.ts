import { encodeDarts, DARTS_ENCODING } from '../spaces/darts/encode';
import { encodeNb101, NB101_ENCODING } from '../spaces/nb101/encode';
import { pruneNb101 } from '../spaces/nb101/prune';
import { encodeNb201, NB201_ENCODING } from '../spaces/nb201/encode';
import type { Cell, CellEncoding, EncodingSpec, SpaceId } from '../spaces/types';
import type { Preprocess } from './config';
import { nb201Canonical } from './nb201-canonical';
import { nb201LiveEdges } from './nb201-live-edges';

/** Encodings of many cells, stacked: cell-major, each cell as in CellEncoding. */
export interface EncodedCells {
  readonly count: number;
  readonly spec: EncodingSpec;
  readonly features: Float32Array;
  readonly adjacency: Float32Array;
  readonly mask: Float32Array;
}

export function encodingSpecOf(space: SpaceId): EncodingSpec {
  return space === 'nb201' ? NB201_ENCODING : space === 'nb101' ? NB101_ENCODING : DARTS_ENCODING;
}

/**
 * The preprocessing a space's surrogate uses by default. NB-201: canonical cells (measured neutral for
 * Kendall τ against live edges alone, bench/results/surrogate-experiments.md: n201-canon, n201-12k-canon;
 * cells that compute the same function score the same; a third fewer distinct encodings to score).
 */
export function defaultPreprocess(space: SpaceId): Preprocess {
  return space === 'nb201' ? 'nb201-canonical' : 'none';
}

const NB201_NONE_FEATURE = NB201_ENCODING.featureNames.indexOf('none');

/** One cell's encoding as the surrogate sees it (NB-101 cells are pruned first). */
export function encodeForSurrogate(space: SpaceId, preprocess: Preprocess, cell: Cell): CellEncoding {
  if (cell.space !== space) throw new Error(`this surrogate ranks ${space} cells, got a ${cell.space} cell`);
  switch (cell.space) {
    case 'nb201': {
      if (preprocess === 'none') return encodeNb201(cell);
      // before live edges, which would turn an unknown op on a dead edge into 'none' unseen
      const unknown = cell.ops.find((op) => !(NB201_ENCODING.featureNames as readonly string[]).includes(op) || op === 'input' || op === 'output');
      if (unknown !== undefined) throw new Error(`cannot encode unknown NB-201 op '${unknown}'`);
      const enc = encodeNb201(nb201LiveEdges(preprocess === 'nb201-canonical' ? nb201Canonical(cell) : cell));
      const { nodes, features } = NB201_ENCODING;
      for (let n = 0; n < nodes; n++) if (enc.features[n * features + NB201_NONE_FEATURE] === 1) enc.mask[n] = 0;
      return enc;
    }
    case 'nb101':
      return encodeNb101(pruneNb101(cell));
    case 'darts':
      return encodeDarts(cell);
  }
}

export function encodeCells(space: SpaceId, preprocess: Preprocess, cells: readonly Cell[]): EncodedCells {
  const { out, f, a, m } = allocateEncoded(encodingSpecOf(space), cells.length);
  cells.forEach((cell, i) => {
    const enc = encodeForSurrogate(space, preprocess, cell);
    out.features.set(enc.features, i * f);
    out.adjacency.set(enc.adjacency, i * a);
    out.mask.set(enc.mask, i * m);
  });
  return out;
}

/** Zeroed arrays for `count` cells of one encoding, and the per-cell sizes of features, adjacency and mask. */
function allocateEncoded(spec: EncodedCells['spec'], count: number) {
  const f = spec.graphs * spec.nodes * spec.features;
  const a = spec.graphs * spec.nodes * spec.nodes;
  const m = spec.graphs * spec.nodes;
  const out = { count, spec, features: new Float32Array(count * f), adjacency: new Float32Array(count * a), mask: new Float32Array(count * m) };
  return { out, f, a, m };
}

/** The rows `indices` of an encoded set, in that order. */
export function selectEncoded(set: EncodedCells, indices: ArrayLike<number>): EncodedCells {
  const { out, f, a, m } = allocateEncoded(set.spec, indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < set.count)) throw new RangeError(`row ${i} is outside the ${set.count} encoded cells`);
    out.features.set(set.features.subarray(i * f, (i + 1) * f), k * f);
    out.adjacency.set(set.adjacency.subarray(i * a, (i + 1) * a), k * a);
    out.mask.set(set.mask.subarray(i * m, (i + 1) * m), k * m);
  }
  return out;
}
