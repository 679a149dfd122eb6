import { buildNb101, NB101_CONSTANTS } from '../build/nb101';
import type { CellDraft } from '../draft';
import type { CallExpr, Expr } from '../literal/expr';
import type { Diagnostic } from '../types';
import { bindArguments } from './call-args';
import type { CallSite, NotACell } from './call-site';
import { codeIn } from './code-args';
import { notACellMessage } from './genotype';

const ARRAY_CALL = /^(?:(?:np|numpy)\.)?(?:array|asarray)$/;
/** Upper-case names in ops are read as nasbench's constants (an unknown one is an error, not code). */
const CONSTANT_LIKE = /^(?:[A-Za-z_][\w]*\.)*[A-Z][A-Z0-9_]*$/;

/** NAS-Bench-101 `ModelSpec(matrix=[[0, 1, …], …], ops=[INPUT, CONV3X3, …, OUTPUT])`, as in nasbench's api example. */
export function readModelSpecCall(call: CallExpr, site: CallSite): CellDraft | NotACell {
  const diagnostics: Diagnostic[] = [];
  const args = bindArguments(call, ['matrix', 'ops'], ['data_format'], diagnostics);
  const callee = { start: call.start, end: call.start + call.callee.length };
  const matrixArg = args.get('matrix');
  const ops = args.get('ops');
  const matrixCode = matrixArg && codeIn(matrixArg, site.text, { calls: (c) => ARRAY_CALL.test(c.callee), names: (n) => /^(?:np|numpy)\.\w+$/.test(n) });
  if (matrixCode) return { notACell: notACellMessage(call, 'matrix', matrixCode), range: callee };
  const opsCode = ops && codeIn(ops, site.text, { names: (n) => CONSTANT_LIKE.test(n) });
  if (opsCode) return { notACell: notACellMessage(call, 'ops', opsCode), range: callee };
  const matrix = matrixArg ? unwrapArray(matrixArg) : undefined;
  const built = buildNb101({ matrix, ops, anchor: callee, constants: NB101_CONSTANTS });
  return {
    name: site.name ?? `ModelSpec@line ${site.line}`,
    nameRange: site.nameRange,
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
  if (expr.kind !== 'call' || !ARRAY_CALL.test(expr.callee)) return expr;
  const first = expr.args.find((a) => a.keyword === undefined || a.keyword === 'object');
  return first ? first.value : expr;
}
