import { formatCell } from '../dsl';
import { spaceOf } from '../spaces';
import type { Cell } from '../spaces/types';

/**
 * The placeholders of a training command template. Each reaches the command as the value of the
 * environment variable `NAS_LENS_<NAME>` (upper case); the template's `{name}` becomes a quoted
 * reference to that variable, never the value's text.
 */
export const PLACEHOLDERS = {
  genotype: 'the DARTS cell as Python Genotype(...) text (DARTS cells only)',
  arch: 'the NAS-Bench-201 arch string |op~0|+|…| (NB-201 cells only)',
  cell_json: 'the cell as one line of JSON: {"space": …, "arch" | "matrix"+"ops" | "normal"+"reduce": …}',
  space: 'the search space: nb201, nb101 or darts',
  name: "the cell's name in your file",
  hash: "the cell's canonical hash",
  seed: 'the training seed of this run',
  out: 'a fresh directory for this run; write metrics.json into it',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as Placeholder[];

export function isPlaceholder(name: string): name is Placeholder {
  return Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);
}

export function placeholderVariable(name: Placeholder): string {
  return `NAS_LENS_${name.toUpperCase()}`;
}

/** Values of the cell-level placeholders (`out` is made per attempt by the task script). */
export type CellValues = Partial<Record<Exclude<Placeholder, 'out'>, string>>;

export function cellValues(cell: Cell, name: string, seed: number): CellValues {
  const space = spaceOf(cell);
  return {
    ...(cell.space === 'darts' ? { genotype: formatCell(cell, 'genotype') } : {}),
    ...(cell.space === 'nb201' ? { arch: formatCell(cell, 'arch-string') } : {}),
    cell_json: JSON.stringify(cellObject(cell)),
    space: cell.space,
    name,
    hash: space.hash(cell),
    seed: String(seed),
  };
}

/** The cell as a plain JSON object in the form results lines and DSL files read. */
export function cellObject(cell: Cell): Record<string, unknown> {
  switch (cell.space) {
    case 'nb201':
      return { space: 'nb201', arch: formatCell(cell, 'arch-string') };
    case 'nb101':
      return { space: 'nb101', matrix: cell.matrix, ops: cell.ops };
    case 'darts':
      return { space: 'darts', normal: cell.normal, reduce: cell.reduce };
  }
}

/** The placeholders a cell of this space cannot fill, with the reason. */
export function missingValue(cell: Cell, name: Placeholder): string | undefined {
  if (name === 'genotype' && cell.space !== 'darts') return `{genotype} needs a DARTS cell, this is a ${cell.space} cell`;
  if (name === 'arch' && cell.space !== 'nb201') return `{arch} needs a NAS-Bench-201 cell, this is a ${cell.space} cell`;
  return undefined;
}
