/**
 * Python's json.dumps writes a failed run's metric as a bare NaN, Infinity or -Infinity, which is not
 * JSON. So that such a line can still be read (its other metrics count, this one is reported), each
 * such token outside strings is replaced by a JSON string of the same length (columns stay exact),
 * and its offset is remembered: a metric whose value starts there is that non-finite number.
 */
export interface MaskedLine {
  readonly text: string;
  /** Offset of each replaced token → the token as written. */
  readonly tokens: ReadonlyMap<number, string>;
}

const NON_FINITE = /-?Infinity|NaN/y;

export function maskNonFiniteNumbers(line: string): MaskedLine | undefined {
  let tokens: Map<number, string> | undefined;
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 78 /* N */ && c !== 73 /* I */ && c !== 45 /* - */) continue;
    if (i > 0 && isWordChar(line.charCodeAt(i - 1))) continue;
    NON_FINITE.lastIndex = i;
    const match = NON_FINITE.exec(line);
    if (!match || isWordChar(line.charCodeAt(i + match[0].length))) continue;
    const token = match[0];
    tokens ??= new Map();
    tokens.set(i, token);
    out += line.slice(copied, i) + `"${'x'.repeat(token.length - 2)}"`;
    copied = i + token.length;
    i = copied - 1;
  }
  return tokens ? { text: out + line.slice(copied), tokens } : undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 36 || c === 46;
}
