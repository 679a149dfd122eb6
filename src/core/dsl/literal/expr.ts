import type { SourceRange } from '../source-range';
import { shown } from '../../spaces/user-text';

/**
 * The literal values a cell is written with, whatever the notation (JSON, TypeScript, Python):
 * strings, numbers, names (constants), lists/tuples, dictionaries, calls, and `other` for
 * anything that cannot be read without running code.
 */
export type Expr = StringExpr | NumberExpr | NameExpr | ListExpr | DictExpr | CallExpr | OtherExpr;

interface ExprBase extends SourceRange {
  readonly start: number;
  readonly end: number;
}

export interface StringExpr extends ExprBase {
  readonly kind: 'string';
  readonly value: string;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The text between the quotes equals the value (no escapes), so value offsets map to text offsets. */
  readonly exact: boolean;
}

export interface NumberExpr extends ExprBase {
  readonly kind: 'number';
  readonly value: number;
}

/** An identifier or dotted name, e.g. CONV3X3, api.INPUT. */
export interface NameExpr extends ExprBase {
  readonly kind: 'name';
  readonly name: string;
}

export interface ListExpr extends ExprBase {
  readonly kind: 'list';
  /** '[' for lists and arrays, '(' for tuples. */
  readonly bracket: '[' | '(';
  readonly items: readonly Expr[];
  /** How many items are written, when more are written than were read: `items` then holds the first ones. */
  readonly count?: number;
}

export interface DictEntry {
  readonly key: Expr;
  readonly value: Expr;
}

export interface DictExpr extends ExprBase {
  readonly kind: 'dict';
  readonly entries: readonly DictEntry[];
}

export interface CallArg {
  /** The keyword of a keyword argument. */
  readonly keyword?: string;
  readonly keywordRange?: SourceRange;
  readonly value: Expr;
}

export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  /** Dotted callee name, e.g. 'range', 'np.array'. */
  readonly callee: string;
  readonly args: readonly CallArg[];
}

export interface OtherExpr extends ExprBase {
  readonly kind: 'other';
  /** What was found, for messages: 'a variable', 'a function call', 'an expression', … */
  readonly what: string;
}

/**
 * Lists inside a cell longer than this are read in part: their first items, and `count` (an NB-101
 * matrix has at most 7 rows on input→output paths, a DARTS cell 8 pairs; a 7000×7000 matrix is refused
 * without being built).
 */
export const MAX_LIST_ITEMS = 64;

/** What an `other` expression is when its value nests too deeply to be read. */
export const TOO_DEEP = 'a value nested too deeply to read';

export function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'name':
      return `the name '${shown(expr.name)}'`;
    case 'list':
      return expr.bracket === '(' ? 'a tuple' : 'a list';
    case 'dict':
      return 'an object';
    case 'call':
      return `a call of ${expr.callee}()`;
    case 'other':
      return expr.what;
  }
}

/** The number of items a list has in the text (more than `items` when a long list was read in part). */
export function countOf(list: ListExpr): number {
  return list.count ?? list.items.length;
}
