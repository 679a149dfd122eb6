import { parse, type CsvError } from 'csv-parse/sync';
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

/** A CSV read as cells: its header, format, the column rows are named by, and every row. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly format: CsvFormat;
  readonly nameColumn?: string;
  readonly rows: CsvCell[];
}

export interface CsvTableOptions {
  /** Called for a record csv-parse cannot read (a stray quote, …); without it such a record fails the whole file. */
  readonly onSkippedRecord?: (line: number, message: string) => void;
}

/** Reads every row of a CSV in one of the shared-data formats. Throws with a clear message when the header fits none. */
export function readCsvCells(text: string): CsvCell[] {
  if (/^\uFEFF?\s*$/.test(text)) return [];
  return readCsvTable(text).rows;
}

/** readCsvCells with the header and format; `line` is the file line where each record ends (1-based). */
export function readCsvTable(text: string, options: CsvTableOptions = {}): CsvTable {
  const { onSkippedRecord } = options;
  const records = parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
    ...(onSkippedRecord
      ? {
          relax_quotes: true,
          skip_records_with_error: true,
          on_skip: (e: CsvError | undefined) => void onSkippedRecord(Number(e?.lines ?? 1), e?.message ?? 'unreadable CSV record'),
        }
      : {}),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = records.shift()?.record;
  if (!header) throw new Error("the CSV is empty; expected a header with 'arch' (NB-201), 'n_vertices','matrix','ops' (NB-101) or 'normal','reduce' (DARTS)");
  const format = detectCsvFormat(header);
  if (!format) {
    throw new Error(
      `no cell columns in the CSV header (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); ` +
        `expected 'arch' (NB-201), 'n_vertices','matrix','ops' (NB-101) or 'normal','reduce' (DARTS)`,
    );
  }
  const nameColumn = NAME_COLUMNS.find((c) => header.includes(c));
  const rows = records.map(({ record: values, info }) => {
    const row = Object.fromEntries(header.map((h, k) => [h, values[k] ?? '']));
    const line = info.lines;
    const name = nameColumn && row[nameColumn] ? row[nameColumn] : `row ${line}`;
    return { name, line, row, ...cellFromRow(format.space, row) };
  });
  return { header, format, ...(nameColumn ? { nameColumn } : {}), rows };
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
