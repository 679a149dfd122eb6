import type { CellEncoding, EncodingSpec } from './types';

/** Allocates the zeroed arrays of one cell's encoding. */
export function emptyEncoding(spec: EncodingSpec): { features: Float32Array; adjacency: Float32Array; mask: Float32Array } {
  return {
    features: new Float32Array(spec.graphs * spec.nodes * spec.features),
    adjacency: new Float32Array(spec.graphs * spec.nodes * spec.nodes),
    mask: new Float32Array(spec.graphs * spec.nodes),
  };
}

/** Writes node `node` of graph `graph`: its one-hot label and its mask bit. */
export function setNode(spec: EncodingSpec, enc: CellEncoding, graph: number, node: number, feature: number): void {
  if (feature < 0 || feature >= spec.features) throw new RangeError(`feature ${feature} out of range for node ${node}`);
  enc.features[(graph * spec.nodes + node) * spec.features + feature] = 1;
  enc.mask[graph * spec.nodes + node] = 1;
}

export function setEdge(spec: EncodingSpec, enc: CellEncoding, graph: number, from: number, to: number): void {
  enc.adjacency[(graph * spec.nodes + from) * spec.nodes + to] = 1;
}
