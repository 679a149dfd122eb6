import { NB201_CODE_COUNT, nb201CellOfCode, nb201CodeOf, nb201KeyOfCode } from '../spaces/nb201/codes';
import type { Nb201Cell } from '../spaces/types';
import type { Preprocess } from './config';
import { nb201LiveEdges } from './nb201-live-edges';

let representative: Int32Array | undefined;

/**
 * One cell per NB-201 isomorphism class (the benchmark's unique string, nb201.hash): the class member
 * with the smallest generation code. Every cell of a class maps to the same object, so cells that
 * compute the same function are encoded, and scored, alike. The table over all 15,625 codes is built
 * on first use (a few ms).
 */
export function nb201Canonical(cell: Nb201Cell): Nb201Cell {
  const code = nb201CodeOf(cell);
  if (code < 0) return cell;
  return nb201CellOfCode(canonicalCodes()[code]);
}

function canonicalCodes(): Int32Array {
  if (representative) return representative;
  const first = new Map<string, number>();
  const table = new Int32Array(NB201_CODE_COUNT);
  for (let code = 0; code < NB201_CODE_COUNT; code++) {
    const key = nb201KeyOfCode(code);
    let rep = first.get(key);
    if (rep === undefined) {
      rep = code;
      first.set(key, code);
    }
    table[code] = rep;
  }
  representative = table;
  return table;
}

const classTables = new Map<Preprocess, Int32Array>();

/**
 * The generation code of the cell the surrogate actually encodes for `cell` under `preprocess` (live
 * edges of the canonical member, …): cells with the same value encode alike. -1 for a cell that is
 * not a valid NB-201 cell. Looked up per code in a table filled on demand.
 */
export function nb201EncodingClass(cell: Nb201Cell, preprocess: Preprocess): number {
  const code = nb201CodeOf(cell);
  if (code < 0) return -1;
  let table = classTables.get(preprocess);
  if (!table) {
    table = new Int32Array(NB201_CODE_COUNT).fill(-1);
    classTables.set(preprocess, table);
  }
  if (table[code] < 0) {
    const shared = nb201CellOfCode(code);
    const encoded = preprocess === 'none' ? shared : nb201LiveEdges(preprocess === 'nb201-canonical' ? nb201Canonical(shared) : shared);
    table[code] = nb201CodeOf(encoded);
  }
  return table[code];
}
