import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { getSpace } from '../core/spaces';
import type { Cell } from '../core/spaces/types';
import { readLabelledCsv, type LabelledRows } from './labelled-csv';

/** The shared DARTS files with CIFAR-10 labels, and the column each one is ranked by. */
export const DARTS_FILES = {
  nb301: { file: 'darts_nb301_surrogate_subset.csv', target: 'val_acc_nb301_surrogate' },
  rethinking: { file: 'darts_rethinkingpe.csv', target: 'c10_test_acc' },
  lowFidelity: { file: 'darts_rethinkingpe_lowfid.csv', target: 'acc' },
  published: { file: 'darts_published.csv', target: 'c10_test_acc' },
} as const;

export type DartsSourceKind = 'nb301-surrogate' | 'full-training' | 'low-fidelity' | 'published';

export interface DartsSource extends LabelledRows {
  readonly kind: DartsSourceKind;
  /** e.g. "rethinkingpe low fidelity test7". */
  readonly label: string;
}

export interface DartsData {
  readonly sources: readonly DartsSource[];
  /** arch_id → cell of darts_rethinkingpe.csv, and which of them form its random sample. */
  readonly rethinking: { readonly byId: ReadonlyMap<string, Cell>; readonly random: readonly string[] };
}

/**
 * Every CIFAR-10-labelled DARTS source of the shared data, one source per ranking that can be compared
 * within itself: the NB-301 surrogate labels, the full trainings of Zheng et al., each of their 37
 * low-fidelity settings (joined to cells by arch_id) and the published cells (repeated genotypes averaged).
 */
export async function readDartsSources(dataDir: string): Promise<DartsData> {
  const path = (name: string) => join(dataDir, name);
  const nb301 = await readLabelledCsv(path(DARTS_FILES.nb301.file), DARTS_FILES.nb301.target, 'darts');
  const rethinking = await readLabelledCsv(path(DARTS_FILES.rethinking.file), DARTS_FILES.rethinking.target, 'darts');
  const published = averageRepeats(await readLabelledCsv(path(DARTS_FILES.published.file), DARTS_FILES.published.target, 'darts'));

  const byId = new Map(rethinking.names.map((id, i) => [id, rethinking.cells[i]]));
  const subsetText = await readFile(path(DARTS_FILES.rethinking.file), 'utf8');
  const rows: Record<string, string>[] = parse(subsetText, { columns: true, skip_empty_lines: true, bom: true });
  const random = rows.filter((r) => r.subset === 'random100' && byId.has(r.arch_id)).map((r) => r.arch_id);

  const lowFidelity = await readLowFidelity(path(DARTS_FILES.lowFidelity.file), byId);
  return {
    sources: [
      { ...nb301, kind: 'nb301-surrogate', label: 'NB-301 surrogate' },
      { ...rethinking, kind: 'full-training', label: 'rethinkingpe full training' },
      ...lowFidelity,
      { ...published, kind: 'published', label: 'published cells' },
    ],
    rethinking: { byId, random },
  };
}

async function readLowFidelity(file: string, byId: ReadonlyMap<string, Cell>): Promise<DartsSource[]> {
  const rows: Record<string, string>[] = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
  const bySetting = new Map<string, { cells: Cell[]; targets: number[]; names: string[]; skipped: number; rows: number }>();
  for (const row of rows) {
    const entry = bySetting.get(row.setting) ?? { cells: [], targets: [], names: [], skipped: 0, rows: 0 };
    bySetting.set(row.setting, entry);
    entry.rows++;
    const cell = byId.get(row.arch_id);
    const value = Number(row[DARTS_FILES.lowFidelity.target]);
    if (!cell || row[DARTS_FILES.lowFidelity.target]?.trim() === '' || !Number.isFinite(value)) {
      entry.skipped++;
      continue;
    }
    entry.cells.push(cell);
    entry.targets.push(value);
    entry.names.push(row.arch_id);
  }
  return [...bySetting].map(([setting, e]) => ({
    file: `${file}#${setting}`,
    space: 'darts',
    cells: e.cells,
    targets: Float32Array.from(e.targets),
    names: e.names,
    rowsInFile: e.rows,
    skipped: e.skipped,
    kind: 'low-fidelity',
    label: `rethinkingpe low fidelity ${setting}`,
  }));
}

/** One row per distinct cell, its targets averaged (the published file lists some genotypes twice). */
function averageRepeats(set: LabelledRows): LabelledRows {
  const hash = getSpace('darts').hash as (cell: Cell) => string;
  const groups = new Map<string, { cell: Cell; name: string; sum: number; count: number }>();
  set.cells.forEach((cell, i) => {
    const key = hash(cell);
    const g = groups.get(key) ?? { cell, name: set.names[i], sum: 0, count: 0 };
    groups.set(key, g);
    g.sum += set.targets[i];
    g.count++;
  });
  const merged = [...groups.values()];
  return {
    ...set,
    cells: merged.map((g) => g.cell),
    targets: Float32Array.from(merged, (g) => g.sum / g.count),
    names: merged.map((g) => g.name),
  };
}
