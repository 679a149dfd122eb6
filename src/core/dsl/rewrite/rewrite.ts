import { formatArchString } from '../../spaces/nb201/arch-string';
import type { Cell } from '../../spaces/types';
import { integerList, isDefaultConcat } from '../native/genotype';
import { JAVASCRIPT, PYTHON, tokenize, type Syntax } from '../literal/tokens';
import type { SourceRange } from '../source-range';
import type { Notation, ParsedCell } from '../types';
import { applyWithin, mergeEdits, type Edit, type TextEdit } from './edits';
import { formatCell, quoted, type Quote } from './format';
import { indentAt } from './layout';
import { dartsEdits, edgesEdits, matrixEdits, opsEdits, readPart } from './part-edits';

export type { TextEdit } from './edits';

/** An insertion, and the name the new cell is written with (none for notations without a name slot). */
export interface InsertEdit extends TextEdit {
  readonly name?: string;
}

/**
 * Replaces a parsed cell by another cell of the same space, written in the same notation and style:
 * the same quotes, tuples or lists, constants or strings, line layout and name. Values are replaced in
 * place where the shape allows, so comments and spacing around them survive.
 */
export function rewriteCell(text: string, parsed: ParsedCell, replacement: Cell): TextEdit {
  return mergeEdits(text, cellEdits(text, parsed, replacement), parsed.range);
}

/**
 * Inserts `replacement` as a new cell named `newName` right after the parsed one, as a copy of it
 * (same notation and layout): after its line(s) when the cell stands on lines of its own, else
 * as the next list element. Names are adapted to the notation (an identifier in TypeScript and
 * Python assignments). A cell without a name slot (a bare arch string) is copied without a name.
 */
export function insertCellAfter(text: string, parsed: ParsedCell, replacement: Cell, newName: string): InsertEdit {
  const edits = cellEdits(text, parsed, replacement);
  if (parsed.notation.startsWith('json-')) {
    const nameEdit: Edit = parsed.nameRange
      ? { ...parsed.nameRange, text: JSON.stringify(newName).slice(1, -1) }
      : { start: parsed.range.start + 1, end: parsed.range.start + 1, text: ` "name": ${JSON.stringify(newName)},` };
    const nameOverwritten = edits.some((e) => e.start < nameEdit.end && nameEdit.start < e.end);
    const copy = nameOverwritten ? formatCell(replacement, parsed.notation, newName) : applyWithin(text, parsed.range, [...edits, nameEdit]);
    const startsLine = /^[ \t]*$/.test(text.slice(lineStart(text, parsed.range.start), parsed.range.start));
    const gap = startsLine ? eol(text) + indentAt(text, parsed.range.start) : ' ';
    return { range: { start: parsed.range.end, end: parsed.range.end }, newText: `,${gap}${copy}`, name: newName };
  }
  const syntax = syntaxOf(parsed.notation);
  // A call inside a string is copied with its whole string literal.
  const cellRange = parsed.inString ? parsed.inString.range : withQuotes(text, parsed);
  const written = parsed.nameRange ? nameText(text, parsed.nameRange, newName) : undefined;
  const nameEdits: Edit[] = parsed.nameRange && written !== undefined ? [{ ...parsed.nameRange, text: written.text }] : [];
  const spanStart = lineStart(text, Math.min(cellRange.start, parsed.nameRange?.start ?? cellRange.start));
  const spanEnd = lineEnd(text, cellRange.end);
  const prefix = text.slice(spanStart, cellRange.start);
  const suffix = text.slice(cellRange.end, spanEnd);
  const lineCopy = (balanced(prefix, syntax) && balanced(suffix, syntax)) || (parsed.inString !== undefined && balanced(prefix + suffix, syntax));
  if (lineCopy) {
    const copy = applyWithin(text, { start: spanStart, end: spanEnd }, [...edits, ...nameEdits]);
    return { range: { start: spanEnd, end: spanEnd }, newText: eol(text) + copy, name: written?.name };
  }
  const copy = applyWithin(text, cellRange, edits);
  return { range: { start: cellRange.end, end: cellRange.end }, newText: `, ${copy}` };
}

