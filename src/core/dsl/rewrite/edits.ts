import type { SourceRange } from '../source-range';

/** A replacement of one range of a document's text. */
export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Non-overlapping edits as one edit spanning them all; the text between them is kept. */
export function mergeEdits(text: string, edits: readonly Edit[], fallback: SourceRange): TextEdit {
  if (edits.length === 0) return { range: fallback, newText: text.slice(fallback.start, fallback.end) };
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const start = sorted[0].start;
  const end = Math.max(...sorted.map((e) => e.end));
  return { range: { start, end }, newText: applyWithin(text, { start, end }, sorted) };
}

/** The text of `region` with the edits inside it applied; generated line breaks follow the document's. */
export function applyWithin(text: string, region: SourceRange, edits: readonly Edit[]): string {
  const crlf = text.includes('\r\n');
  let out = '';
  let at = region.start;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    if (e.start < at) throw new Error('overlapping edits');
    out += text.slice(at, e.start) + (crlf ? e.text.replace(/\r?\n/g, '\r\n') : e.text);
    at = e.end;
  }
  return out + text.slice(at, region.end);
}
