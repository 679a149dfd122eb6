import { buildDarts } from '../build/darts';
import type { CellDraft } from '../draft';
import { error, unexpected } from '../draft';
import type { CallExpr, Expr } from '../literal/expr';
import { describe } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { CellParts, Diagnostic } from '../types';
import { bindArguments } from './call-args';
import { codeIn } from './code-args';
import type { CallSite, NotACell } from './call-site';

/** The fields of DARTS' Genotype; AutoDL-Projects' adds connectN and connects (None for DARTS cells). */
const PARAMETERS = ['normal', 'normal_concat', 'reduce', 'reduce_concat', 'connectN', 'connects'];
const WIRING = ['connectN', 'connects'] as const;
const CONCAT_CALLS = new Set(['range', 'list', 'tuple']);

/**
 * DARTS `Genotype(normal=[('sep_conv_3x3', 0), …], normal_concat=range(2, 6), reduce=[…], reduce_concat=[2, 3, 4, 5])`,
 * the pairs written flat or per node. A Genotype built from variables or calls is code, not a cell.
 */
export function readGenotypeCall(call: CallExpr, site: CallSite): CellDraft | NotACell {
  const diagnostics: Diagnostic[] = [];
  const args = bindArguments(call, PARAMETERS, [], diagnostics);
  const callee = { start: call.start, end: call.start + call.callee.length };
  for (const [key, value] of args) {
    const code = codeIn(value, site.text, key.endsWith('concat') ? { calls: (c) => CONCAT_CALLS.has(c.callee) } : {});
    if (code) return { notACell: notACellMessage(call, key, code), range: callee };
  }
  const built = buildDarts({ normal: args.get('normal'), reduce: args.get('reduce'), anchor: callee });
  for (const key of ['normal_concat', 'reduce_concat']) {
    const concat = args.get(key);
    if (concat) checkConcat(concat, key, diagnostics);
  }
  for (const key of WIRING) {
    const value = args.get(key);
    if (value && !(value.kind === 'name' && value.name === 'None')) {
      diagnostics.push(
        error('unsupported-wiring', `${key} is given; NAS Lens reads DARTS cells with the standard wiring (two inputs per node, ${key}=None)`, value),
      );
    }
  }
  const parts: { -readonly [K in keyof CellParts]: SourceRange } = {};
  for (const [key, part] of [
    ['normal', 'normal'],
    ['normal_concat', 'normalConcat'],
    ['reduce', 'reduce'],
    ['reduce_concat', 'reduceConcat'],
  ] as const) {
    const expr = args.get(key);
    if (expr) parts[part] = { start: expr.start, end: expr.end };
  }
  return {
    name: site.name ?? `Genotype@line ${site.line}`,
    nameRange: site.nameRange,
    space: 'darts',
    notation: 'genotype',
    cell: built.value,
    range: { start: call.start, end: call.end },
    parts,
    diagnostics: [...diagnostics, ...built.diagnostics],
    locate: built.locate,
  };
}

export function notACellMessage(call: CallExpr, key: string, code: Expr): string {
  return `${call.callee}(…) is built when the program runs (its ${key} is ${describe(code)}), so NAS Lens does not read it as a cell; write its values as literals to rank it`;
}

/** Reports a concat that is not nodes 2..5 (in any order); the cell's other problems are still reported. */
function checkConcat(expr: Expr, key: string, diagnostics: Diagnostic[]): void {
  const nodes = integerList(expr);
  if (!nodes) {
    diagnostics.push(unexpected(key, 'a list of node numbers such as range(2, 6) or [2, 3, 4, 5]', expr));
  } else if (!isDefaultConcat(nodes)) {
    diagnostics.push(
      error(
        'unsupported-concat',
        `${key} concatenates nodes [${nodes.join(', ')}]; NAS Lens's DARTS space concatenates the four intermediate nodes 2..5 (range(2, 6))`,
        expr,
      ),
    );
  }
}

export function isDefaultConcat(nodes: readonly number[]): boolean {
  return nodes.length === 4 && [2, 3, 4, 5].every((n) => nodes.includes(n));
}

/** [2, 3, 4, 5], (2, 3, 4, 5), range(2, 6), list(range(2, 6)); undefined for anything else. */
export function integerList(expr: Expr): number[] | undefined {
  if (expr.kind === 'list') {
    if (expr.items.length > 64) return undefined;
    const values = expr.items.map((item) => (item.kind === 'number' && Number.isInteger(item.value) ? item.value : NaN));
    return values.some(Number.isNaN) ? undefined : values;
  }
  if (expr.kind !== 'call') return undefined;
  const args = expr.args.map((a) => (a.keyword === undefined && a.value.kind === 'number' && Number.isInteger(a.value.value) ? a.value.value : NaN));
  if ((expr.callee === 'list' || expr.callee === 'tuple') && expr.args.length === 1) return integerList(expr.args[0].value);
  if (expr.callee !== 'range' || args.length < 1 || args.length > 3 || args.some(Number.isNaN)) return undefined;
  const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1];
  if (step === 0 || Math.abs((stop - start) / step) > 64) return undefined;
  const out: number[] = [];
  for (let n = start; step > 0 ? n < stop : n > stop; n += step) out.push(n);
  return out;
}