function cellEdits(text: string, parsed: ParsedCell, replacement: Cell): Edit[] {
  if (replacement.space !== parsed.space) throw new Error(`cannot replace a ${parsed.space} cell by a ${replacement.space} cell`);
  const syntax = syntaxOf(parsed.notation);
  const quote = defaultQuote(parsed);
  const p = parsed.parts;
  switch (replacement.space) {
    case 'nb201':
      if (p.arch) return [{ ...p.arch, text: formatArchString(replacement) }];
      if (p.edges) return edgesEdits(text, p.edges, replacement.ops, syntax);
      break;
    case 'nb101':
      if (p.matrix && p.ops) return [...matrixEdits(text, p.matrix, replacement.matrix, syntax), ...opsEdits(text, p.ops, replacement.ops, syntax, quote)];
      break;
    case 'darts':
      if (p.normal && p.reduce) {
        const concats = [p.normalConcat, p.reduceConcat].flatMap((range) => (range ? concatEdits(text, range) : []));
        return [...dartsEdits(text, p.normal, replacement.normal, syntax, quote), ...dartsEdits(text, p.reduce, replacement.reduce, syntax, quote), ...concats];
      }
      break;
  }
  return [wholeCellEdit(text, parsed, replacement)];
}

/** An unsupported concat is set to the nodes every cell of the space concatenates. */
function concatEdits(text: string, range: SourceRange): Edit[] {
  const nodes = integerList(readPart(text, range, PYTHON));
  return nodes && isDefaultConcat(nodes) ? [] : [{ ...range, text: 'range(2, 6)' }];
}

/** When the parsed cell lacks the values to replace in place: the whole expression, written anew. */
function wholeCellEdit(text: string, parsed: ParsedCell, replacement: Cell): Edit {
  const written = formatCell(replacement, parsed.notation);
  const fresh = defaultQuote(parsed) === '"' && !parsed.notation.startsWith('json-') ? written.replace(/'/g, '"') : written;
  const { start, end } = parsed.range;
  if (parsed.notation.startsWith('json-')) {
    const name = parsed.nameRange ? `"name": ${text.slice(parsed.nameRange.start - 1, parsed.nameRange.end + 1)}, ` : '';
    return { start, end, text: `{ ${name}${fresh.slice(2)}` };
  }
  const open = text.indexOf('(', start);
  const callee = open >= 0 && open < end ? text.slice(start, open).trim() : '';
  return { start, end, text: callee ? callee + fresh.slice(fresh.indexOf('(')) : fresh };
}

function syntaxOf(notation: Notation): Syntax {
  return notation.startsWith('json-') || notation.startsWith('ts-') ? JAVASCRIPT : PYTHON;
}

/** The quote new strings are written with: the notation's, or inside a string literal the other one. */
function defaultQuote(parsed: ParsedCell): Quote {
  if (parsed.inString) return parsed.inString.quote[0] === "'" ? '"' : "'";
  return parsed.notation.startsWith('json-') ? '"' : "'";
}

/** A bare arch string inside quotes counts with its quotes, so that copies of it are quoted too. */
function withQuotes(text: string, parsed: ParsedCell): SourceRange {
  const { start, end } = parsed.range;
  const q = text[start - 1];
  return parsed.notation === 'arch-string' && (q === "'" || q === '"' || q === '`') && text[end] === q ? { start: start - 1, end: end + 1 } : parsed.range;
}

/** The new name as the text at the old name's place: string content inside quotes, else an identifier. */
function nameText(text: string, nameRange: SourceRange, name: string): { text: string; name: string } {
  const q = text[nameRange.start - 1];
  if ((q === "'" || q === '"') && text[nameRange.end] === q) return { text: quoted(name, q).slice(1, -1), name };
  const replaced = name.replace(/[^A-Za-z0-9_$]/g, '_');
  const identifier = /^[0-9]/.test(replaced) || replaced === '' ? `_${replaced}` : replaced;
  return { text: identifier, name: identifier };
}

/** Brackets in `s` (outside strings and comments) open and close in pairs. */
function balanced(s: string, syntax: Syntax): boolean {
  let depth = 0;
  for (const t of tokenize(s, syntax)) {
    if (t.kind === 'string' && !t.terminated) return false;
    if (t.kind !== 'punct') continue;
    if (t.punct === '(' || t.punct === '[' || t.punct === '{') depth++;
    else if (t.punct === ')' || t.punct === ']' || t.punct === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function lineEnd(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
