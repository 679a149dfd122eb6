import { nb201CellOfCode } from '../spaces/nb201/codes';
import type { Cell, DartsCell, DartsEdge, Nb201Cell, SearchSpace } from '../spaces/types';
import { isBundledNb201 } from './space-shortcuts';

/**
 * A cell read as a fixed list of categorical slots (an edge's op, a vertex's label, an edge bit),
 * so that statistics over good cells can be counted per slot and sampled from.
 */
export interface CellSlots<C extends Cell> {
  /** Number of values of each slot. */
  readonly sizes: readonly number[];
  /** The value index of every slot; -1 where the cell holds a value outside the vocabulary. */
  read(cell: C): number[];
  /**
   * Builds a cell slot by slot from `draw(slot, exclude?)` (a value index, never `exclude`).
   * Absent when a cell cannot be put together from per-slot choices (NB-101's graphs).
   */
  assemble?(draw: (slot: number, exclude?: number) => number): C;
}

/** Per-edge ops for NB-201 and per-edge (op, input) for DARTS; vertex labels and edge bits of the encoding otherwise. */
export function cellSlotsFor<C extends Cell>(space: SearchSpace<C>): CellSlots<C> {
  if (space.id === 'nb201') return nb201Slots(space as unknown as SearchSpace<Nb201Cell>) as unknown as CellSlots<C>;
  if (space.id === 'darts') return dartsSlots(space as unknown as SearchSpace<DartsCell>) as unknown as CellSlots<C>;
  return encodingSlots(space);
}

function nb201Slots(space: SearchSpace<Nb201Cell>): CellSlots<Nb201Cell> {
  const ops = space.ops;
  const edges = 6;
  // The bundled space's cells by generation code (shared objects, cheap to hash): the same cells.
  const byCode = isBundledNb201(space);
  return {
    sizes: Array.from({ length: edges }, () => ops.length),
    read: (cell) => cell.ops.map((op) => ops.indexOf(op)),
    assemble: byCode
      ? (draw) => {
          let code = 0;
          for (let e = 0; e < edges; e++) code = code * ops.length + draw(e);
          return nb201CellOfCode(code);
        }
      : (draw) => ({ space: 'nb201', ops: Array.from({ length: edges }, (_, e) => ops[draw(e)]) }),
  };
}

const DARTS_EDGES = 8;

/** Slots per cell kind: edge e's op at 2e, its input at 2e+1; normal first, then reduce. */
function dartsSlots(space: SearchSpace<DartsCell>): CellSlots<DartsCell> {
  const ops = space.ops;
  const inputsOf = (e: number) => Math.floor(e / 2) + 2;
  const sizes: number[] = [];
  for (let g = 0; g < 2; g++) for (let e = 0; e < DARTS_EDGES; e++) sizes.push(ops.length, inputsOf(e));
  const readKind = (edges: readonly DartsEdge[]) => edges.flatMap(([op, input], e) => [ops.indexOf(op), input >= 0 && input < inputsOf(e) ? input : -1]);
  const assembleKind = (base: number, draw: (slot: number, exclude?: number) => number): DartsEdge[] => {
    const edges: DartsEdge[] = [];
    for (let e = 0; e < DARTS_EDGES; e += 2) {
      const first = draw(base + 2 * e + 1);
      const second = draw(base + 2 * (e + 1) + 1, first);
      edges.push([ops[draw(base + 2 * e)], first], [ops[draw(base + 2 * (e + 1))], second]);
    }
    return edges;
  };
  return {
    sizes,
    read: (cell) => [...readKind(cell.normal), ...readKind(cell.reduce)],
    assemble: (draw) => ({ space: 'darts', normal: assembleKind(0, draw), reduce: assembleKind(2 * DARTS_EDGES, draw) }),
  };
}

/** Every node's label (0 = padding, 1 + feature otherwise) and, unless fixed, every adjacency bit; cannot assemble. */
export function encodingSlots<C extends Cell>(space: SearchSpace<C>): CellSlots<C> {
  const spec = space.encoding;
  const nodeSlots = spec.graphs * spec.nodes;
  const edgeSlots = spec.fixedAdjacency ? 0 : spec.graphs * spec.nodes * spec.nodes;
  const sizes = [...Array.from({ length: nodeSlots }, () => spec.features + 1), ...Array.from({ length: edgeSlots }, () => 2)];
  return {
    sizes,
    read: (cell) => {
      const enc = space.encode(cell);
      const values = new Array<number>(nodeSlots + edgeSlots).fill(0);
      for (let n = 0; n < nodeSlots; n++) {
        if (!enc.mask[n]) continue;
        for (let f = 0; f < spec.features; f++) {
          if (enc.features[n * spec.features + f]) {
            values[n] = f + 1;
            break;
          }
        }
      }
      for (let k = 0; k < edgeSlots; k++) values[nodeSlots + k] = enc.adjacency[k] ? 1 : 0;
      return values;
    },
  };
}
