import type { Nb201Cell } from '../types';
import { shown } from '../user-text';

/** Edge order of the arch string and of Nb201Cell.ops: [from, to]. */
export const NB201_EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
];

export type ArchStringParse =
  | { ok: true; cell: Nb201Cell; /** [start, end) of each edge's op name, relative to the text */ opSpans: [number, number][] }
  | { ok: false; message: string; start: number; end: number };

/**
 * Parses `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. Op names are not checked here (validation
 * does that, with "did you mean"); structure is: three node groups with 1, 2, 3 entries,
 * each entry `op~k` with k the entries' index within its group.
 */
export function parseArchString(text: string): ArchStringParse {
  const groups = text.split('+');
  if (groups.length !== 3) {
    return { ok: false, message: `an NB-201 arch string has 3 node groups separated by '+', found ${groups.length}`, start: 0, end: text.length };
  }
  const ops: string[] = [];
  const opSpans: [number, number][] = [];
  let offset = 0;
  for (let g = 0; g < 3; g++) {
    const group = groups[g];
    const node = g + 1;
    if (!group.startsWith('|') || !group.endsWith('|') || group.length < 2) {
      return { ok: false, message: `node ${node}'s group must look like |op~0|…|, found '${shown(group)}'`, start: offset, end: offset + group.length };
    }
    const entries = group.slice(1, -1).split('|');
    if (entries.length !== node) {
      return {
        ok: false,
        message: `node ${node} takes ${node} input edge${node > 1 ? 's' : ''}, found ${entries.length}`,
        start: offset,
        end: offset + group.length,
      };
    }
    let entryStart = offset + 1;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k];
      const tilde = entry.lastIndexOf('~');
      const source = tilde >= 0 ? entry.slice(tilde + 1) : '';
      if (tilde < 0 || source !== String(k)) {
        return {
          ok: false,
          message: `edge ${k}->${node} must be written 'op~${k}', found '${shown(entry)}'`,
          start: entryStart,
          end: entryStart + entry.length,
        };
      }
      ops.push(entry.slice(0, tilde));
      opSpans.push([entryStart, entryStart + tilde]);
      entryStart += entry.length + 1;
    }
    offset += group.length + 1;
  }
  return { ok: true, cell: { space: 'nb201', ops }, opSpans };
}

export function formatArchString(cell: Nb201Cell): string {
  const o = cell.ops;
  return `|${o[0]}~0|+|${o[1]}~0|${o[2]}~1|+|${o[3]}~0|${o[4]}~1|${o[5]}~2|`;
}

/** A regular expression that finds candidate arch strings in any text (ops not checked). */
export const ARCH_STRING_PATTERN = /\|[A-Za-z0-9_-]+~0\|\+\|[A-Za-z0-9_-]+~0\|[A-Za-z0-9_-]+~1\|\+\|[A-Za-z0-9_-]+~0\|[A-Za-z0-9_-]+~1\|[A-Za-z0-9_-]+~2\|/g;
