/**
 * Finds `Name(` calls in Python code without tokenizing the whole text: it jumps from one comment or
 * string to the next, so that calls written inside them are skipped, and is linear in the text.
 */
export class CallScanner {
  private readonly candidate: RegExp;

  constructor(
    private readonly text: string,
    names: readonly string[],
  ) {
    this.candidate = new RegExp(`\\b(?:${names.join('|')})\\s*\\(`, 'g');
  }

  /** The offset of the next call's name at or after `from`, which must not be inside a string or comment. */
  next(from: number): number | undefined {
    let pos = from;
    for (;;) {
      this.candidate.lastIndex = pos;
      const match = this.candidate.exec(this.text);
      if (!match) return undefined;
      const covered = this.coveringEnd(pos, match.index);
      if (covered === undefined) return match.index;
      pos = covered;
    }
  }

  /** If a comment or string that starts in [from, offset) covers `offset`, where it ends. */
  private coveringEnd(from: number, offset: number): number | undefined {
    const text = this.text;
    for (let i = from; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c !== 35 /* # */ && c !== 39 /* ' */ && c !== 34 /* " */) continue;
      const end = this.skip(i);
      if (end > offset) return end;
      i = end - 1;
    }
    return undefined;
  }

  /** The end of the comment or string starting at `start`. */
  private skip(start: number): number {
    const text = this.text;
    if (text[start] === '#') return lineEnd(text, start);
    const q = text[start];
    const triple = text.startsWith(q + q + q, start);
    let i = start + (triple ? 3 : 1);
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') {
        i += 2;
      } else if (triple ? text.startsWith(q + q + q, i) : c === q) {
        return i + (triple ? 3 : 1);
      } else if (!triple && (c === '\n' || c === '\r')) {
        return i;
      } else {
        i++;
      }
    }
    return text.length;
  }
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}
