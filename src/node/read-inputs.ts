import { documentKindOf, offsetToPosition, parseDocument } from '../core/dsl';
import { spaceOf } from '../core/spaces';
import type { Cell, SpaceId } from '../core/spaces/types';
import { readCsvTable } from './csv-cells';
import { errorMessage } from '../shared/errors';
import { readTextCapped } from './read-file';

/** A problem located in an input file; line and column are 1-based. */
export interface InputProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A cell read from any input file, in input order. `cell` is set only when it is valid. */
export interface InputCell {
  readonly name: string;
  readonly space: SpaceId;
  readonly cell?: Cell;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problems: readonly InputProblem[];
}

export interface Inputs {
  readonly cells: InputCell[];
  /** Problems not tied to one cell (unreadable file, syntax error outside any cell). */
  readonly problems: InputProblem[];
}

/**
 * Reads DSL files, text/Python files with native notations, and CSV files in the shared-data formats;
 * `-` and /dev/stdin are the standard input. Each file is read up to MAX_FILE_BYTES, and a DSL file is
 * told by its content when its name does not say it (documentKindOf).
 */
export async function readInputs(files: readonly string[]): Promise<Inputs> {
  const inputs: Inputs = { cells: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readTextCapped(file);
    } catch (error) {
      inputs.problems.push(problem(file, 1, 1, 'error', 'unreadable', errorMessage(error)));
      continue;
    }
    if (/\.csv(\.gz)?$/i.test(file)) readCsv(file, text, inputs);
    else readDocument(file, text, inputs);
  }
  return inputs;
}

function readCsv(file: string, text: string, inputs: Inputs): void {
  let rows;
  try {
    // A stray or unclosed quote costs its own record, not the file: the rest is read and the place named.
    const onSkippedRecord = (line: number, message: string) => inputs.problems.push(problem(file, line, 1, 'error', 'csv', message));
    rows = /^\uFEFF?\s*$/.test(text) ? [] : readCsvTable(text, { onSkippedRecord }).rows;
  } catch (error) {
    inputs.problems.push(problem(file, 1, 1, 'error', 'csv', errorMessage(error)));
    return;
  }
  for (const row of rows) {
    const problems: InputProblem[] = [];
    if (row.error) problems.push(problem(file, row.line, 1, 'error', 'bad-row', row.error));
    let cell = row.cell;
    if (cell) {
      for (const issue of spaceOf(cell).validate(cell)) {
        problems.push(problem(file, row.line, 1, issue.severity, issue.code, issue.message));
      }
      if (problems.some((p) => p.severity === 'error')) cell = undefined;
    }
    inputs.cells.push({ name: row.name, space: row.space, cell, file, line: row.line, column: 1, problems });
  }
}

/** Loaded only when a *.nas.ts file is read: the compiler costs ~0.3 s to load. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadTypeScript = () => require('typescript') as typeof import('typescript');

function readDocument(file: string, text: string, inputs: Inputs): void {
  const parsed = parseDocument(text, file, { typescript: loadTypeScript, kind: documentKindOf(file, text) });
  const at = (offset: number) => {
    const pos = offsetToPosition(text, offset);
    return { line: pos.line + 1, column: pos.character + 1 };
  };
  for (const d of parsed.diagnostics) {
    const { line, column } = at(d.range.start);
    inputs.problems.push(problem(file, line, column, d.severity, d.code, d.message));
  }
  for (const c of parsed.cells) {
    const problems = c.diagnostics.map((d) => {
      const { line, column } = at(d.range.start);
      return problem(file, line, column, d.severity, d.code, d.message);
    });
    const valid = c.valid && !problems.some((p) => p.severity === 'error');
    const { line, column } = at(c.range.start);
    inputs.cells.push({ name: c.name, space: c.space, cell: valid ? c.cell : undefined, file, line, column, problems });
  }
}

function problem(file: string, line: number, column: number, severity: 'error' | 'warning', code: string, message: string): InputProblem {
  return { file, line, column, severity, code, message };
}

/** Every problem of the inputs: the files' own, then the cells'. */
export function allProblems(inputs: Inputs): InputProblem[] {
  return [...inputs.problems, ...inputs.cells.flatMap((c) => c.problems)];
}

/** `file:line:column: severity: message`, the format editors and terminals link. */
export function formatProblem(p: InputProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}
