import type { DictEntry, Expr } from '../literal/expr';
import { MAX_LIST_ITEMS } from '../literal/expr';

const MAX_DEPTH = 64;

export type FastJsoncResult = { readonly ok: true; readonly root?: Expr } | { readonly ok: false };

/** Stands for a value checked but not built; read it later with readJsoncValueAt(text, start). */
export const DEFERRED = 'a deferred value';

/**
 * A fast reader for well-formed JSON with comments and trailing commas, straight into literal
 * expressions. It gives up (ok: false) at the first syntax error, so that the error-tolerant
 * jsonc-parser can report and recover; on valid input both give the same expressions.
 *
 * The items of the top-level array `deferItemsOf` are only checked and left as `other` expressions
 * (what: DEFERRED) spanning them, so that a large file is built one item at a time.
 */
export function readJsoncFast(text: string, deferItemsOf?: string): FastJsoncResult {
  const reader = new FastReader(text, deferItemsOf);
  reader.skipTrivia();
  if (reader.failed) return { ok: false };
  if (reader.i >= text.length) return { ok: true };
  const root = reader.value(0, true);
  reader.skipTrivia();
  return root && !reader.failed && reader.i === text.length ? { ok: true, root } : { ok: false };
}

/**
 * The value starting at `start` of a text that readJsoncFast accepted. Lists longer than
 * MAX_LIST_ITEMS are read in part (the rest checked, not built; `count` says how many there are),
 * so that a 7000×7000 matrix costs no memory.
 */
export function readJsoncValueAt(text: string, start: number): Expr | undefined {
  const reader = new FastReader(text, undefined, true);
  reader.i = start;
  return reader.value(0, true);
}

const CHECKED: Expr = { kind: 'other', what: 'a checked value', start: 0, end: 0 };

class FastReader {
  i = 0;
  failed = false;

  constructor(
    private readonly text: string,
    private readonly deferItemsOf?: string,
    private readonly capLists = false,
  ) {}

  skipTrivia(): void {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || (c === 0xfeff && i === 0)) {
        i++;
      } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
        i += 2;
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) {
          this.failed = true;
          return;
        }
        i = close + 2;
      } else {
        break;
      }
    }
    this.i = i;
  }

  /** The value at `i`; with `build` false it is only checked (and CHECKED returned). */
  value(depth: number, build: boolean, deferItems = false): Expr | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const c = this.text.charCodeAt(this.i);
    if (c === 123 /* { */) return this.object(depth, build);
    if (c === 91 /* [ */) return this.array(depth, build, deferItems);
    if (c === 34 /* " */) return this.string(build);
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.number(build);
    for (const name of ['true', 'false', 'null']) {
      if (this.text.startsWith(name, this.i) && !isWordChar(this.text.charCodeAt(this.i + name.length))) {
        const start = this.i;
        this.i += name.length;
        return build ? { kind: 'name', name, start, end: this.i } : CHECKED;
      }
    }
    return undefined;
  }

  private object(depth: number, build: boolean): Expr | undefined {
    const start = this.i++;
    const entries: DictEntry[] = [];
    for (;;) {
      this.skipTrivia();
      const c = this.text.charCodeAt(this.i);
      if (c === 125 /* } */) break;
      if (c !== 34) return undefined;
      const key = this.string(build);
      if (!key) return undefined;
      this.skipTrivia();
      if (this.text.charCodeAt(this.i) !== 58 /* : */) return undefined;
      this.i++;
      this.skipTrivia();
      const defer = depth === 0 && this.deferItemsOf !== undefined && key.kind === 'string' && key.value === this.deferItemsOf;
      const value = this.value(depth + 1, build, defer);
      if (!value) return undefined;
      if (build) entries.push({ key, value });
      this.skipTrivia();
      const next = this.text.charCodeAt(this.i);
      if (next === 44 /* , */) this.i++;
      else if (next !== 125) return undefined;
    }
    this.i++;
    return build ? { kind: 'dict', entries, start, end: this.i } : CHECKED;
  }

  private array(depth: number, build: boolean, deferItems: boolean): Expr | undefined {
    const start = this.i++;
    const items: Expr[] = [];
    let count = 0;
    for (;;) {
      this.skipTrivia();
      if (this.text.charCodeAt(this.i) === 93 /* ] */) break;
      const itemStart = this.i;
      const kept = !this.capLists || count < MAX_LIST_ITEMS;
      const item = this.value(depth + 1, build && !deferItems && kept);
      if (!item) return undefined;
      count++;
      if (deferItems) items.push({ kind: 'other', what: DEFERRED, start: itemStart, end: this.i });
      else if (build && kept) items.push(item);
      this.skipTrivia();
      const next = this.text.charCodeAt(this.i);
      if (next === 44) this.i++;
      else if (next !== 93) return undefined;
    }
    this.i++;
    if (!build) return CHECKED;
    return { kind: 'list', bracket: '[', items, start, end: this.i, ...(count > items.length && !deferItems && { count }) };
  }

  private string(build: boolean): Expr | undefined {
    const text = this.text;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= text.length) return undefined;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) return undefined;
      if (c === 92) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    if (!build && !escaped) {
      this.i = i + 1;
      return CHECKED;
    }
    const raw = text.slice(start + 1, i);
    const value = escaped ? decodeEscapes(raw) : raw;
    if (value === undefined) return undefined;
    this.i = i + 1;
    return { kind: 'string', value, start, end: this.i, contentStart: start + 1, contentEnd: i, exact: !escaped };
  }

  private number(build: boolean): Expr | undefined {
    const text = this.text;
    const start = this.i;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return undefined;
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return undefined;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if ((text.charCodeAt(i) | 32) === 101 /* e */) {
      i++;
      if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
      if (!isDigit(text.charCodeAt(i))) return undefined;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (isWordChar(text.charCodeAt(i)) || text.charCodeAt(i) === 46) return undefined;
    this.i = i;
    return build ? { kind: 'number', value: Number(text.slice(start, i)), start, end: i } : CHECKED;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function decodeEscapes(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') {
      out += raw[i];
      continue;
    }
    const e = raw[++i];
    if (e === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else if (e !== undefined && e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else {
      return undefined;
    }
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 36;
}
