import { spaceOf } from '../spaces';
import type { CellSink } from './draft';
import { error } from './draft';
import { finishCell, nameCells, type ValidateCell } from './finish';
import { readJsonDsl } from './json/read-json';
import { readNativeNotations } from './native/read-native';
import { readTsDsl } from './ts/read-ts';
import type { Diagnostic, Note, ParsedCell, ParsedDocument, ParseOptions, TypeScriptModule } from './types';

export type DocumentKind = 'json' | 'ts' | 'native';

/** *.nas.json → the JSON DSL, *.nas.ts → the TypeScript DSL, anything else → the native notations. */
export function documentKind(fileName: string): DocumentKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nas.json')) return 'json';
  if (lower.endsWith('.nas.ts')) return 'ts';
  return 'native';
}

/**
 * The kind of a document from its name, else from its text: a file named *.nas.json / *.nas.ts is
 * that; any other file is the JSON DSL when it holds one object with "cells" of NAS Lens's keys (not a
 * Jupyter notebook), the TypeScript DSL when it imports 'nas-lens/dsl', else text with native notations.
 * Only the first 64 K characters are looked at.
 */
export function documentKindOf(fileName: string, text: string): DocumentKind {
  const byName = documentKind(fileName);
  if (byName !== 'native' || /\.ipynb$/i.test(fileName)) return byName;
  const head = text.slice(0, 65_536);
  if (JSON_START.test(head) && /"cells"\s*:\s*\[/.test(head) && DSL_KEY.test(head) && !/"cell_type"\s*:/.test(head)) return 'json';
  if (DSL_IMPORT.test(head)) return 'ts';
  return 'native';
}

/** A JSON object at the start (after a byte order mark, white space and comments). */
const JSON_START = /^\uFEFF?(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*\{/;
const DSL_KEY = /"(?:arch|edges|matrix|normal|reduce)"\s*:/;
const DSL_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*)['"]nas-lens\/dsl(?:\/index(?:\.js)?)?['"]/;

/** Every cell of a document, validated, in text order. Never throws. */
export function parseDocument(text: string, fileName: string, options: ParseOptions = {}): ParsedDocument {
  switch (documentKind(fileName)) {
    case 'json':
      return parseJsonDsl(text);
    case 'ts': {
      const ts = loadTypeScript(options);
      if (ts) return parseTsDsl(text, fileName, ts);
      return {
        cells: [],
        diagnostics: [
          error('typescript-unavailable', 'reading *.nas.ts files needs the TypeScript compiler, which is not available here', { start: 0, end: 0 }),
        ],
      };
    }
    case 'native':
      return parseNativeNotations(text);
  }
}

export function parseJsonDsl(text: string): ParsedDocument {
  return finish((sink) => readJsonDsl(text, sink), true);
}

export function parseTsDsl(text: string, fileName: string, typescript: TypeScriptModule): ParsedDocument {
  return finish((sink) => readTsDsl(text, fileName, typescript, sink), false);
}

/** NB-201 arch strings, DARTS Genotype(...) and NAS-Bench-101 ModelSpec(...) in any text. */
export function parseNativeNotations(text: string): ParsedDocument {
  const notes: Note[] = [];
  const parsed = finish((sink) => readNativeNotations(text, sink, notes), false);
  return { ...parsed, notes };
}

const validate: ValidateCell = (cell) => spaceOf(cell).validate(cell);

/** Runs a reader, validating each cell as it comes; a reader bug becomes a diagnostic, never an exception. */
function finish(read: (sink: CellSink) => Diagnostic[], warnDuplicateNames: boolean): ParsedDocument {
  const cells: ParsedCell[] = [];
  try {
    const diagnostics = read((draft) => cells.push(finishCell(draft, validate)));
    return { cells: nameCells(cells, warnDuplicateNames), diagnostics };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { cells: [], diagnostics: [error('internal-error', `NAS Lens could not read this file: ${message}`, { start: 0, end: 0 })] };
  }
}

function loadTypeScript(options: ParseOptions): TypeScriptModule | undefined {
  const provided = options.typescript;
  if (!provided) return undefined;
  if (typeof provided !== 'function') return provided;
  try {
    return provided();
  } catch {
    return undefined;
  }
}
