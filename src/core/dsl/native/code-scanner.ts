/** A string literal in Python code: where it and its text are, and how it is quoted. */
export interface StringSpan {
  /** At its prefix (r, b, f, …) or opening quote. */
  readonly start: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** After its closing quote. */
  readonly end: number;
  /** ', ", ''' or """. */
  readonly quote: string;
}

/** A `Name(` call found by the scanner; `within` when it is written inside a string literal. */
export interface Candidate {
  readonly at: number;
  readonly within?: StringSpan;
}

/**
 * Finds `Name(` calls in Python code without tokenizing the whole text: it jumps from one comment or
 * string to the next, so that calls written in comments are skipped and calls written inside strings
 * are known to be there, and is linear in the text. A quote left open at its line's end (an apostrophe
 * in prose) does not start a string.
 */
export class CallScanner {
  private readonly candidate: RegExp;

  constructor(
    private readonly text: string,
    names: readonly string[],
  ) {
    this.candidate = new RegExp(`\\b(?:${names.join('|')})\\s*\\(`, 'g');
  }

  /**
   * The next call at or after `from`. `from` must not be inside a string or comment, unless `within`
   * says which string it is inside (after a call read inside that string).
   */
  next(from: number, within?: StringSpan): Candidate | undefined {
    let pos = from;
    if (within && pos < within.contentEnd) {
      this.candidate.lastIndex = pos;
      const match = this.candidate.exec(this.text);
      if (match && match.index < within.contentEnd) return { at: match.index, within };
    }
    if (within) pos = Math.max(pos, within.end);
    for (;;) {
      this.candidate.lastIndex = pos;
      const match = this.candidate.exec(this.text);
      if (!match) return undefined;
      const cover = this.covering(pos, match.index);
      if (!cover) return { at: match.index };
      if ('quote' in cover) return { at: match.index, within: cover };
      pos = cover.end;
    }
  }

  /** The comment or string that starts in [from, offset) and covers `offset`, if any. */
  private covering(from: number, offset: number): StringSpan | { readonly end: number } | undefined {
    const text = this.text;
    for (let i = from; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 35 /* # */) {
        const end = lineEnd(text, i);
        if (end > offset) return { end };
        i = end - 1;
      } else if (c === 39 /* ' */ || c === 34 /* " */) {
        const span = this.string(i);
        if (!span) continue;
        if (span.end > offset) return span;
        i = span.end - 1;
      }
    }
    return undefined;
  }

  /** The string starting at the quote at `start`; undefined when it is not closed (on its line, for ' and "). */
  private string(start: number): StringSpan | undefined {
    const text = this.text;
    const q = text[start];
    const triple = text.startsWith(q + q + q, start);
    const quote = triple ? q + q + q : q;
    const contentStart = start + quote.length;
    let i = contentStart;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') {
        i += 2;
      } else if (triple ? text.startsWith(quote, i) : c === q) {
        return { start: prefixStart(text, start), contentStart, contentEnd: i, end: i + quote.length, quote };
      } else if (!triple && (c === '\n' || c === '\r')) {
        return undefined;
      } else {
        i++;
      }
    }
    return undefined;
  }
}

/** Where a string's prefix letters (r, b, f, u, rb, …) start, given its opening quote. */
function prefixStart(text: string, quoteAt: number): number {
  let i = quoteAt;
  while (i > 0 && quoteAt - i < 2 && /[rRbBuUfF]/.test(text[i - 1])) i--;
  return i > 0 && /[A-Za-z0-9_]/.test(text[i - 1]) ? quoteAt : i;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}
