import { printParseErrorCode, type Node, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import type { Expr } from '../literal/expr';
import { TOO_DEEP } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { JsonPrescan } from './prescan';

const MAX_DEPTH = 16;
const NOT_SCANNED: Pick<JsonPrescan, 'tooDeep' | 'counts'> = { tooDeep: new Set(), counts: new Map() };

/**
 * A jsonc-parser node as a literal expression (deeper than any cell value needs is cut off); `scan`
 * says which values the prescan replaced for nesting too deeply and which lists it read in part.
 */
export function nodeToExpr(text: string, node: Node, depth = 0, scan = NOT_SCANNED): Expr {
  // jsonc-parser lets a value that runs into an unterminated /* comment at the end of the text end one past it.
  const end = Math.min(text.length, node.offset + node.length);
  const start = Math.min(node.offset, end);
  if (depth > MAX_DEPTH || scan.tooDeep.has(node.offset)) return { kind: 'other', what: TOO_DEEP, start, end };
  switch (node.type) {
    case 'string': {
      const contentStart = start + 1;
      const contentEnd = Math.max(contentStart, text.charCodeAt(end - 1) === 34 && end - 1 >= contentStart ? end - 1 : end);
      const value = typeof node.value === 'string' ? node.value : '';
      return { kind: 'string', value, start, end, contentStart, contentEnd, exact: text.slice(contentStart, contentEnd) === value };
    }
    case 'number':
      return { kind: 'number', value: Number(node.value), start, end };
    case 'boolean':
    case 'null':
      return { kind: 'name', name: String(node.value), start, end };
    case 'array': {
      const items = (node.children ?? []).map((child) => nodeToExpr(text, child, depth + 1, scan));
      const count = scan.counts.get(node.offset);
      return { kind: 'list', bracket: '[', items, start, end, ...(count !== undefined && { count }) };
    }
    case 'object':
      return {
        kind: 'dict',
        start,
        end,
        entries: (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          if (!key) return [];
          const keyExpr = nodeToExpr(text, key, depth + 1, scan);
          return [
            {
              key: keyExpr,
              value: value ? nodeToExpr(text, value, depth + 1, scan) : ({ kind: 'other', what: 'nothing', start: keyExpr.end, end: keyExpr.end } as const),
            },
          ];
        }),
      };
    default:
      return { kind: 'other', what: 'an unexpected value', start, end };
  }
}

const MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: "':' was expected",
  CommaExpected: "',' was expected",
  CloseBraceExpected: "'}' was expected",
  CloseBracketExpected: "']' was expected",
  EndOfFileExpected: 'the file should end after the top-level object',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

export function jsonSyntaxMessage(code: ParseErrorCode): string {
  return `JSON syntax: ${describeError(code)}`;
}

function describeError(code: ParseErrorCode): string {
  return MESSAGES[printParseErrorCode(code)] ?? 'unexpected input';
}

const CLOSERS: Readonly<Record<string, string>> = { CloseBraceExpected: "'}'", CloseBracketExpected: "']'" };

/**
 * jsonc-parser's errors as one message per place: a file cut off in the middle of a cell gets one
 * error at its end ("… was expected; then '}' ']' '}' close what is still open"), not one per bracket.
 */
export function jsonSyntaxErrors(errors: readonly ParseError[], textLength: number): { message: string; range: SourceRange }[] {
  // A string cut off by the end of the file is where the file ends: one error, at the string's start.
  const cutString = errors.find((e) => printParseErrorCode(e.error) === 'UnexpectedEndOfString' && e.offset + e.length >= textLength);
  const atEnd = (offset: number) => (cutString && offset >= textLength ? cutString.offset : Math.min(offset, textLength));
  const byPlace = new Map<number, ParseError[]>();
  for (const e of errors) {
    if (e === cutString) continue;
    const start = atEnd(e.offset);
    const list = byPlace.get(start) ?? [];
    list.push(e);
    byPlace.set(start, list);
  }
  if (cutString && !byPlace.has(cutString.offset)) byPlace.set(cutString.offset, []);
  return [...byPlace].map(([start, list]) => {
    const end = Math.min(textLength, Math.max(start + 1, ...list.map((e) => Math.min(e.offset, textLength) + e.length)));
    const closers = list.map((e) => CLOSERS[printParseErrorCode(e.error)]);
    const first = list.findIndex((_, i) => closers[i] === undefined);
    const main = first >= 0 ? describeError(list[first].error) : closers.length ? `${closers[0]} was expected` : '';
    const others = list.filter((_, i) => i !== (first >= 0 ? first : 0));
    const openers = others.flatMap((e) => CLOSERS[printParseErrorCode(e.error)] ?? []);
    const rest = others.filter((e) => CLOSERS[printParseErrorCode(e.error)] === undefined).map((e) => describeError(e.error));
    const then = openers.length ? `; ${openers.join(' ')} would close what is still open` : '';
    const what = [main, ...rest].filter(Boolean).join('; ');
    const ending =
      cutString && start === cutString.offset
        ? 'the file ends in the middle of the JSON, inside the string that starts here'
        : start >= textLength
          ? 'the file ends in the middle of the JSON'
          : '';
    const message = ending ? `${ending}${what ? ` (${what})` : ''}${then}` : `${what}${then}`;
    return { message: `JSON syntax: ${message}`, range: { start, end } };
  });
}
