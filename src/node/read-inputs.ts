import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { offsetToPosition, parseDocument } from '../core/dsl';
import { spaceOf } from '../core/spaces';
import type { Cell, SpaceId } from '../core/spaces/types';
import { readCsvCells } from './csv-cells';
import { errorMessage } from '../shared/errors';

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

const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Reads DSL files, text/Python files with native notations, and CSV files in the shared-data formats. */
export async function readInputs(files: readonly string[]): Promise<Inputs> {
  const inputs: Inputs = { cells: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      inputs.problems.push(problem(file, 1, 1, 'error', 'unreadable', errorMessage(error)));
      continue;
    }
    if (/\.csv(\.gz)?$/i.test(file)) readCsv(file, text, inputs);
    else readDocument(file, text, inputs);
  }
  return inputs;
}

async function readText(file: string): Promise<string> {
  const bytes = await readFile(file);
  const raw = file.toLowerCase().endsWith('.gz') ? gunzipSync(bytes, { maxOutputLength: MAX_INPUT_BYTES }) : bytes;
  return raw.toString('utf8');
}

function readCsv(file: string, text: string, inputs: Inputs): void {
  let rows;
  try {
    rows = readCsvCells(text);
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
  const parsed = parseDocument(text, file, { typescript: loadTypeScript });
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
