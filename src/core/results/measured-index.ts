import type { ParsedCell } from '../dsl/types';
import { spaceOf } from '../spaces';
import type { Cell, SpaceId } from '../spaces/types';
import type { MeasuredCell } from './types';

/** The join key of a cell: its space and canonical hash (hashes of different spaces never meet). */
export function measuredKey(space: SpaceId, hash: string): string {
  return `${space}\u0000${hash}`;
}

/** Measured cells by canonical hash: "what was measured for this cell", in O(1) after hashing the cell. */
export interface MeasuredIndex<M extends MeasuredCell = MeasuredCell> {
  readonly size: number;
  get(space: SpaceId, hash: string): M | undefined;
  /** The measured cell of a cell in any notation; undefined when it is not measured or not valid. */
  of(cell: Cell): M | undefined;
}

export function indexMeasured<M extends MeasuredCell>(measured: readonly M[]): MeasuredIndex<M> {
  const bySpace = new Map<SpaceId, Map<string, M>>();
  let size = 0;
  for (const m of measured) {
    let byHash = bySpace.get(m.space);
    if (!byHash) bySpace.set(m.space, (byHash = new Map()));
    if (!byHash.has(m.hash)) {
      byHash.set(m.hash, m);
      size++;
    }
  }
  const get = (space: SpaceId, hash: string) => bySpace.get(space)?.get(hash);
  return {
    size,
    get,
    of(cell) {
      const hash = hashOf(cell);
      return hash === undefined ? undefined : get(cell.space, hash);
    },
  };
}

/**
 * The measured value of each cell of a document (aligned with `cells`; undefined where a cell is
 * invalid or not measured). Each cell is hashed once, then looked up in O(1).
 */
export function measuredForCells<M extends MeasuredCell>(cells: readonly Pick<ParsedCell, 'cell' | 'valid'>[], index: MeasuredIndex<M>): (M | undefined)[] {
  return cells.map((c) => (c.valid && c.cell ? index.of(c.cell) : undefined));
}

function hashOf(cell: Cell): string | undefined {
  try {
    return spaceOf(cell).hash(cell);
  } catch {
    return undefined;
  }
}
