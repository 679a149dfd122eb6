import type { Cell, CellPath, SpaceId } from '../spaces/types';
import type { Expr } from './literal/expr';
import { describe, TOO_DEEP } from './literal/expr';
import type { SourceRange } from './source-range';
import type { CellParts, Diagnostic, EnclosingString, Notation } from './types';

/** Maps a CellPath to the text it came from; computed only when an issue needs it. */
export type Locator = (path: CellPath) => SourceRange | undefined;

/** What a notation reader produces before validation and naming. */
export interface CellDraft {
  readonly name: string;
  readonly nameRange?: SourceRange;
  readonly space: SpaceId;
  readonly notation: Notation;
  readonly cell?: Cell;
  readonly range: SourceRange;
  readonly parts: CellParts;
  readonly diagnostics: Diagnostic[];
  readonly locate: Locator;
  readonly inString?: EnclosingString;
}

/** Receives each cell as soon as it is read, so that large documents are not held twice. */
export type CellSink = (draft: CellDraft) => void;

/** A cell read from literals: undefined when it cannot be built. */
export interface Built<T> {
  readonly value?: T;
  readonly diagnostics: Diagnostic[];
  readonly locate: Locator;
}

export function error(code: string, message: string, range: SourceRange): Diagnostic {
  return { severity: 'error', code, message, range: { start: range.start, end: range.end } };
}

export function warning(code: string, message: string, range: SourceRange): Diagnostic {
  return { severity: 'warning', code, message, range: { start: range.start, end: range.end } };
}

/** The diagnostic for a value that is not the literal expected; `expected` e.g. "a list of ops". */
export function unexpected(label: string, expected: string, found: Expr): Diagnostic {
  if (found.kind === 'other' && found.what === TOO_DEEP) {
    return error('too-deep', `${label} nests too deeply to be read (a cell's values nest a few levels: ${expected})`, {
      start: found.start,
      end: Math.min(found.end, found.start + 1),
    });
  }
  if (found.kind === 'name' || found.kind === 'call' || found.kind === 'other') {
    if (found.kind === 'other' && found.what === 'nothing') {
      return error('missing-value', `${label} needs a value: ${expected}`, found);
    }
    return error(
      'not-literal',
      `${label} must be a literal so NAS Lens can read it without running your code; found ${describe(found)} where ${expected} was expected`,
      found,
    );
  }
  return error('wrong-type', `${label} must be ${expected}; found ${describe(found)}`, found);
}

/** The range of a string's own text when offsets inside it are exact, else the whole literal. */
export function stringContent(expr: Expr): SourceRange {
  return expr.kind === 'string' && expr.exact ? { start: expr.contentStart, end: expr.contentEnd } : expr;
}

/** The text between a string's quotes (even with escapes in it); the whole expression for anything else. */
export function contentRange(expr: Expr): SourceRange {
  return expr.kind === 'string' ? { start: expr.contentStart, end: expr.contentEnd } : { start: expr.start, end: expr.end };
}
