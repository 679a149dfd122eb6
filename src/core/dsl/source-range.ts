/** A span of a document's text: UTF-16 offsets, `start` inclusive, `end` exclusive. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** 0-based line and UTF-16 character, as VS Code and LSP count them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * Line starts of a text, for many offset ↔ position conversions on one text.
 * Line breaks are \n, \r\n and a lone \r, as in VS Code.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offsets outside the text are clamped to it. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  /** Positions past a line's end are clamped to that line's end (before its line break). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.max(start, Math.min(start + position.character, this.lineEnd(position.line)));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the line break ending `line` (or the text's end). */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

let cached: { text: string; index: LineIndex } | undefined;

/** The line index of the text converted last is kept, so converting many offsets of one text stays cheap. */
export function lineIndexOf(text: string): LineIndex {
  if (cached?.text !== text) cached = { text, index: new LineIndex(text) };
  return cached.index;
}

export function offsetToPosition(text: string, offset: number): Position {
  return lineIndexOf(text).positionAt(offset);
}

export function positionToOffset(text: string, position: Position): number {
  return lineIndexOf(text).offsetAt(position);
}
