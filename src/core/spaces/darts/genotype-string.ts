import type { DartsCell, DartsEdge } from '../types';
import { shown } from '../user-text';

/**
 * The compact genotype form of the shared CSV files: 8 entries `op~input` separated by `|`,
 * entries 2k and 2k+1 feeding intermediate node k+2 (0 = c_{k-2}, 1 = c_{k-1}).
 */
export type GenotypeStringParse = { ok: true; edges: DartsEdge[] } | { ok: false; message: string };

export function parseGenotypeString(text: string): GenotypeStringParse {
  const entries = text.trim().split('|');
  const edges: DartsEdge[] = [];
  for (const [i, entry] of entries.entries()) {
    const m = /^\s*([^~\s]+)\s*~\s*(\d+)\s*$/.exec(entry);
    if (!m) return { ok: false, message: `entry ${i + 1} '${shown(entry)}' is not 'op~input'` };
    edges.push([m[1], Number(m[2])]);
  }
  return { ok: true, edges };
}

export function formatGenotypeString(edges: readonly DartsEdge[]): string {
  return edges.map(([op, input]) => `${op}~${input}`).join('|');
}

/** `normal || reduce`, the single-line text form of a DARTS cell. */
export function formatDartsText(cell: DartsCell): string {
  return `${formatGenotypeString(cell.normal)} || ${formatGenotypeString(cell.reduce)}`;
}
