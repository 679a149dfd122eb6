import type { Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';
import { NB201_OPS } from './encode';
import { nb201UniqueString } from './unique-string';

/**
 * NB-201 cells by generation code (the op ids read as a base-5 number, first edge most significant;
 * see index-order.ts): one shared, frozen cell object and its canonical hash per code, made on first
 * use. For hot loops (search) that would otherwise build, validate and hash the same few thousand
 * cells over and over.
 */

// Module-level copies: imported bindings can cost a getter call per use (CommonJS output).
const OPS: readonly string[] = NB201_OPS;
const BASE = OPS.length;
const EDGES = NB201_EDGES.length;
export const NB201_CODE_COUNT = BASE ** EDGES;
/** BASE^(EDGES-1-e): the weight of edge e's op id in a code. */
export const NB201_EDGE_WEIGHTS: readonly number[] = Array.from({ length: EDGES }, (_, e) => BASE ** (EDGES - 1 - e));
const WEIGHTS = NB201_EDGE_WEIGHTS;
const OP_ID = new Map(OPS.map((op, i) => [op, i]));

const cells: (Nb201Cell | undefined)[] = new Array(NB201_CODE_COUNT);
/** The code of each shared cell, by object: cheaper than reading its ops. */
const codeOfShared = new Map<object, number>();
const keys: (string | undefined)[] = new Array(NB201_CODE_COUNT);

/** The id (index in NB201_OPS) of an op name; -1 for anything else. */
export function nb201OpId(op: unknown): number {
  return OP_ID.get(op as string) ?? -1;
}

/** The generation code of a valid cell (six known ops), -1 for anything else; never throws. */
export function nb201CodeOf(cell: Nb201Cell): number {
  const shared = codeOfShared.get(cell);
  if (shared !== undefined) return shared;
  const ops: unknown = (cell as { ops?: unknown } | null | undefined)?.ops;
  if (!Array.isArray(ops) || ops.length !== EDGES) return -1;
  let code = 0;
  for (let e = 0; e < EDGES; e++) {
    const id = OP_ID.get(ops[e]);
    if (id === undefined) return -1;
    code = code * BASE + id;
  }
  return code;
}

/** The shared, frozen cell of a code (0 ≤ code < NB201_CODE_COUNT). */
export function nb201CellOfCode(code: number): Nb201Cell {
  let cell = cells[code];
  if (!cell) {
    const ops: string[] = [];
    for (let e = 0; e < EDGES; e++) ops.push(OPS[Math.floor(code / WEIGHTS[e]) % BASE]);
    cell = Object.freeze({ space: 'nb201' as const, ops: Object.freeze(ops) });
    cells[code] = cell;
    codeOfShared.set(cell, code);
  }
  return cell;
}

/** nb201.hash of the cell of a code (NB-201's unique string), computed once. */
export function nb201KeyOfCode(code: number): string {
  let key = keys[code];
  if (key === undefined) {
    key = nb201UniqueString(nb201CellOfCode(code));
    keys[code] = key;
  }
  return key;
}
