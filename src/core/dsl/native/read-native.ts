import { ARCH_STRING_PATTERN } from '../../spaces/nb201/arch-string';
import { buildArch } from '../build/nb201';
import type { CellDraft, CellSink } from '../draft';
import { error } from '../draft';
import type { Diagnostic, Note } from '../types';
import { LiteralReader } from '../literal/parse-tokens';
import type { CallExpr } from '../literal/expr';
import { PYTHON, tokenize, type Token } from '../literal/tokens';
import { CallScanner, type StringSpan } from './code-scanner';
import { LineIndex, type SourceRange } from '../source-range';
import { isNotACell, type CallSite, type NotACell } from './call-site';
import { readGenotypeCall } from './genotype';
import { readModelSpecCall } from './model-spec';
import { statementBoundary } from './statements';
import { decodeString, mapDraft, type DecodedString } from './escaped-string';

/** Call names recognised in any text, by the last part of a dotted callee (api.ModelSpec, genotypes.Genotype). */
const READERS: Readonly<Record<string, (call: CallExpr, site: CallSite) => CellDraft | NotACell>> = {
  Genotype: readGenotypeCall,
  ModelSpec: readModelSpecCall,
};
const CALL_NAMES = Object.keys(READERS);

/**
 * Cells written in the notations of the original code bases, in any text (Python, Markdown, logs):
 * NB-201 arch strings, DARTS Genotype(...) calls and NAS-Bench-101 ModelSpec(...) calls, also inside
 * string literals ("Genotype(...)" in a dict of strings, a command line, an argparse default).
 * Calls built from code are not cells: they go to `notes`.
 */
export function readNativeNotations(text: string, sink: CellSink, notes: Note[] = []): Diagnostic[] {
  const lines = new LineIndex(text);
  readArchStrings(text, lines, sink);
  readCalls(text, lines, sink, notes);
  return [];
}

function readArchStrings(text: string, lines: LineIndex, sink: CellSink): void {
  const pattern = new RegExp(ARCH_STRING_PATTERN.source, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const whole = { start, end };
    const built = buildArch(m[0], start, true, whole);
    const line = lines.positionAt(start).line;
    const from = Math.max(lines.lineStart(line), start - 200);
    const label = archLabel(text.slice(from, start), from, from === lines.lineStart(line));
    sink({
      name: label?.name ?? `arch@line ${line + 1}`,
      nameRange: label?.range,
      space: 'nb201',
      notation: 'arch-string',
      cell: built.value,
      range: whole,
      parts: { arch: whole },
      diagnostics: built.diagnostics,
      locate: built.locate,
    });
  }
}

/** Names that say "an architecture" rather than name one. */
const GENERIC_NAMES = /^(?:arch(?:_?str(?:ing)?)?|architecture|genotype|str|string)$/i;

