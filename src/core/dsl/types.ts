import type { Cell, SpaceId } from '../spaces/types';
import type { SourceRange } from './source-range';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** A space's issue code ('unknown-op', 'cycle', …) or a parse code ('syntax', 'not-literal', …). */
  readonly code: string;
  readonly message: string;
  readonly range: SourceRange;
}

/** How a cell is written. */
export type Notation =
  | 'json-arch' // *.nas.json, { "arch": "|op~0|+|…|" }
  | 'json-edges' // *.nas.json, { "edges": { "0->1": "op", … } }
  | 'json-nb101' // *.nas.json, { "matrix": [[…]], "ops": […] }
  | 'json-darts' // *.nas.json, { "normal": [["op", 0], …], "reduce": […] }
  | 'ts-nb201' // *.nas.ts, nb201('|op~0|+|…|')
  | 'ts-nb101' // *.nas.ts, nb101({ matrix, ops })
  | 'ts-darts' // *.nas.ts, darts({ normal, reduce })
  | 'arch-string' // any text, a bare NB-201 arch string
  | 'genotype' // any text, DARTS Genotype(normal=…, normal_concat=…, reduce=…, reduce_concat=…)
  | 'model-spec'; // any text, NAS-Bench-101 ModelSpec(matrix=…, ops=…)

/**
 * Where the values of a cell are written; what rewriting replaces.
 * `arch` is the arch string's own text (inside any quotes); the others are whole literals.
 */
export interface CellParts {
  readonly arch?: SourceRange;
  readonly edges?: SourceRange;
  readonly matrix?: SourceRange;
  readonly ops?: SourceRange;
  readonly normal?: SourceRange;
  readonly reduce?: SourceRange;
  readonly normalConcat?: SourceRange;
  readonly reduceConcat?: SourceRange;
}

/** A string literal a cell is written inside (a genotype in "…"): the whole literal and its quote. */
export interface EnclosingString {
  readonly range: SourceRange;
  /** ', ", ''' or """. */
  readonly quote: string;
}

export interface ParsedCell {
  /** Unique within its document. */
  readonly name: string;
  readonly space: SpaceId;
  readonly notation: Notation;
  /** Undefined when the text cannot be read as a cell; an unknown op still yields a cell (and an error). */
  readonly cell?: Cell;
  /** A cell was built and no error was reported: safe to hash, encode and score. */
  readonly valid: boolean;
  /** The whole cell expression. */
  readonly range: SourceRange;
  /** The name's text (without quotes), when the document names the cell. */
  readonly nameRange?: SourceRange;
  readonly parts: CellParts;
  /** Parse problems and the space's validation issues, each at the most precise range known. */
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the cell is written inside a string literal; its parts are ranges inside that string. */
  readonly inString?: EnclosingString;
}

/**
 * Something worth a hint but no problem, e.g. a Genotype(...) built from variables: code, not a cell.
 * Editors may show notes (off by default); `validate` does not.
 */
export interface Note {
  readonly code: string;
  readonly message: string;
  readonly range: SourceRange;
}

export interface ParsedDocument {
  /** In text order. */
  readonly cells: readonly ParsedCell[];
  /** Problems that belong to no cell (syntax errors, unknown top-level keys, …). */
  readonly diagnostics: readonly Diagnostic[];
  /** Hints that are not problems, in text order (the native notations only). */
  readonly notes?: readonly Note[];
}

/** The `typescript` module, handed in so that core neither bundles nor loads it unless a *.nas.ts file is parsed. */
export type TypeScriptModule = typeof import('typescript');

export interface ParseOptions {
  /** The TypeScript compiler (or a function loading it, called on the first *.nas.ts file only). */
  readonly typescript?: TypeScriptModule | (() => TypeScriptModule);
}
