import type { CallExpr, Expr } from '../literal/expr';
import { PYTHON, tokenize } from '../literal/tokens';

const LITERAL_NAMES = new Set(['None', 'True', 'False']);

export interface CodeRules {
  /** Names that stand for literal values here (e.g. nasbench's CONV3X3). */
  readonly names?: (name: string) => boolean;
  /** Calls that build literal values from literal arguments (e.g. range(2, 6), np.array([[…]])). */
  readonly calls?: (call: CallExpr) => boolean;
}

/**
 * The first part of `expr` that is code rather than a literal value: a variable, a call, an
 * operation, a comprehension, an f-string, an ellipsis placeholder. A call such as
 * `Genotype(normal=gene_normal, …)` builds a genotype when the program runs; it is not a cell.
 * Text that is neither (a typo, a missing comma) is not code: it stays a cell with an error.
 */
export function codeIn(expr: Expr, text: string, rules: CodeRules = {}): Expr | undefined {
  switch (expr.kind) {
    case 'string':
    case 'number':
      return undefined;
    case 'name':
      return LITERAL_NAMES.has(expr.name) || rules.names?.(expr.name) ? undefined : expr;
    case 'list':
      return firstCode(expr.items, text, rules);
    case 'dict':
      return firstCode(
        expr.entries.flatMap((e) => [e.key, e.value]),
        text,
        rules,
      );
    case 'call':
      if (!rules.calls?.(expr)) return expr;
      return firstCode(
        expr.args.map((a) => a.value),
        text,
        rules,
      );
    case 'other':
      if (expr.what === 'a string with substitutions') return expr;
      if (expr.what !== 'an expression') return undefined;
      return tokenize(text, PYTHON, expr.start, expr.end).some(
        (t) => (t.kind === 'name' && !LITERAL_NAMES.has(t.name)) || (t.kind === 'punct' && t.punct === '...'),
      )
        ? expr
        : undefined;
  }
}

function firstCode(exprs: readonly Expr[], text: string, rules: CodeRules): Expr | undefined {
  for (const e of exprs) {
    const found = codeIn(e, text, rules);
    if (found) return found;
  }
  return undefined;
}
