import { parseGenotypeString } from '../../../src/core/spaces/darts/genotype-string';
import type { DartsCell, DartsEdge } from '../../../src/core/spaces/types';

export function edgesOf(text: string): DartsEdge[] {
  const parsed = parseGenotypeString(text);
  if (!parsed.ok) throw new Error(`bad genotype in a test: ${parsed.message}`);
  return parsed.edges;
}

export function dartsCell(normal: string, reduce: string): DartsCell {
  return { space: 'darts', normal: edgesOf(normal), reduce: edgesOf(reduce) };
}

/** DARTS_V2 of quark0/darts cnn/genotypes.py. */
export const DARTS_V2 = dartsCell(
  'sep_conv_3x3~0|sep_conv_3x3~1|sep_conv_3x3~0|sep_conv_3x3~1|sep_conv_3x3~1|skip_connect~0|skip_connect~0|dil_conv_3x3~2',
  'max_pool_3x3~0|max_pool_3x3~1|skip_connect~2|max_pool_3x3~1|max_pool_3x3~0|skip_connect~2|skip_connect~2|max_pool_3x3~1',
);

export function withEdge(cell: DartsCell, kind: 'normal' | 'reduce', edge: number, value: unknown): DartsCell {
  const edges: unknown[] = cell[kind].slice();
  edges[edge] = value;
  return { ...cell, [kind]: edges as DartsEdge[] };
}
