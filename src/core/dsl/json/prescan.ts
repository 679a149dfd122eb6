import { createScanner } from 'jsonc-parser';
import { MAX_LIST_ITEMS } from '../literal/expr';

// jsonc-parser's SyntaxKind (a const enum its typings do not let isolated modules read).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COLON = 6;
const COMMA = 5;
const EOF = 17;
const TRIVIA = new Set([12, 13, 14, 15]);

/** Values nested deeper are not read (a cell's values are nested 5 levels deep in a file). */
export const MAX_JSON_DEPTH = 64;

export interface JsonPrescan {
  /**
   * The text to give the error-tolerant parser: the same length as the input, with each value nested
   * too deeply replaced by `0` and the items of long lists inside cells past the first ones blanked,
   * so that it neither runs out of stack nor builds millions of nodes.
   */
  readonly text: string;
  /** Where the values that nest too deeply start. */
  readonly tooDeep: ReadonlySet<number>;
  /** The item count of each list read in part, by the offset of its '['. */
  readonly counts: ReadonlyMap<number, number>;
}

interface Open {
  readonly offset: number;
  readonly array: boolean;
  items: number;
  /** Where the first item past MAX_LIST_ITEMS starts. */
  cut?: number;
}

/** One pass of jsonc-parser's scanner (no recursion, nothing built per value) over a text with syntax errors. */
export function prescanJson(text: string): JsonPrescan {
  const scanner = createScanner(text, false);
  const stack: Open[] = [];
  const blanks: { start: number; end: number; zero: boolean }[] = [];
  const tooDeep = new Set<number>();
  const counts = new Map<number, number>();
  let deepStart = -1;
  let deepLevel = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (TRIVIA.has(kind)) continue;
    const offset = scanner.getTokenOffset();
    const open = kind === OPEN_BRACE || kind === OPEN_BRACKET;
    const close = kind === CLOSE_BRACE || kind === CLOSE_BRACKET;
    if (deepStart >= 0) {
      if (open) deepLevel++;
      else if (close && --deepLevel === 0) {
        blanks.push({ start: deepStart, end: offset + 1, zero: true });
        deepStart = -1;
      }
      continue;
    }
    if (close) {
      const done = stack.pop();
      if (done?.cut !== undefined) {
        blanks.push({ start: done.cut, end: offset, zero: false });
        counts.set(done.offset, done.items);
      }
      continue;
    }
    if (kind === COMMA || kind === COLON) continue;
    // A value starts here: an item of the list it is in.
    const parent = stack[stack.length - 1];
    if (parent?.array) {
      parent.items++;
      if (parent.cut === undefined && parent.items > MAX_LIST_ITEMS && stack.length >= 3) parent.cut = offset;
    }
    if (!open) continue;
    if (stack.length >= MAX_JSON_DEPTH) {
      tooDeep.add(offset);
      deepStart = offset;
      deepLevel = 1;
    } else {
      stack.push({ offset, array: kind === OPEN_BRACKET, items: 0 });
    }
  }
  if (deepStart >= 0) blanks.push({ start: deepStart, end: text.length, zero: true });
  for (const open of stack) {
    if (open.cut === undefined) continue;
    blanks.push({ start: open.cut, end: text.length, zero: false });
    counts.set(open.offset, open.items);
  }
  return { text: blanked(text, blanks), tooDeep, counts };
}

/**
 * Text that reads as nothing, of a given length: a block comment (jsonc-parser's scanner builds a run of
 * white space one character at a time, which for megabytes runs out of memory; a comment it slices).
 */
function filler(length: number): string {
  return length < 4 ? ' '.repeat(length) : `/*${' '.repeat(length - 4)}*/`;
}

function blanked(text: string, blanks: readonly { start: number; end: number; zero: boolean }[]): string {
  if (blanks.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const b of [...blanks].sort((x, y) => x.start - y.start)) {
    if (b.start < at) continue;
    parts.push(text.slice(at, b.start), b.zero ? '0' + filler(b.end - b.start - 1) : filler(b.end - b.start));
    at = b.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
