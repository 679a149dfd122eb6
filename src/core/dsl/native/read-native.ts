import { ARCH_STRING_PATTERN } from '../../spaces/nb201/arch-string';
import { buildArch } from '../build/nb201';
import type { CellDraft, CellSink } from '../draft';
import type { Diagnostic } from '../types';
import { LiteralReader } from '../literal/parse-tokens';
import type { CallExpr } from '../literal/expr';
import { PYTHON, tokenize } from '../literal/tokens';
import { CallScanner } from './code-scanner';
import { LineIndex, type SourceRange } from '../source-range';
import { readGenotypeCall } from './genotype';
import { readModelSpecCall } from './model-spec';

/** Call names recognised in any text, by the last part of a dotted callee (api.ModelSpec, genotypes.Genotype). */
const READERS: Readonly<Record<string, (call: CallExpr, name: string | undefined, nameRange: SourceRange | undefined, line: number) => CellDraft>> = {
  Genotype: readGenotypeCall,
  ModelSpec: readModelSpecCall,
};

/**
 * Cells written in the notations of the original code bases, in any text (Python, Markdown, logs):
 * NB-201 arch strings, DARTS Genotype(...) calls and NAS-Bench-101 ModelSpec(...) calls.
 */
export function readNativeNotations(text: string, sink: CellSink): Diagnostic[] {
  const lines = new LineIndex(text);
  readArchStrings(text, lines, sink);
  readCalls(text, lines, sink);
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

function readCalls(text: string, lines: LineIndex, sink: CellSink): void {
  const scanner = new CallScanner(text, Object.keys(READERS));
  for (let at = scanner.next(0); at !== undefined; at = scanner.next(at)) {
    const name = /^[A-Za-z_]+/.exec(text.slice(at, at + 16))?.[0] ?? '';
    const calleeStart = dottedStart(text, at);
    const tokens = tokenize(text, PYTHON, calleeStart, text.length, true);
    const call = new LiteralReader(tokens).readCall();
    const callEnd = tokens.length ? tokens[tokens.length - 1].end : at + name.length;
    const headStart = Math.max(lines.lineStart(lines.positionAt(calleeStart).line), calleeStart - 120);
    const head = text.slice(headStart, calleeStart);
    if (call.kind === 'call' && !/\b(?:def|class)\s+$/.test(head)) {
      const label = callLabel(head, headStart);
      sink(READERS[name](call, label?.name, label?.range, lines.positionAt(call.start).line + 1));
    }
    at = Math.max(callEnd, at + name.length);
  }
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
