import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Evaluator } from '../core/search/types';
import { searchSpaceOf } from '../core/spaces';
import { hasErrors, type Cell, type SearchSpace, type SpaceId } from '../core/spaces/types';
import { readCsvCells } from './csv-cells';

/**
 * A labelled benchmark table used as an oracle: a cell's value is read from the row whose cell has
 * the same text form (NB-201 arch string), else the same canonical hash (NB-101 cells whose vertex
 * numbering differs from the table's). Isomorphic NB-201 strings keep their own rows.
 */
export interface OracleTable<C extends Cell = Cell> {
  readonly space: SearchSpace<C>;
  /** Numeric columns. */
  readonly columns: readonly string[];
  /** Rows read as valid cells. */
  readonly size: number;
  /** Rows skipped because their cell could not be read or is invalid. */
  readonly skipped: number;
  contains(cell: C): boolean;
  /** True when a row's cell has this canonical hash (`space.hash`). */
  containsKey(key: string): boolean;
  /** The column's value for a cell; undefined when the cell is not in the table or the value is empty. */
  value(cell: C, column: string): number | undefined;
  /** Scores cells by a column; cells outside the table score NaN (a failed evaluation). */
  evaluator(column: string): Evaluator<C>;
  /** The highest value of a column. */
  max(column: string): number;
}

/** Reads a shared-data CSV (plain or .gz) as an oracle. */
export function loadOracleTable(path: string): OracleTable {
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return oracleTableFromCsv(text);
}

export function oracleTableFromCsv(text: string): OracleTable {
  const rows = readCsvCells(text);
  if (!rows.length) throw new Error('the oracle table has no rows');
  const space = searchSpaceOf(rows[0].space as SpaceId);
  const cells: Cell[] = [];
  const records: Record<string, string>[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (!row.cell || hasErrors(space.validate(row.cell))) skipped++;
    else {
      cells.push(row.cell);
      records.push(row.row);
    }
  }
  return buildOracleTable(space, cells, records, skipped);
}

/** An oracle over given cells and their rows of column → text values. */
export function buildOracleTable<C extends Cell>(
  space: SearchSpace<C>,
  cells: readonly C[],
  rows: readonly Record<string, string>[],
  skipped = 0,
): OracleTable<C> {
  const byText = new Map<string, number>();
  const byHash = new Map<string, number>();
  const hashOf = trustedHashColumn(space, cells, rows) ?? ((i: number) => space.hash(cells[i]));
  cells.forEach((cell, i) => {
    const text = space.toText(cell);
    if (!byText.has(text)) byText.set(text, i);
    const hash = hashOf(i);
    if (!byHash.has(hash)) byHash.set(hash, i);
  });
  const header = rows.length ? Object.keys(rows[0]) : [];
  const columns = header.filter((h) => rows.some((r) => r[h] !== '') && rows.every((r) => r[h] === '' || Number.isFinite(Number(r[h]))));
  const parsed = new Map<string, Float64Array>();
  const columnValues = (column: string): Float64Array => {
    let values = parsed.get(column);
    if (!values) {
      if (!columns.includes(column)) throw new Error(`no numeric column '${column}' in the oracle table; columns: ${columns.join(', ')}`);
      values = Float64Array.from(rows, (r) => (r[column] === '' ? NaN : Number(r[column])));
      parsed.set(column, values);
    }
    return values;
  };
  const rowOf = (cell: C): number | undefined => {
    const text = space.toText(cell);
    const exact = byText.get(text);
    if (exact !== undefined) return exact;
    if (hasErrors(space.validate(cell))) return undefined;
    return byHash.get(space.hash(cell));
  };
  const value = (cell: C, column: string): number | undefined => {
    const values = columnValues(column);
    const row = rowOf(cell);
    return row === undefined || Number.isNaN(values[row]) ? undefined : values[row];
  };
  return {
    space,
    columns,
    size: cells.length,
    skipped,
    contains: (cell) => rowOf(cell) !== undefined,
    containsKey: (key) => byHash.has(key),
    value,
    evaluator: (column) => {
      columnValues(column);
      return async (batch) => batch.map((cell) => value(cell, column) ?? NaN);
    },
    max: (column) => columnValues(column).reduce((m, v) => (v > m ? v : m), -Infinity),
  };
}

const HASH_CHECKS = 64;

/**
 * The table's own `hash` column (NB-101's fingerprint) when it agrees with `space.hash` on 64 rows
 * spread over the table; hashing every row would dominate loading (~0.3 ms per NB-101 cell).
 */
function trustedHashColumn<C extends Cell>(
  space: SearchSpace<C>,
  cells: readonly C[],
  rows: readonly Record<string, string>[],
): ((i: number) => string) | undefined {
  if (!cells.length || !rows.every((r) => r.hash)) return undefined;
  for (let k = 0; k < HASH_CHECKS; k++) {
    const i = Math.floor((k * (cells.length - 1)) / Math.max(1, HASH_CHECKS - 1));
    if (space.hash(cells[i]) !== rows[i].hash) return undefined;
  }
  return (i) => rows[i].hash;
}
