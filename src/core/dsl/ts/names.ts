import type * as TS from 'typescript';
import type { SourceRange } from '../source-range';

/**
 * A DSL call's name from where it stands: `const best = nb201(…)` → best, `{ best: nb201(…) }` → best,
 * `const pool = [nb201(…), …]` → pool[0], `export default nb201(…)` → default, else `nb201@line N`.
 */
export function cellName(ts: typeof TS, source: TS.SourceFile, call: TS.Node, fn: string): { name: string; nameRange?: SourceRange } {
  const named = nameOf(ts, source, call, 0);
  if (named) return named;
  const line = source.getLineAndCharacterOfPosition(call.getStart(source)).line + 1;
  return { name: `${fn}@line ${line}` };
}

function nameOf(ts: typeof TS, source: TS.SourceFile, node: TS.Node, depth: number): { name: string; nameRange?: SourceRange } | undefined {
  if (depth > 8) return undefined;
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isTypeAssertionExpression(parent))
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
    return { name: parent.name.text, nameRange: { start: parent.name.getStart(source), end: parent.name.end } };
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
    const key = parent.name;
    if (ts.isIdentifier(key) || ts.isPrivateIdentifier(key)) return { name: key.text, nameRange: { start: key.getStart(source), end: key.end } };
    if (ts.isStringLiteral(key) || ts.isNumericLiteral(key)) {
      const start = key.getStart(source) + (ts.isStringLiteral(key) ? 1 : 0);
      return { name: key.text, nameRange: { start, end: start + key.text.length } };
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(parent)) {
    const container = nameOf(ts, source, parent, depth + 1);
    const index = parent.elements.indexOf(child as TS.Expression);
    return container ? { name: `${container.name}[${index}]` } : undefined;
  }
  if (ts.isExportAssignment(parent)) return { name: 'default' };
  return undefined;
}
