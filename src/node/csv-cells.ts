import { parse } from 'csv-parse/sync';
import { parseGenotypeString } from '../core/spaces/darts/genotype-string';
import { parseCompact } from '../core/spaces/nb101/compact';
import { parseArchString } from '../core/spaces/nb201/arch-string';
import type { Cell, SpaceId } from '../core/spaces/types';

/** One row of a shared-data CSV read as a cell. `line` is 1-based in the file. */
export interface CsvCell {
  readonly name: string;
  readonly space: SpaceId;
  readonly cell?: Cell;
  readonly line: number;
  /** Why the row could not be read as a cell. */
  readonly error?: string;
  readonly row: Record<string, string>;
}

export type CsvFormat = { space: SpaceId; describe: string };

/** Which cell format a CSV header holds: NB-201 `arch`; NB-101 `n_vertices`,`matrix`,`ops`; DARTS `normal`,`reduce`. */
export function detectCsvFormat(header: readonly string[]): CsvFormat | undefined {
  const has = (...names: string[]) => names.every((n) => header.includes(n));
  if (has('normal', 'reduce')) return { space: 'darts', describe: 'DARTS genotypes (normal, reduce)' };
  if (has('n_vertices', 'matrix', 'ops')) return { space: 'nb101', describe: 'NB-101 cells (n_vertices, matrix, ops)' };
  if (has('arch')) return { space: 'nb201', describe: 'NB-201 arch strings (arch)' };
  return undefined;
}

const NAME_COLUMNS = ['name', 'arch_id', 'idx', 'naslib_idx', 'hash'];

/** Reads every row of a CSV in one of the shared-data formats. Throws with a clear message when the header fits none. */
export function readCsvCells(text: string): CsvCell[] {
  const records: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true });
  const header = records.shift();
  if (!header) return [];
  const format = detectCsvFormat(header);
  if (!format) {
    throw new Error(
      `no cell columns in the CSV header (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); ` +
        `expected 'arch' (NB-201), 'n_vertices','matrix','ops' (NB-101) or 'normal','reduce' (DARTS)`,
    );
  }
  const nameColumn = NAME_COLUMNS.find((c) => header.includes(c));
  return records.map((values, i) => {
    const row = Object.fromEntries(header.map((h, k) => [h, values[k] ?? '']));
    const line = i + 2;
    const name = nameColumn && row[nameColumn] ? row[nameColumn] : `row ${line}`;
    return { name, line, row, ...cellFromRow(format.space, row) };
  });
}

function cellFromRow(space: SpaceId, row: Record<string, string>): { space: SpaceId; cell?: Cell; error?: string } {
  switch (space) {
    case 'nb201': {
      const parsed = parseArchString(row.arch.trim());
      return parsed.ok ? { space, cell: parsed.cell } : { space, error: `arch: ${parsed.message}` };
    }
    case 'nb101': {
      const parsed = parseCompact(Number(row.n_vertices), row.matrix, row.ops);
      return parsed.ok ? { space, cell: parsed.cell } : { space, error: parsed.message };
    }
    case 'darts': {
      const normal = parseGenotypeString(row.normal);
      if (!normal.ok) return { space, error: `normal: ${normal.message}` };
      const reduce = parseGenotypeString(row.reduce);
      if (!reduce.ok) return { space, error: `reduce: ${reduce.message}` };
      return { space, cell: { space: 'darts', normal: normal.edges, reduce: reduce.edges } };
    }
  }
}
