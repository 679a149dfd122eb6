import type { Nb101Cell } from '../types';
import { parseCompact } from './compact';
import { countEdges } from './prune';
import { shown } from '../user-text';

/** Header of nb101_space.csv(.gz): one row per NB-101 cell, in the compact form of compact.ts. */
export const NB101_SPACE_HEADER = 'hash,n_vertices,n_edges,matrix,ops';

export interface Nb101SpaceRow {
  readonly hash: string;
  readonly cell: Nb101Cell;
}

/** One data row of nb101_space.csv, e.g. `00005c14…,7,9,100110100001001010101,02001`. Throws on a malformed row. */
export function parseNb101SpaceLine(line: string): Nb101SpaceRow {
  const fields = line.trim().split(',');
  if (fields.length !== 5) throw new Error(`expected 5 fields (${NB101_SPACE_HEADER}), got ${fields.length} in '${shown(line)}'`);
  const [hash, vertices, edges, matrix, ops] = fields;
  if (!/^[0-9a-f]{32}$/.test(hash)) throw new Error(`hash must be 32 lowercase hex digits, got '${shown(hash)}'`);
  const parsed = parseCompact(Number(vertices), matrix, ops);
  if (!parsed.ok) throw new Error(parsed.message);
  const actualEdges = countEdges(parsed.cell.matrix);
  if (String(actualEdges) !== edges) throw new Error(`n_edges is '${shown(edges)}' but the matrix has ${actualEdges} edges`);
  return { hash, cell: parsed.cell };
}
