import { stat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { joinResults, type JoinOptions, type ResultsJoin } from '../../core/results/join';
import { LineCellReader } from '../../core/results/line-cell';
import { readResultsJsonl } from '../../core/results/read-jsonl';
import { lineProblem, type ResultProblem, type ResultRun, type ResultsRead } from '../../core/results/runs';
import type { SpaceId } from '../../core/spaces/types';
import { readResultsCsv } from './csv-results';

/** Results files are read up to this size, on disk and decompressed (a 100,000-run file is ~20 MB). */
export const MAX_RESULTS_FILE_BYTES = 256 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

/** `*.nas-results.jsonl` / `*.nas-results.csv`, optionally gzipped: the names results files go by. */
export function isResultsFileName(path: string): boolean {
  return /\.nas-results\.(?:jsonl|csv)(?:\.gz)?$/i.test(path);
}

export interface ReadResultsOptions {
  /** Read runs of this space only; runs of other spaces are reported (warning) and not counted. */
  readonly space?: SpaceId;
  /** Shared between reads so that repeated cells are parsed once. */
  readonly cells?: LineCellReader;
  /** Largest file read, on disk and decompressed (default MAX_RESULTS_FILE_BYTES). */
  readonly maxBytes?: number;
}

/**
 * Reads one results file: `*.csv[.gz]` as a CSV table in a shared-data format with metric columns,
 * anything else as JSON Lines (`*.nas-results.jsonl[.gz]`). The size is checked before the file is
 * read or decompressed. A file that cannot be read is one problem at 1:1, never an exception.
 */
export async function readResultsFile(file: string, options: ReadResultsOptions = {}): Promise<ResultsRead> {
  let text: string;
  try {
    text = await readText(file, options.maxBytes ?? MAX_RESULTS_FILE_BYTES);
  } catch (e) {
    return { runs: [], problems: [lineProblem(file, 1, 'error', 'unreadable', e instanceof Error ? e.message : String(e), 0, 1)] };
  }
  const read = /\.csv(?:\.gz)?$/i.test(file) ? readResultsCsv(text, file, options) : readResultsJsonl(text, file, options);
  read.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return read;
}

async function readText(file: string, maxBytes: number): Promise<string> {
  const size = (await stat(file)).size;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (size > maxBytes) throw new Error(`the file is ${mib(size)}; results files are read up to ${mib(maxBytes)} (split it into several files)`);
  const bytes = await readFile(file);
  if (!file.toLowerCase().endsWith('.gz')) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`the file decompresses to more than ${mib(maxBytes)}; results files are read up to that size`);
    throw new Error(`not a readable gzip file: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Every run of the files (each file once, in the order given) and every problem, by file then line. */
export async function readResultsFiles(files: readonly string[], options: ReadResultsOptions = {}): Promise<ResultsRead & { files: string[] }> {
  const cells = options.cells ?? new LineCellReader();
  const seen = new Set<string>();
  const unique = files.filter((f) => !seen.has(resolve(f)) && seen.add(resolve(f)));
  const runs: ResultRun[] = [];
  const problems: ResultProblem[] = [];
  for (const file of unique) {
    const read = await readResultsFile(file, { ...options, cells });
    for (const run of read.runs) runs.push(run);
    problems.push(...read.problems);
  }
  return { files: unique, runs, problems };
}

/** What the CLI, the editor and fitting load: the runs of the files, joined by canonical hash. */
export interface LoadedResults extends ResultsJoin {
  readonly files: readonly string[];
  readonly runs: readonly ResultRun[];
  /** Reading and joining problems, by file (in the order given) then line. */
  readonly problems: readonly ResultProblem[];
}

/** Reads results files and joins their runs (see joinResults): the measured cells with mean, std and n of the chosen metric. */
export async function loadResults(files: readonly string[], options: ReadResultsOptions & JoinOptions = {}): Promise<LoadedResults> {
  const read = await readResultsFiles(files, options);
  const join = joinResults(read.runs, options);
  const order = new Map(read.files.map((f, i) => [f, i] as const));
  const problems = [...read.problems, ...join.problems].sort(
    (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
  return { ...join, files: read.files, runs: read.runs, problems };
}
