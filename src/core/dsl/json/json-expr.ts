import { printParseErrorCode, type Node, type ParseErrorCode } from 'jsonc-parser';
import type { Expr } from '../literal/expr';

const MAX_DEPTH = 16;

/** A jsonc-parser node as a literal expression (deeper than any cell value needs is cut off). */
export function nodeToExpr(text: string, node: Node, depth = 0): Expr {
  // jsonc-parser lets a value that runs into an unterminated /* comment at the end of the text end one past it.
  const end = Math.min(text.length, node.offset + node.length);
  const start = Math.min(node.offset, end);
  if (depth > MAX_DEPTH) return { kind: 'other', what: 'too deeply nested a value', start, end };
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
    case 'array':
      return { kind: 'list', bracket: '[', items: (node.children ?? []).map((child) => nodeToExpr(text, child, depth + 1)), start, end };
    case 'object':
      return {
        kind: 'dict',
        start,
        end,
        entries: (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          if (!key) return [];
          const keyExpr = nodeToExpr(text, key, depth + 1);
          return [
            {
              key: keyExpr,
              value: value ? nodeToExpr(text, value, depth + 1) : ({ kind: 'other', what: 'nothing', start: keyExpr.end, end: keyExpr.end } as const),
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
  return `JSON syntax: ${MESSAGES[printParseErrorCode(code)] ?? 'unexpected input'}`;
}
