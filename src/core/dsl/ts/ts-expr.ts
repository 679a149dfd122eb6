import type * as TS from 'typescript';
import type { Expr } from '../literal/expr';

const MAX_DEPTH = 16;

/** Strips what does not change a literal's value: parentheses, `as const`, `satisfies T`, `x!`, `<T>x`. */
export function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** A TypeScript expression as a literal value; anything that would need running code becomes `other`. */
export function tsToExpr(ts: typeof TS, source: TS.SourceFile, text: string, node: TS.Expression, depth = 0): Expr {
  const inner = unwrap(ts, node);
  const start = inner.getStart(source);
  const end = inner.end;
  if (depth > MAX_DEPTH) return { kind: 'other', what: 'too deeply nested a value', start, end };
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) {
    const contentStart = start + 1;
    const contentEnd = Math.max(contentStart, end - 1);
    return { kind: 'string', value: inner.text, start, end, contentStart, contentEnd, exact: text.slice(contentStart, contentEnd) === inner.text };
  }
  if (ts.isNumericLiteral(inner)) return { kind: 'number', value: Number(inner.text), start, end };
  if (ts.isPrefixUnaryExpression(inner) && ts.isNumericLiteral(inner.operand)) {
    const value = Number(inner.operand.text);
    if (inner.operator === ts.SyntaxKind.MinusToken) return { kind: 'number', value: -value, start, end };
    if (inner.operator === ts.SyntaxKind.PlusToken) return { kind: 'number', value, start, end };
  }
  if (ts.isArrayLiteralExpression(inner)) {
    const items = inner.elements.map((element): Expr => {
      if (ts.isSpreadElement(element)) return { kind: 'other', what: 'a spread (...)', start: element.getStart(source), end: element.end };
      if (ts.isOmittedExpression(element)) return { kind: 'other', what: 'nothing', start: element.pos, end: element.end };
      return tsToExpr(ts, source, text, element, depth + 1);
    });
    return { kind: 'list', bracket: '[', items, start, end };
  }
  if (ts.isIdentifier(inner)) return { kind: 'name', name: inner.text, start, end };
  if (inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) {
    return { kind: 'name', name: inner.getText(source), start, end };
  }
  if (ts.isTemplateExpression(inner)) return { kind: 'other', what: 'a template with substitutions', start, end };
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) return { kind: 'other', what: 'a function call', start, end };
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) return { kind: 'other', what: 'a property read', start, end };
  if (ts.isObjectLiteralExpression(inner)) return { kind: 'other', what: 'an object', start, end };
  return { kind: 'other', what: 'an expression', start, end };
}
