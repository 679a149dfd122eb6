import type { Cell } from '../core/spaces/types';
import { formatProblem, readInputs, type InputCell } from './read-inputs';

/** A cell named on the command line, with where it was written. */
export interface CellRef {
  readonly cell: Cell;
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** Splits FILE#CELL (CELL a name or a 1-based position); FILE alone has no cell part. */
export function splitCellRef(spec: string): { file: string; cell?: string } {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { file: spec.slice(0, hash), cell: spec.slice(hash + 1) } : { file: spec };
}

/** FILE#CELL: the cell named CELL in FILE (or the N-th cell for #N); FILE alone when it holds one cell. */
export async function readCellRef(spec: string): Promise<CellRef> {
  const refs = await readCellRefsOf(spec, 'one');
  return refs[0];
}

/**
 * Several FILE#CELL specs, in order; FILE alone stands for every cell in it. Any invalid or missing
 * cell is an error naming it (with file:line:column), so a batch is never trained short of a cell.
 */
export async function readCellRefs(specs: readonly string[]): Promise<CellRef[]> {
  const out: CellRef[] = [];
  for (const spec of specs) out.push(...(await readCellRefsOf(spec, 'all')));
  return out;
}

async function readCellRefsOf(spec: string, whole: 'one' | 'all'): Promise<CellRef[]> {
  const { file, cell: name } = splitCellRef(spec);
  const inputs = await readInputs([file]);
  const fatal = inputs.problems.filter((p) => p.severity === 'error');
  if (fatal.length) throw new Error(`cannot read ${file}:\n${fatal.map(formatProblem).join('\n')}`);
  if (!inputs.cells.length) throw new Error(`${file} holds no cell`);
  let found: InputCell[];
  if (name === undefined) {
    if (whole === 'one' && inputs.cells.length !== 1) {
      const names = inputs.cells.map((c) => c.name).join(', ');
      throw new Error(`${file} holds ${inputs.cells.length} cells; pick one with ${file}#NAME (${names})`);
    }
    found = inputs.cells;
  } else {
    const byName = inputs.cells.find((c) => c.name === name) ?? (/^\d+$/.test(name) ? inputs.cells[Number(name) - 1] : undefined);
    if (!byName) throw new Error(`no cell '${name}' in ${file} (cells: ${inputs.cells.map((c) => c.name).join(', ')})`);
    found = [byName];
  }
  return found.map((c) => {
    if (!c.cell) {
      const problems = c.problems.filter((p) => p.severity === 'error').map(formatProblem);
      throw new Error(`the cell '${c.name}' is invalid:\n${problems.join('\n')}`);
    }
    return { cell: c.cell, name: c.name, file: c.file, line: c.line };
  });
}
