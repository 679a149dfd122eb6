import type { CellDraft } from '../draft';
import type { SourceRange } from '../source-range';
import type { StringSpan } from './code-scanner';

/** A string literal's content as Python reads it, and where in the text each of its characters comes from. */
export interface DecodedString {
  readonly value: string;
  /** at[i] is the text offset of value[i]; at[value.length] is the end of the content. */
  readonly at: readonly number[];
}

const SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0' };

/**
 * The content of a string with backslash escapes (`'Genotype(normal=[(\'sep_conv_3x3\', 0), …])'`)
 * decoded; undefined for raw, bytes and f-strings, whose text is not a value to read this way.
 */
export function decodeString(text: string, s: StringSpan): DecodedString | undefined {
  const prefix = text.slice(s.start, s.contentStart - s.quote.length).toLowerCase();
  if (/[rbf]/.test(prefix)) return undefined;
  let value = '';
  const at: number[] = [];
  for (let i = s.contentStart; i < s.contentEnd;) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= s.contentEnd) {
      value += c;
      at.push(i);
      i++;
      continue;
    }
    const next = text[i + 1];
    const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, i + 4)) : next === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, i + 6)) : null;
    if (next === '\n') {
      i += 2; // a line continuation inside the string
    } else if (hex) {
      value += String.fromCharCode(parseInt(hex[0], 16));
      at.push(i);
      i += 2 + hex[0].length;
    } else {
      value += Object.hasOwn(SIMPLE, next) ? SIMPLE[next] : `\\${next}`;
      at.push(i);
      if (!Object.hasOwn(SIMPLE, next)) at.push(i + 1);
      i += 2;
    }
  }
  at.push(s.contentEnd);
  return { value, at };
}

/**
 * A cell read from decoded text, with its ranges moved back into the document. Its parts are left
 * out: a rewrite then writes the whole call anew inside the string (in the string's other quote),
 * since the values cannot be edited in place through the escapes.
 */
export function mapDraft(draft: CellDraft, decoded: DecodedString): CellDraft {
  const map = (r: SourceRange): SourceRange => ({ start: decoded.at[r.start] ?? r.start, end: decoded.at[r.end] ?? r.end });
  return {
    ...draft,
    range: map(draft.range),
    parts: {},
    diagnostics: draft.diagnostics.map((d) => ({ ...d, range: map(d.range) })),
    locate: (path) => {
      const r = draft.locate(path);
      return r && map(r);
    },
  };
}
