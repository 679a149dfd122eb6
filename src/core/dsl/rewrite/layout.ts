import type { SourceRange } from '../source-range';

/** A bracketed sequence in the text: `start` at its opening bracket, `end` after its closing one (if any). */
export interface Bracketed {
  readonly start: number;
  readonly end: number;
  readonly items: readonly SourceRange[];
}

/**
 * Writes `items` between the same brackets and with the layout of `original`: the same text after the
 * opening and before the closing bracket, the same separator within a line, the same number of items per
 * line and the same indentation of continuation lines. Comments between items are not kept.
 */
export function relayout(text: string, original: Bracketed, close: string, items: readonly string[]): string {
  const open = text[original.start];
  const closed = text[original.end - 1] === close;
  const n = original.items.length;
  if (n === 0) return `${open}${items.join(', ')}${close}`;
  const first = original.items[0];
  const last = original.items[n - 1];
  const closeAt = closed ? original.end - 1 : original.end;

  const rawBefore = text.slice(original.start + 1, first.start);
  const before = /^\s*$/.test(rawBefore) ? rawBefore : hasBreak(rawBefore) ? '\n' + indentAt(text, first.start) : '';
  const rawAfter = text.slice(last.end, closeAt);
  const after = /^\s*,?\s*$/.test(rawAfter) ? rawAfter : hasBreak(rawAfter) ? '\n' + indentAt(text, closeAt) : '';

  let sameLine: string | undefined;
  let lineBreak: string | undefined;
  let perLine = Infinity;
  for (let i = 0; i + 1 < n; i++) {
    const between = text.slice(original.items[i].end, original.items[i + 1].start);
    if (!hasBreak(between)) {
      sameLine ??= /^\s*,\s*$/.test(between) ? between : ', ';
    } else if (lineBreak === undefined) {
      lineBreak = ',\n' + indentAt(text, original.items[i + 1].start);
      perLine = i + 1;
    }
  }
  if (n === 1 && hasBreak(rawBefore)) {
    lineBreak = ',\n' + indentAt(text, first.start);
    perLine = 1;
  }
  sameLine ??= ', ';

  let body = '';
  items.forEach((item, i) => {
    if (i > 0) body += i % perLine === 0 && lineBreak ? lineBreak : sameLine;
    body += item;
  });
  return `${open}${before}${body}${after}${close}`;
}

function hasBreak(s: string): boolean {
  return s.includes('\n') || s.includes('\r');
}

/** The whitespace before `offset` on its line (the line's indentation if other text precedes it). */
export function indentAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const prefix = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : (/^[ \t]*/.exec(prefix)?.[0] ?? '');
}
