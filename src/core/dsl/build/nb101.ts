import type { CellPath, Nb101Cell } from '../../spaces/types';
import type { Built } from '../draft';
import { error, stringContent, unexpected } from '../draft';
import type { Diagnostic } from '../types';
import type { Expr, ListExpr } from '../literal/expr';
import { countOf, MAX_LIST_ITEMS } from '../literal/expr';
import { NB101_MAX_VERTICES } from '../../spaces/nb101/validate';
import type { SourceRange } from '../source-range';

/** The constants of nasbench's api example: ops=[INPUT, CONV1X1, CONV3X3, MAXPOOL3X3, OUTPUT]. */
export const NB101_CONSTANTS: ReadonlyMap<string, string> = new Map([
  ['INPUT', 'input'],
  ['OUTPUT', 'output'],
  ['CONV3X3', 'conv3x3-bn-relu'],
  ['CONV1X1', 'conv1x1-bn-relu'],
  ['MAXPOOL3X3', 'maxpool3x3'],
]);

export interface Nb101Source {
  readonly matrix?: Expr;
  readonly ops?: Expr;
  /** Where to report a missing matrix or ops. */
  readonly anchor: SourceRange;
  /** Names allowed as ops, e.g. NB101_CONSTANTS (dotted names match on their last part). */
  readonly constants?: ReadonlyMap<string, string>;
}

export function buildNb101(source: Nb101Source): Built<Nb101Cell> {
  const diagnostics: Diagnostic[] = [];
  const matrix = source.matrix ? readMatrix(source.matrix, diagnostics) : undefined;
  const ops = source.ops ? readOps(source.ops, source.constants, diagnostics) : undefined;
  if (!source.matrix) diagnostics.push(error('missing-key', 'an NB-101 cell needs a matrix (V×V adjacency, 0/1)', source.anchor));
  if (!source.ops) diagnostics.push(error('missing-key', "an NB-101 cell needs ops (V labels, 'input' first and 'output' last)", source.anchor));
  const locate = (path: CellPath): SourceRange | undefined => locateIn(source, path);
  if (!matrix || !ops) return { diagnostics, locate };
  return { value: { space: 'nb101', matrix, ops }, diagnostics, locate };
}

function readMatrix(expr: Expr, diagnostics: Diagnostic[]): number[][] | undefined {
  const rowsExpected = 'a list of rows, each a list of 0/1';
  if (expr.kind !== 'list') {
    diagnostics.push(unexpected('matrix', rowsExpected, expr));
    return undefined;
  }
  if (tooLong(expr, 'the matrix', 'rows', diagnostics)) return undefined;
  let ok = true;
  const rows = expr.items.map((row, r) => {
    if (row.kind === 'list' && tooLong(row, `matrix row ${r}`, 'entries', diagnostics)) {
      ok = false;
      return [];
    }
    if (row.kind !== 'list') {
      diagnostics.push(unexpected(`matrix row ${r}`, 'a list of 0/1', row));
      ok = false;
      return [];
    }
    return row.items.map((entry, c) => {
      if (entry.kind === 'number') return entry.value;
      diagnostics.push(unexpected(`matrix[${r}][${c}]`, '0 or 1', entry));
      ok = false;
      return 0;
    });
  });
  return ok ? rows : undefined;
}

function readOps(expr: Expr, constants: ReadonlyMap<string, string> | undefined, diagnostics: Diagnostic[]): string[] | undefined {
  if (expr.kind !== 'list') {
    diagnostics.push(unexpected('ops', 'a list of op labels', expr));
    return undefined;
  }
  if (tooLong(expr, 'ops', 'labels', diagnostics)) return undefined;
  let ok = true;
  const ops = expr.items.map((item, v) => {
    if (item.kind === 'string') return item.value;
    const constant = item.kind === 'name' && constants ? constants.get(item.name.slice(item.name.lastIndexOf('.') + 1)) : undefined;
    if (constant) return constant;
    const known = constants ? ` (or one of ${[...constants.keys()].join(', ')})` : '';
    diagnostics.push(unexpected(`ops[${v}]`, `an op label${known}`, item));
    ok = false;
    return '';
  });
  return ok ? ops : undefined;
}

/** A list longer than any NB-101 cell can be, reported by its length without reading it. */
function tooLong(list: ListExpr, what: string, items: string, diagnostics: Diagnostic[]): boolean {
  const count = countOf(list);
  if (count <= MAX_LIST_ITEMS) return false;
  const message = `${what} has ${count.toLocaleString('en-US')} ${items}; an NB-101 cell has at most ${NB101_MAX_VERTICES} vertices on input→output paths (input and output included), and NAS Lens reads matrices of up to ${MAX_LIST_ITEMS} rows`;
  diagnostics.push(error('too-many-vertices', message, { start: list.start, end: list.start + 1 }));
  return true;
}

function locateIn(source: Nb101Source, path: CellPath): SourceRange | undefined {
  const [key, i, j] = path;
  const root = key === 'matrix' ? source.matrix : key === 'ops' ? source.ops : undefined;
  if (!root) return undefined;
  if (typeof i !== 'number') return root;
  const item = itemAt(root, i);
  if (!item) return root;
  if (key === 'ops') return stringContent(item);
  if (typeof j !== 'number') return item;
  return itemAt(item, j) ?? item;
}

function itemAt(expr: Expr, index: number): Expr | undefined {
  return expr.kind === 'list' ? (expr as ListExpr).items[index] : undefined;
}
