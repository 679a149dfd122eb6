/**
 * A tokenizer for the literal part of Python and JavaScript/JSON: strings, numbers, names and
 * punctuation; comments and whitespace are skipped. It never fails: anything else becomes a
 * one-character punctuation token, an unterminated string ends at its line's end.
 */

export interface Syntax {
  /** `# comment` */
  readonly hashComments: boolean;
  /** `// comment` and `/* comment *\/` */
  readonly slashComments: boolean;
  /** r'' b'' f'' prefixes and ''' """ strings */
  readonly pythonStrings: boolean;
  /** `template` strings */
  readonly backticks: boolean;
}

export const PYTHON: Syntax = { hashComments: true, slashComments: false, pythonStrings: true, backticks: false };
export const JAVASCRIPT: Syntax = { hashComments: false, slashComments: true, pythonStrings: false, backticks: true };

interface TokenBase {
  readonly start: number;
  readonly end: number;
}

export interface StringToken extends TokenBase {
  readonly kind: 'string';
  readonly quote: string;
  /** Python prefix letters, lower-cased ('' for none). */
  readonly prefix: string;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The decoded value. */
  readonly value: string;
  /** The content's text equals the value, so offsets inside the value are offsets into the text. */
  readonly exact: boolean;
  /** A Python f-string or a JS template with `${…}`: its value is not known without running code. */
  readonly interpolated: boolean;
  readonly terminated: boolean;
}

export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  readonly value: number;
}

export interface NameToken extends TokenBase {
  readonly kind: 'name';
  readonly name: string;
}

export interface PunctToken extends TokenBase {
  readonly kind: 'punct';
  readonly punct: string;
}

export type Token = StringToken | NumberToken | NameToken | PunctToken;

const MULTI_CHAR_PUNCT = ['...', '**', '==', '!=', '<=', '>=', '->', '=>', ':=', '//'];
const MULTI_CHAR_START = new Set(MULTI_CHAR_PUNCT.map((p) => p.charCodeAt(0)));

/**
 * Tokens of text[from, to). With `untilBalanced`, stops after the token that closes the first
 * bracket opened (the end of a call when `from` is at its callee). With `stopAtLine`, stops before
 * a line (outside strings) for whose start it returns true; with `maxTokens`, after that many tokens.
 */
export function tokenize(
  text: string,
  syntax: Syntax,
  from = 0,
  to = text.length,
  untilBalanced = false,
  stopAtLine?: (lineStart: number) => boolean,
  maxTokens = Infinity,
): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = from;
  while (i < to && tokens.length < maxTokens) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
      i++;
      if (stopAtLine && (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) && tokens.length > 0 && stopAtLine(i)) break;
    } else if (c === 35 /* # */ && syntax.hashComments) {
      i = lineEnd(text, i, to);
    } else if (c === 47 /* / */ && syntax.slashComments && text.charCodeAt(i + 1) === 47) {
      i = lineEnd(text, i, to);
    } else if (c === 47 && syntax.slashComments && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 || close + 2 > to ? to : close + 2;
    } else if (c === 34 || c === 39 || (c === 96 && syntax.backticks)) {
      const token = readString(text, i, '', syntax, to);
      tokens.push(token);
      i = token.end;
    } else if (isDigit(c) || (c === 46 /* . */ && isDigit(text.charCodeAt(i + 1)))) {
      const token = readNumber(text, i, to);
      tokens.push(token);
      i = token.end;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < to && isNamePart(text.charCodeAt(j))) j++;
      const name = text.slice(i, j);
      const q = text.charCodeAt(j);
      if (syntax.pythonStrings && (q === 34 || q === 39) && j - i <= 2 && /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(name)) {
        const token = readString(text, j, name.toLowerCase(), syntax, to, i);
        tokens.push(token);
        i = token.end;
      } else {
        tokens.push({ kind: 'name', start: i, end: j, name });
        i = j;
      }
    } else {
      const punct = MULTI_CHAR_START.has(c) ? (MULTI_CHAR_PUNCT.find((p) => text.startsWith(p, i) && i + p.length <= to) ?? text[i]) : text[i];
      tokens.push({ kind: 'punct', start: i, end: i + punct.length, punct });
      i += punct.length;
      if (untilBalanced) {
        if (c === 40 || c === 91 || c === 123) depth++;
        else if ((c === 41 || c === 93 || c === 125) && --depth <= 0) break;
      }
    }
  }
  return tokens;
}

function readString(text: string, quoteAt: number, prefix: string, syntax: Syntax, to: number, start = quoteAt): StringToken {
  const quoteChar = text[quoteAt];
  const triple = syntax.pythonStrings && text.startsWith(quoteChar.repeat(3), quoteAt) && quoteAt + 3 <= to;
  const quote = triple ? quoteChar.repeat(3) : quoteChar;
  const multiline = triple || quoteChar === '`';
  const raw = prefix.includes('r');
  const contentStart = quoteAt + quote.length;
  let i = contentStart;
  let value = '';
  let exact = true;
  let interpolated = prefix.includes('f');
  let terminated = false;
  let chunkStart = i;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (raw) {
        i += 2;
        continue;
      }
      value += text.slice(chunkStart, i);
      exact = false;
      const next = text[i + 1] ?? '';
      value += ESCAPES[next] ?? (next === '\n' ? '' : next);
      i += 2;
      chunkStart = i;
      continue;
    }
    if (!multiline && (c === 10 || c === 13)) break;
    if (quoteChar === '`' && c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) interpolated = true;
    if (text.startsWith(quote, i) && i + quote.length <= to) {
      terminated = true;
      break;
    }
    i++;
  }
  const contentEnd = Math.min(i, to);
  value += text.slice(chunkStart, contentEnd);
  const end = terminated ? contentEnd + quote.length : contentEnd;
  return { kind: 'string', start, end, quote, prefix, contentStart, contentEnd, value, exact, interpolated, terminated };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '`': '`' };

/** Decimal integers and floats (with _ separators and exponents); 0x/0o/0b integers. */
function readNumber(text: string, start: number, to: number): NumberToken {
  let i = start;
  const radix = text.charCodeAt(i) === 48 ? text.charCodeAt(i + 1) | 32 : 0;
  const prefixed = radix === 120 /* x */ || radix === 111 /* o */ || radix === 98; /* b */
  if (prefixed) {
    i += 2;
    while (i < to && /[0-9a-fA-F_]/.test(text[i])) i++;
  } else {
    i = skipDigits(text, i, to);
    if (text.charCodeAt(i) === 46 /* . */) i = skipDigits(text, i + 1, to);
    const e = text.charCodeAt(i) | 32;
    if (e === 101 /* e */) {
      const sign = text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45 ? 1 : 0;
      if (isDigit(text.charCodeAt(i + 1 + sign))) i = skipDigits(text, i + 1 + sign, to);
    }
  }
  let raw = text.slice(start, i);
  if (raw.includes('_')) raw = raw.replace(/_/g, '');
  return { kind: 'number', start, end: i, value: Number(raw.charCodeAt(0) === 46 ? `0${raw}` : raw) };
}

function skipDigits(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) && c !== 95) break;
    i++;
  }
  return i;
}

function lineEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return to;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}
