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

/** The space of a cell, typed to accept that cell. */
export function spaceOf(cell: Cell): SearchSpace<Cell> {
  return SPACES[cell.space] as unknown as SearchSpace<Cell>;
}

export function isSpaceId(value: unknown): value is SpaceId {
  return value === 'nb101' || value === 'nb201' || value === 'darts';
}
