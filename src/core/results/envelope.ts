/** A top-level property of a one-object line: its name and where its value lies. */
export interface Span {
  readonly name: string;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** Deeper values are left to the full reader (it stops at 64 levels). */
const MAX_DEPTH = 48;

/**
 * Finds the top-level keys of a line holding one plain JSON object and the extent of each value,
 * without building any value, so that a cell already read on an earlier line is not built again.
 * Values are not checked here: whoever uses one reads it (readJsoncValueAt) or finds its exact text
 * in a cache of values read before. Anything unusual (an escape or a control character anywhere
 * in the line, a comment, a trailing comma, NaN, trailing text) gives undefined and the line goes to
 * the full reader, which reports. `from`/`to` scan an object that is a part of the line (a value
 * found by an earlier scan).
 */
export function scanEnvelope(line: string, from = 0, to = line.length): { start: number; spans: Span[] } | undefined {
  if (from === 0 && !isPlain(line)) return undefined;
  let i = skipWhitespace(line, from);
  if (line.charCodeAt(i) !== 123 /* { */) return undefined;
  const start = i;
  const spans: Span[] = [];
  i = skipWhitespace(line, i + 1);
  if (line.charCodeAt(i) === 125 /* } */) return endsAt(line, i + 1, to) ? { start, spans } : undefined;
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(line, i);
    if (keyEnd < 0) return undefined;
    const name = line.slice(keyStart + 1, keyEnd - 1);
    i = skipWhitespace(line, keyEnd);
    if (line.charCodeAt(i) !== 58 /* : */) return undefined;
    const valueStart = skipWhitespace(line, i + 1);
    const valueEnd = skipValue(line, valueStart);
    if (valueEnd < 0) return undefined;
    spans.push({ name, valueStart, valueEnd });
    i = skipWhitespace(line, valueEnd);
    const c = line.charCodeAt(i);
    if (c === 44 /* , */) {
      i = skipWhitespace(line, i + 1);
      continue;
    }
    if (c === 125) return endsAt(line, i + 1, to) ? { start, spans } : undefined;
    return undefined;
  }
}

/** Only whitespace lies between `after` (just past the closing brace) and `to`. */
function endsAt(line: string, after: number, to: number): boolean {
  return after === to || skipWhitespace(line, after) === to;
}

function skipWhitespace(line: string, i: number): number {
  for (let c = line.charCodeAt(i); c === 32 || c === 9 || c === 13 || c === 10; c = line.charCodeAt(++i));
  return i;
}

// eslint-disable-next-line no-control-regex -- exactly the characters JSON forbids raw in a string
const UNPLAIN = /[\\\u0000-\u001f]/;

/** No backslash and no control character: every string of the line ends at its next quote. */
function isPlain(line: string): boolean {
  return !UNPLAIN.test(line);
}

/** The end of the string starting at `i` (after its closing quote), or -1; the line is plain. */
function skipString(line: string, i: number): number {
  if (line.charCodeAt(i) !== 34) return -1;
  const close = line.indexOf('"', i + 1);
  return close < 0 ? -1 : close + 1;
}

/** The end of the value starting at `i`: a string, a bracketed value (balanced, strings skipped), or a bare token; -1 if none. */
function skipValue(line: string, i: number): number {
  const c = line.charCodeAt(i);
  if (c === 34) return skipString(line, i);
  if (c === 123 || c === 91 /* [ */) {
    let depth = 0;
    for (let j = i; j < line.length; j++) {
      const d = line.charCodeAt(j);
      if (d === 34) {
        j = skipString(line, j);
        if (j < 0) return -1;
        j--;
      } else if (d === 123 || d === 91) {
        if (++depth > MAX_DEPTH) return -1;
      } else if (d === 125 || d === 93) {
        if (--depth === 0) return j + 1;
      } else if (d === 47 /* / */) {
        return -1;
      }
    }
    return -1;
  }
  let j = i;
  for (
    let d = line.charCodeAt(j);
    j < line.length && d !== 44 && d !== 125 && d !== 93 && d !== 32 && d !== 9 && d !== 13 && d !== 10 && d !== 47;
    d = line.charCodeAt(++j)
  );
  return j > i ? j : -1;
}
