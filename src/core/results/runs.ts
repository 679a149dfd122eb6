import type { Severity } from '../dsl/types';
import type { Cell, SpaceId } from '../spaces/types';
import type { RunInfo } from './types';

/**
 * One run as read from a results source (a `*.nas-results.jsonl` line or a CSV row), its cell
 * already validated and hashed. `metrics` holds only finite values and is a null-prototype record
 * (a metric may be called `__proto__`); read it with Object.hasOwn.
 */
export interface ResultRun {
  readonly file: string;
  /** 1-based line of the run in its file. */
  readonly line: number;
  readonly space: SpaceId;
  /** The space's canonical hash of `cell`: the join key. */
  readonly hash: string;
  readonly cell: Cell;
  readonly metrics: Readonly<Record<string, number>>;
  readonly seed?: number;
  readonly epochs?: number;
  readonly source?: string;
  readonly name?: string;
  readonly time?: string;
  readonly run?: RunInfo;
}

/**
 * A problem in a results file, located for an editor diagnostic and a `file:line:column` message.
 * Positions are 1-based; the end is exclusive. Structurally an InputProblem (src/node/read-inputs.ts) with an end.
 */
export interface ResultProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** What one results source gives: its runs in file order and its problems in line order. */
export interface ResultsRead {
  readonly runs: ResultRun[];
  readonly problems: ResultProblem[];
}

/** A problem on one line between two 0-based offsets of that line. */
export function lineProblem(file: string, line: number, severity: Severity, code: string, message: string, start = 0, end = start): ResultProblem {
  return { severity, code, message, file, line, column: start + 1, endLine: line, endColumn: Math.max(start, end) + 1 };
}
