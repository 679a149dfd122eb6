import type { Cell, SpaceId } from '../core/spaces/types';
import { readCsvCells } from './csv-cells';
import { readTextCapped } from './read-file';

/** Cells of a shared-data CSV with a numeric target column. */
export interface LabelledRows {
  readonly file: string;
  readonly space: SpaceId;
  readonly cells: Cell[];
  readonly targets: Float32Array;
  /** Row names (idx, hash, arch_id, …) in the same order. */
  readonly names: string[];
  readonly rowsInFile: number;
  /** Rows left out: no valid cell or no finite target. */
  readonly skipped: number;
  /** Why rows were left out, e.g. "12 rows with an empty 'acc', 1 without a valid cell" (empty when none were). */
  readonly skippedWhy?: string;
}

export async function readLabelledCsv(file: string, target: string, space?: SpaceId): Promise<LabelledRows> {
  const text = await readTextCapped(file);
  let rows;
  try {
    rows = readCsvCells(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  if (space && rows[0].space !== space) throw new Error(`${file} holds ${rows[0].space} cells, expected ${space}`);
  if (!(target in rows[0].row)) {
    throw new Error(`${file} has no column '${target}'; columns: ${Object.keys(rows[0].row).join(', ')}`);
  }
  const cells: Cell[] = [];
  const values: number[] = [];
  const names: string[] = [];
  let empty = 0,
    notNumber = 0,
    invalid = 0;
  for (const r of rows) {
    const raw = r.row[target]?.trim() ?? '';
    const v = raw === '' ? NaN : Number(raw);
    if (raw === '') empty++;
    else if (!Number.isFinite(v)) notNumber++;
    else if (!r.cell) invalid++;
    if (!r.cell || !Number.isFinite(v)) continue;
    cells.push(r.cell);
    values.push(v);
    names.push(r.name);
  }
  const skippedWhy = [
    empty ? `${empty} with an empty '${target}'` : '',
    notNumber ? `${notNumber} whose '${target}' is not a number` : '',
    invalid ? `${invalid} without a valid cell` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    file,
    space: rows[0].space,
    cells,
    targets: Float32Array.from(values),
    names,
    rowsInFile: rows.length,
    skipped: rows.length - cells.length,
    skippedWhy,
  };
}
