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
  /** Further numeric columns asked for (auxiliary targets), per kept row; NaN where a row has no value. */
  readonly auxiliary?: Readonly<Record<string, Float32Array>>;
}

export async function readLabelledCsv(file: string, target: string, space?: SpaceId, auxiliaryColumns: readonly string[] = []): Promise<LabelledRows> {
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
  const missing = auxiliaryColumns.find((c) => !Object.hasOwn(rows[0].row, c));
  if (missing !== undefined) throw new Error(`${file} has no column '${missing}' for an auxiliary target; columns: ${Object.keys(rows[0].row).join(', ')}`);
  const auxiliary = auxiliaryColumns.map(() => [] as number[]);
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
    auxiliaryColumns.forEach((c, k) => {
      const text = r.row[c]?.trim() ?? '';
      auxiliary[k].push(text === '' ? NaN : Number(text));
    });
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
    ...(auxiliaryColumns.length ? { auxiliary: Object.fromEntries(auxiliaryColumns.map((c, k) => [c, Float32Array.from(auxiliary[k])])) } : {}),
  };
}
