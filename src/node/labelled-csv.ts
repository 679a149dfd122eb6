import { readFile } from 'node:fs/promises';
import type { Cell, SpaceId } from '../core/spaces/types';
import { readCsvCells } from './csv-cells';

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
}

export async function readLabelledCsv(file: string, target: string, space?: SpaceId): Promise<LabelledRows> {
  const text = await readFile(file, 'utf8');
  const rows = readCsvCells(text);
  if (rows.length === 0) throw new Error(`${file}: no rows`);
  if (space && rows[0].space !== space) throw new Error(`${file} holds ${rows[0].space} cells, expected ${space}`);
  if (!(target in rows[0].row)) {
    throw new Error(`${file} has no column '${target}'; columns: ${Object.keys(rows[0].row).join(', ')}`);
  }
  const cells: Cell[] = [];
  const values: number[] = [];
  const names: string[] = [];
  for (const r of rows) {
    const raw = r.row[target]?.trim() ?? '';
    const v = raw === '' ? NaN : Number(raw);
    if (!r.cell || !Number.isFinite(v)) continue;
    cells.push(r.cell);
    values.push(v);
    names.push(r.name);
  }
  return { file, space: rows[0].space, cells, targets: Float32Array.from(values), names, rowsInFile: rows.length, skipped: rows.length - cells.length };
}
