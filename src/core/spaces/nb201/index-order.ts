import type { Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';
import { NB201_OPS } from './encode';
import { pythonRandom } from './python-random';
import { shown } from '../user-text';

export const NB201_SIZE = NB201_OPS.length ** NB201_EDGES.length;

let order: { cells: readonly Nb201Cell[]; indexOfCode: Uint16Array } | undefined;

/**
 * NAS-Bench-201 numbered its cells by listing them in "generation order" (edges in arch-string order,
 * the first edge varying slowest, ops in NB201_OPS order: a base-5 counter) and shuffling that list with
 * Python's `random.seed(88); random.shuffle(...)`. Replaying the shuffle gives the benchmark's indices
 * without shipping a table; the unit tests check it against nb201.csv.
 */
function benchmarkOrder(): { cells: readonly Nb201Cell[]; indexOfCode: Uint16Array } {
  if (!order) {
    const codes = Array.from({ length: NB201_SIZE }, (_, code) => code);
    pythonRandom(88).shuffle(codes);
    const indexOfCode = new Uint16Array(NB201_SIZE);
    codes.forEach((code, index) => {
      indexOfCode[code] = index;
    });
    order = { cells: codes.map(cellOfCode), indexOfCode };
  }
  return order;
}

/** All 15,625 cells, position i holding NAS-Bench-201 architecture index i. */
export function enumerateNb201(): Nb201Cell[] {
  return benchmarkOrder().cells.slice();
}

/** The NAS-Bench-201 architecture index (0..15624) of a cell with known ops. */
export function nb201Index(cell: Nb201Cell): number {
  return benchmarkOrder().indexOfCode[generationCode(cell)];
}

/** The cell's position in generation order: its op ids read as a base-5 number, first edge most significant. */
export function generationCode(cell: Nb201Cell): number {
  if (cell.ops.length !== NB201_EDGES.length) throw new Error(`an NB-201 cell has ${NB201_EDGES.length} ops, found ${cell.ops.length}`);
  return cell.ops.reduce((code, op) => {
    const id = (NB201_OPS as readonly string[]).indexOf(op);
    if (id < 0) throw new Error(`unknown NB-201 op '${shown(op)}'`);
    return code * NB201_OPS.length + id;
  }, 0);
}

function cellOfCode(code: number): Nb201Cell {
  const ops: string[] = [];
  for (let e = 0; e < NB201_EDGES.length; e++) {
    ops.unshift(NB201_OPS[code % NB201_OPS.length]);
    code = Math.floor(code / NB201_OPS.length);
  }
  return Object.freeze({ space: 'nb201', ops: Object.freeze(ops) });
}
