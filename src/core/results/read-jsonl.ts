import type { SpaceId } from '../spaces/types';
import { LineCellReader } from './line-cell';
import { readResultLine } from './read-line';
import { lineProblem, type ResultProblem, type ResultRun, type ResultsRead } from './runs';

/** Longer lines are reported without being read: a run is a few hundred characters. */
export const MAX_RESULT_LINE_CHARS = 1 << 20;

export interface JsonlOptions {
  /** Read runs of this space only; runs of other spaces are reported (warning) and not counted. */
  readonly space?: SpaceId;
  /** 1-based number of the first line of `text` (when appended text is read on its own). */
  readonly firstLine?: number;
  /**
   * A last line without a newline that does not parse yet is being written by a running job:
   * with true it is returned as `pending` instead of a problem. Default false.
   */
  readonly allowPartialLastLine?: boolean;
  /** Shared between reads so that repeated cells are parsed once. */
  readonly cells?: LineCellReader;
}

export interface JsonlRead extends ResultsRead {
  /** Offset in `text` where an unfinished last line starts (only with allowPartialLastLine). */
  readonly pendingOffset?: number;
}

/** Reads a `*.nas-results.jsonl` text: one run per line; a bad line is a problem and the others still count. Never throws. */
export function readResultsJsonl(text: string, file: string, options: JsonlOptions = {}): JsonlRead {
  const cells = options.cells ?? new LineCellReader();
  const runs: ResultRun[] = [];
  const problems: ResultProblem[] = [];
  let lineNumber = (options.firstLine ?? 1) - 1;
  let pendingOffset: number | undefined;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    lineNumber++;
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length : newline + 1;
    let end = newline < 0 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const length = end - start;
    if (length > MAX_RESULT_LINE_CHARS) {
      problems.push(
        lineProblem(
          file,
          lineNumber,
          'error',
          'line-too-long',
          `this line is ${length.toLocaleString('en-US')} characters long; a results line holds one run and may have at most ${MAX_RESULT_LINE_CHARS.toLocaleString('en-US')}, so it is not read`,
          0,
          1,
        ),
      );
    } else if (length > 0) {
      const line = text.slice(start, end);
      const read = readResultLine(line, cells, options, { file, line: lineNumber });
      if (newline < 0 && options.allowPartialLastLine && !read.run && read.diagnostics.some((d) => d.code === 'syntax')) {
        pendingOffset = start;
        break;
      }
      for (const d of read.diagnostics) problems.push(lineProblem(file, lineNumber, d.severity, d.code, d.message, d.range.start, d.range.end));
      if (read.run) runs.push(read.run);
    }
    start = next;
  }
  return pendingOffset === undefined ? { runs, problems } : { runs, problems, pendingOffset };
}