/** `name = '|…`, `'name': '|…` or a YAML-style `name: '|…` line just before an arch string on its line. */
function archLabel(before: string, beforeStart: number, fromLineStart: boolean): { name: string; range: SourceRange } | undefined {
  const key = /(['"])([^'"\n]{1,80})\1\s*:\s*[rRuU]?['"`]?$/.exec(before);
  const assignment = key
    ? null
    : (/([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=\n]{0,40})?=\s*[rRuU]?['"`]?$/.exec(before) ??
      (fromLineStart ? /^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*:\s*['"]?$/.exec(before) : null));
  const match = key ?? assignment;
  if (!match) return undefined;
  const yaml = !key && match.length === 3;
  const name = key || yaml ? match[2] : match[1];
  if (GENERIC_NAMES.test(name)) return undefined;
  const offset = beforeStart + match.index + (key ? 1 : yaml ? match[1].length : 0);
  return { name, range: { start: offset, end: offset + name.length } };
}

function readCalls(text: string, lines: LineIndex, sink: CellSink, notes: Note[]): void {
  const scanner = new CallScanner(text, CALL_NAMES);
  let at = 0;
  let within: StringSpan | undefined;
  for (let found = scanner.next(0); found; found = scanner.next(at, within)) {
    const name = /^[A-Za-z_]+/.exec(text.slice(found.at, found.at + 16))?.[0] ?? '';
    const calleeStart = dottedStart(text, found.at);
    const read = readCallTokens(text, lines, calleeStart, found.within);
    within = read.within;
    at = Math.max(read.end, found.at + name.length);
    if (read.tokens.length === 0) continue;
    if (read.tokens.length >= MAX_CALL_TOKENS) {
      sink(tooLong(name, text, calleeStart, read.end, lines));
      continue;
    }
    const call = new LiteralReader(read.tokens).readCall();
    const lineStart = lines.lineStart(lines.positionAt(calleeStart).line);
    const headStart = Math.max(lineStart, calleeStart - 120);
    const head = text.slice(headStart, calleeStart);
    if (call.kind !== 'call' || /\b(?:def|class)\s+$/.test(head)) continue;
    const label = within ? stringLabel(text, within, calleeStart, lineStart) : callLabel(head, headStart);
    // A call in a string with escapes is read from the string's value; its ranges are moved back.
    const site = { text: read.decoded?.value ?? text, name: label?.name, nameRange: label?.range, line: lines.positionAt(calleeStart).line + 1 };
    const drafted = READERS[name](call, site);
    if (isNotACell(drafted)) {
      const range = read.decoded ? { start: calleeStart, end: calleeStart + name.length } : drafted.range;
      notes.push({ code: 'not-a-cell', message: drafted.notACell, range });
    } else {
      const placed = read.decoded ? mapDraft(drafted, read.decoded) : drafted;
      sink(within ? { ...placed, inString: { range: { start: within.start, end: within.end }, quote: within.quote } } : placed);
    }
  }
}

/** More tokens than any cell is written with (an NB-101 ModelSpec of 7 vertices has about 150): the rest is not read. */
const MAX_CALL_TOKENS = 100_000;

/** A call too long to be a cell (a 7000×7000 matrix): one error, nothing built. */
function tooLong(name: string, text: string, start: number, end: number, lines: LineIndex): CellDraft {
  const callee = { start, end: start + name.length };
  const range = { start, end };
  const line = lines.positionAt(start).line + 1;
  const message = `this ${name}(…) goes on for more than ${MAX_CALL_TOKENS.toLocaleString('en-US')} tokens, so NAS Lens does not read it (a cell is written with a few hundred; an NB-101 matrix has at most 7 rows on input→output paths)`;
  const space = name === 'Genotype' ? 'darts' : 'nb101';
  return {
    name: `${name}@line ${line}`,
    space,
    notation: space === 'darts' ? 'genotype' : 'model-spec',
    range,
    parts: {},
    diagnostics: [error('too-long', message, callee)],
    locate: () => undefined,
  };
}

interface CallTokens {
  readonly tokens: Token[];
  /** Where reading goes on. */
  readonly end: number;
  /** The string the call was read in, when it is read as written inside one. */
  readonly within?: StringSpan;
  /** Set when the call is read from the string's decoded value (it has escapes): the tokens' offsets are into that value. */
  readonly decoded?: DecodedString;
}

/**
 * The tokens of the call starting at `calleeStart`, up to its closing parenthesis or, for a call left
 * open, up to the next statement (so that cells after it are still found). A call inside a string is
 * read within the string when it closes there and the string holds no escapes; otherwise (an apostrophe
 * taken for a quote, a call cut off) it is read as code.
 */
function readCallTokens(text: string, lines: LineIndex, calleeStart: number, within: StringSpan | undefined): CallTokens {
  const boundary = statementBoundary(text, lines.lineStart(lines.positionAt(calleeStart).line));
  if (within) {
    const tokens = tokenize(text, PYTHON, calleeStart, within.contentEnd, true, boundary, MAX_CALL_TOKENS);
    const end = tokens.length ? tokens[tokens.length - 1].end : calleeStart;
    if (closes(tokens) && !text.slice(calleeStart, end).includes('\\')) return { tokens, end, within };
    const decoded = decodeString(text, within);
    const from = decoded ? decoded.at.indexOf(calleeStart) : -1;
    if (decoded && from >= 0) {
      const inValue = tokenize(decoded.value, PYTHON, from, decoded.value.length, true, undefined, MAX_CALL_TOKENS);
      if (closes(inValue)) return { tokens: inValue, end: decoded.at[inValue[inValue.length - 1].end], within, decoded };
    }
    if (!looksLikeOpenQuote(text, within)) return { tokens: [], end: Math.max(end, within.contentEnd), within };
  }
  const tokens = tokenize(text, PYTHON, calleeStart, text.length, true, boundary, MAX_CALL_TOKENS);
  return { tokens, end: tokens.length ? tokens[tokens.length - 1].end : calleeStart };
}

/** The first bracket opened is closed by the last token. */
function closes(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (t.punct === '(' || t.punct === '[' || t.punct === '{') depth++;
    else if (t.punct === ')' || t.punct === ']' || t.punct === '}') depth--;
  }
  return depth === 0 && tokens.length > 0;
}

/**
 * A "string" that is really an apostrophe or a quote inside prose or code, so the call in it is code:
 * it opens with a single quote right after a letter (It's, don't) or it ends inside the call's own
 * brackets (the quote before 'sep_conv_3x3' closed it).
 */
function looksLikeOpenQuote(text: string, s: StringSpan): boolean {
  if (s.quote.length !== 1) return false;
  if (/[A-Za-z]/.test(text[s.start - 1] ?? '')) return true;
  return /[([,]\s*$/.test(text.slice(Math.max(s.contentStart, s.contentEnd - 4), s.contentEnd));
}

/** `NAME = Call(`, `NAME: Type = Call(`, `keyword=Call(` or `'key': Call(`, from the text before the call. */
function callLabel(before: string, beforeStart: number): { name: string; range: SourceRange } | undefined {
  const key = /(['"])([^'"\n]{1,80})\1\s*:\s*$/.exec(before);
  if (key) return { name: key[2], range: { start: beforeStart + key.index + 1, end: beforeStart + key.index + 1 + key[2].length } };
  const assignment = /([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]{1,60})?=[ \t]*$/.exec(before);
  if (
    !assignment ||
    /[=!<>]=?$/.test(
      before
        .slice(0, assignment.index + assignment[0].indexOf('='))
        .trimEnd()
        .slice(-1),
    )
  )
    return undefined;
  const start = beforeStart + assignment.index;
  return { name: assignment[1], range: { start, end: start + assignment[1].length } };
}

/**
 * The name of a call written as the whole of a string: `'key': "Genotype(…)"` or, on a line of its
 * own, `NAME = "Genotype(…)"` (not a keyword argument such as default="…", whose name is no cell's).
 */
function stringLabel(text: string, s: StringSpan, calleeStart: number, lineStart: number): { name: string; range: SourceRange } | undefined {
  if (text.slice(s.contentStart, calleeStart).trim() !== '') return undefined;
  const headStart = Math.max(lineStart, s.start - 120);
  const label = callLabel(text.slice(headStart, s.start), headStart);
  if (!label) return undefined;
  const isKey = text[label.range.start - 1] === "'" || text[label.range.start - 1] === '"';
  return isKey || text.slice(lineStart, label.range.start).trim() === '' ? label : undefined;
}

/** Where a dotted callee (api.ModelSpec, a . b . Genotype) starts, given the offset of its last name. */
function dottedStart(text: string, nameStart: number): number {
  let start = nameStart;
  for (;;) {
    let i = start;
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    if (text[i - 1] !== '.') return start;
    i--;
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    let j = i;
    while (j > 0 && /[A-Za-z0-9_]/.test(text[j - 1])) j--;
    if (j === i || !/[A-Za-z_]/.test(text[j])) return start;
    start = j;
  }
}
