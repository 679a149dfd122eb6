import { getSpace, spaceOf } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { MAX_RESULT_LINE_CHARS } from '../../core/results/read-jsonl';
import { lineProblem, type ResultProblem, type ResultRun, type ResultsRead } from '../../core/results/runs';
import { readCsvTable, type CsvTable } from '../csv-cells';

/**
 * Columns of the shared tables (and of common results CSVs) that describe a cell or a run rather
 * than measure it: ids, the cell itself, sizes, costs, counts, training settings, spreads.
 */
const NOT_METRICS =
  /^(?:name|idx|.*_idx|arch_id|hash|arch|ops|matrix|n_vertices|n_edges|normal|reduce|iso_group|seed|epochs?|source|subset|params.*|flops.*|.*time.*|.*hours.*|.*_n|.*_std|lr|batch_size|layers|init_channels)$/i;

export interface CsvResultsOptions {
  /** Read runs of this space only; rows of another space are reported and not counted. */
  readonly space?: SpaceId;
}

/**
 * Reads a CSV in a shared-table format (NB-201 `arch`, NB-101 `n_vertices`,`matrix`,`ops`, DARTS
 * `normal`,`reduce`) as runs: every numeric column that is not a cell, id, size or setting column is
 * a metric (its first value decides), and `seed`, `epochs`, `source` columns fill those fields.
 * A benchmark table is so just another results source. Never throws.
 */
export function readResultsCsv(text: string, file: string, options: CsvResultsOptions = {}): ResultsRead {
  const problems: ResultProblem[] = [];
  let table: CsvTable;
  try {
    table = readCsvTable(blankLongLines(text, file, problems), {
      onSkippedRecord: (line, message) => problems.push(lineProblem(file, line, 'error', 'csv', `${message}; this record is not read`, 0, 1)),
    });
  } catch (e) {
    problems.push(lineProblem(file, 1, 'error', 'csv', e instanceof Error ? e.message : String(e), 0, 1));
    return { runs: [], problems };
  }
  const metrics = metricColumns(table);
  if (!metrics.length) {
    problems.push(
      lineProblem(
        file,
        1,
        'error',
        'no-metric',
        `no metric column: a results CSV has its cell columns (${table.format.describe}) and numeric metric columns such as test_acc; found ${table.header.join(', ')}`,
        0,
        1,
      ),
    );
    return { runs: [], problems };
  }
  const runs: ResultRun[] = [];
  const field = (row: Record<string, string>, column: string) => (Object.hasOwn(row, column) ? row[column].trim() : '');
  for (const row of table.rows) {
    const at = (severity: 'error' | 'warning', code: string, message: string) => problems.push(lineProblem(file, row.line, severity, code, message, 0, 1));
    if (!row.cell) {
      at('error', 'bad-row', `${row.error ?? 'no cell'}; this row is not counted`);
      continue;
    }
    // Only errors: the space's warnings about a cell's design (a degenerate cell) do not concern its measurement.
    const errors = spaceOf(row.cell)
      .validate(row.cell)
      .filter((i) => i.severity === 'error');
    for (const issue of errors) at('error', issue.code, `${issue.message}; this row is not counted`);
    if (errors.length) continue;
    if (options.space && row.space !== options.space) {
      at('warning', 'other-space', `a ${getSpace(row.space).label} row; ${getSpace(options.space).label} results are read here, so it is not counted`);
      continue;
    }
    const values: Record<string, number> = Object.create(null);
    let count = 0;
    for (const column of metrics) {
      const raw = field(row.row, column);
      if (raw === '') continue;
      const value = Number(raw);
      if (Number.isFinite(value)) {
        values[column] = value;
        count++;
      } else {
        at('warning', 'bad-metric', `column "${column}" holds '${raw.slice(0, 20)}', not a finite number; this value is not counted`);
      }
    }
    if (!count) {
      at('warning', 'no-metric', `this row has no value in any metric column (${metrics.join(', ')}), so it is not counted`);
      continue;
    }
    const seed = Number(field(row.row, 'seed'));
    const epochs = Number(field(row.row, 'epochs'));
    const source = field(row.row, 'source');
    const name = table.nameColumn ? field(row.row, table.nameColumn) : '';
    runs.push({
      file,
      line: row.line,
      space: row.space,
      hash: spaceOf(row.cell).hash(row.cell),
      cell: row.cell,
      metrics: values,
      seed: field(row.row, 'seed') !== '' && Number.isSafeInteger(seed) ? seed : undefined,
      epochs: field(row.row, 'epochs') !== '' && Number.isFinite(epochs) && epochs >= 0 ? epochs : undefined,
      source: source || undefined,
      name: name || undefined,
      time: undefined,
      run: undefined,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { runs, problems };
}

/** Metric columns in header order: not a cell/id/size/setting column, and the first non-empty value is a number. */
function metricColumns(table: CsvTable): string[] {
  return table.header.filter((column) => {
    if (NOT_METRICS.test(column)) return false;
    for (const row of table.rows) {
      const value = Object.hasOwn(row.row, column) ? row.row[column].trim() : '';
      if (value !== '') return Number.isFinite(Number(value));
    }
    return false;
  });
}

/** Lines longer than a results line may be are reported and blanked (keeping line numbers) before parsing. */
function blankLongLines(text: string, file: string, problems: ResultProblem[]): string {
  let long = false;
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start > MAX_RESULT_LINE_CHARS) {
      long = true;
      problems.push(
        lineProblem(
          file,
          line,
          'error',
          'line-too-long',
          `this line is ${(end - start).toLocaleString('en-US')} characters long; a results row may have at most ${MAX_RESULT_LINE_CHARS.toLocaleString('en-US')}, so it is not read`,
          0,
          1,
        ),
      );
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return long
    ? text
        .split('\n')
        .map((l) => (l.length > MAX_RESULT_LINE_CHARS ? '' : l))
        .join('\n')
    : text;
}
