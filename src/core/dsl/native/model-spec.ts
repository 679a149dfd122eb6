import { buildNb101, NB101_CONSTANTS } from '../build/nb101';
import type { CellDraft } from '../draft';
import type { CallExpr, Expr } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { Diagnostic } from '../types';
import { bindArguments } from './call-args';

/** NAS-Bench-101 `ModelSpec(matrix=[[0, 1, …], …], ops=[INPUT, CONV3X3, …, OUTPUT])`, as in nasbench's api example. */
export function readModelSpecCall(call: CallExpr, name: string | undefined, nameRange: SourceRange | undefined, line: number): CellDraft {
  const diagnostics: Diagnostic[] = [];
  const args = bindArguments(call, ['matrix', 'ops'], ['data_format'], diagnostics);
  const matrixArg = args.get('matrix');
  const matrix = matrixArg ? unwrapArray(matrixArg) : undefined;
  const ops = args.get('ops');
  const built = buildNb101({ matrix, ops, anchor: { start: call.start, end: call.start + call.callee.length }, constants: NB101_CONSTANTS });
  return {
    name: name ?? `ModelSpec@line ${line}`,
    nameRange,
    space: 'nb101',
    notation: 'model-spec',
    cell: built.value,
    range: { start: call.start, end: call.end },
    parts: {
      ...(matrix && { matrix: { start: matrix.start, end: matrix.end } }),
      ...(ops && { ops: { start: ops.start, end: ops.end } }),
    },
    diagnostics: [...diagnostics, ...built.diagnostics],
    locate: built.locate,
  };
}

/** np.array([[…]]) → [[…]] (also numpy.array, array, with or without dtype=). */
function unwrapArray(expr: Expr): Expr {
  if (expr.kind !== 'call' || !/^(?:(?:np|numpy)\.)?(?:array|asarray)$/.test(expr.callee)) return expr;
  const first = expr.args.find((a) => a.keyword === undefined || a.keyword === 'object');
  return first ? first.value : expr;
}
