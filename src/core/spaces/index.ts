import { darts } from './darts';
import { nb101 } from './nb101';
import { nb201 } from './nb201';
import type { Cell, CellOf, SearchSpace, SpaceId } from './types';

export type { Cell, CellOf, SearchSpace, SpaceId } from './types';
export { darts, nb101, nb201 };

const SPACES: { [S in SpaceId]: SearchSpace<CellOf<S>> } = { nb101, nb201, darts };

export function getSpace<S extends SpaceId>(id: S): SearchSpace<CellOf<S>> {
  return SPACES[id];
}

/** The space of an id, typed to take any cell (for code that works on cells of whichever space it is given). */
export function searchSpaceOf(id: SpaceId): SearchSpace<Cell> {
  return SPACES[id] as unknown as SearchSpace<Cell>;
}

/** The space of a cell, typed to accept that cell. */
export function spaceOf(cell: Cell): SearchSpace<Cell> {
  return searchSpaceOf(cell.space);
}

export function isSpaceId(value: unknown): value is SpaceId {
  return value === 'nb101' || value === 'nb201' || value === 'darts';
}
