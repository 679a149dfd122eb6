import { EDGE_NAMES } from '../build/nb201';
import { NB101_CONSTANTS } from '../build/nb101';
import { isNestedLayout } from '../build/darts';
import type { DartsEdge } from '../../spaces/types';
import type { Expr, ListExpr } from '../literal/expr';
import { LiteralReader } from '../literal/parse-tokens';
import { tokenize, type Syntax } from '../literal/tokens';
import type { SourceRange } from '../source-range';
import type { Edit } from './edits';
import { quoted, type Quote } from './format';
import { relayout } from './layout';

/** The literal written at `range`. */
export function readPart(text: string, range: SourceRange, syntax: Syntax): Expr {
  return new LiteralReader(tokenize(text, syntax, range.start, range.end)).readExpr();
}

const CONSTANT_OF: ReadonlyMap<string, string> = new Map([...NB101_CONSTANTS].map(([name, op]) => [op, name]));
const constantName = (dotted: string) => dotted.replace(/^.*\./, '');

interface LeafStyle {
  readonly quote: Quote;
  /** Ops written as nasbench constants (CONV3X3), with this prefix (e.g. 'api.'). */
  readonly constantPrefix?: string;
}

/** The quote of the first string in `expr` and whether it writes ops as constants. */
function leafStyle(text: string, expr: Expr, defaultQuote: Quote): LeafStyle {
  let quote: Quote | undefined;
  let constantPrefix: string | undefined;
  const visit = (e: Expr): void => {
    if (e.kind === 'string' && quote === undefined) quote = text[e.contentStart - 1] === "'" ? "'" : '"';
    if (e.kind === 'name' && constantPrefix === undefined && NB101_CONSTANTS.has(constantName(e.name))) {
      constantPrefix = e.name.slice(0, e.name.lastIndexOf('.') + 1);
    }
    if (e.kind === 'list') e.items.forEach(visit);
  };
  visit(expr);
  return { quote: quote ?? defaultQuote, constantPrefix };
}

function renderOp(op: string, style: LeafStyle): string {
  const constant = style.constantPrefix !== undefined ? CONSTANT_OF.get(op) : undefined;
  return constant ? style.constantPrefix + constant : quoted(op, style.quote);
}

/** An edit writing `op` where `leaf` is, keeping its quotes; nothing when it already says so. */
function opLeafEdit(text: string, leaf: Expr, op: string, style: LeafStyle): Edit[] {
  if (leaf.kind === 'string') {
    if (leaf.value === op) return [];
    const quote: Quote = text[leaf.contentStart - 1] === "'" ? "'" : '"';
    return [{ start: leaf.contentStart, end: leaf.contentEnd, text: quoted(op, quote).slice(1, -1) }];
  }
  if (leaf.kind === 'name' && NB101_CONSTANTS.get(constantName(leaf.name)) === op) return [];
  const prefix = leaf.kind === 'name' ? leaf.name.slice(0, leaf.name.lastIndexOf('.') + 1) : '';
  const constant = CONSTANT_OF.get(op);
  return [{ start: leaf.start, end: leaf.end, text: constant ? prefix + constant : quoted(op, style.quote) }];
}

function numberLeafEdit(leaf: Expr, value: number): Edit[] {
  return leaf.kind === 'number' && leaf.value === value ? [] : [{ start: leaf.start, end: leaf.end, text: String(value) }];
}

function isOpLeaf(e: Expr): boolean {
  return e.kind === 'string' || (e.kind === 'name' && NB101_CONSTANTS.has(constantName(e.name)));
}

function replaceAll(range: SourceRange, expr: Expr, text: string, close: string, items: string[]): Edit[] {
  const written = expr.kind === 'list' || expr.kind === 'dict' ? relayout(text, bracketed(expr), close, items) : `[${items.join(', ')}]`;
  return [{ start: range.start, end: range.end, text: written }];
}

function bracketed(expr: Expr & { kind: 'list' | 'dict' }) {
  const items = expr.kind === 'list' ? expr.items : expr.entries.map((e) => ({ start: e.key.start, end: e.value.end }));
  return { start: expr.start, end: expr.end, items };
}

export function opsEdits(text: string, range: SourceRange, ops: readonly string[], syntax: Syntax, defaultQuote: Quote): Edit[] {
  const expr = readPart(text, range, syntax);
  const style = leafStyle(text, expr, defaultQuote);
  if (expr.kind === 'list' && expr.items.length === ops.length && expr.items.every(isOpLeaf)) {
    return expr.items.flatMap((leaf, v) => opLeafEdit(text, leaf, ops[v], style));
  }
  return replaceAll(
    range,
    expr,
    text,
    ']',
    ops.map((op) => renderOp(op, style)),
  );
}

export function matrixEdits(text: string, range: SourceRange, matrix: readonly (readonly number[])[], syntax: Syntax): Edit[] {
  const expr = readPart(text, range, syntax);
  const v = matrix.length;
  const rows = expr.kind === 'list' ? expr.items : [];
  const sameShape =
    expr.kind === 'list' &&
    rows.length === v &&
    rows.every((row) => row.kind === 'list' && row.items.length === v && row.items.every((x) => x.kind === 'number'));
  if (sameShape) return rows.flatMap((row, r) => (row as ListExpr).items.flatMap((leaf, c) => numberLeafEdit(leaf, matrix[r][c])));
  const model = rows.find((row): row is ListExpr => row.kind === 'list' && row.items.length > 0);
  const rowTexts = matrix.map((row) => (model ? relayout(text, bracketed(model), ']', row.map(String)) : `[${row.join(', ')}]`));
  return replaceAll(range, expr, text, ']', rowTexts);
}

export function dartsEdits(text: string, range: SourceRange, edges: readonly DartsEdge[], syntax: Syntax, defaultQuote: Quote): Edit[] {
  const expr = readPart(text, range, syntax);
  const style = leafStyle(text, expr, defaultQuote);
  if (expr.kind === 'list' && isNestedLayout(expr)) return nestedDartsEdits(text, range, expr, edges, style, syntax);
  const pairs = expr.kind === 'list' ? expr.items : [];
  if (expr.kind === 'list' && samePairs(pairs, edges.length)) return pairEdits(text, pairs, edges, style);
  return replaceAll(range, expr, text, ']', pairTexts(text, pairs, edges, style, syntax));
}

/** pt.darts / AutoDL: a list of pairs per node; kept per node, two pairs each, in the same brackets. */
function nestedDartsEdits(text: string, range: SourceRange, expr: ListExpr, edges: readonly DartsEdge[], style: LeafStyle, syntax: Syntax): Edit[] {
  const nodes = expr.items;
  const perNode = Array.from({ length: Math.ceil(edges.length / 2) }, (_, n) => edges.slice(2 * n, 2 * n + 2));
  if (nodes.length === perNode.length && nodes.every((node, n) => node.kind === 'list' && samePairs(node.items, perNode[n].length))) {
    return nodes.flatMap((node, n) => pairEdits(text, (node as ListExpr).items, perNode[n], style));
  }
  const model = nodes.find((node): node is ListExpr => node.kind === 'list' && node.items.length > 0);
  const modelPairs = model ? model.items : [];
  const nodeTexts = perNode.map((pairs) => {
    const items = pairTexts(text, modelPairs, pairs, style, syntax);
    return model ? relayout(text, bracketed(model), text[model.start] === '(' ? ')' : ']', items) : `[${items.join(', ')}]`;
  });
  return replaceAll(range, expr, text, ']', nodeTexts);
}

function samePairs(pairs: readonly Expr[], count: number): boolean {
  return (
    pairs.length === count && pairs.every((p) => p.kind === 'list' && p.items.length === 2 && p.items[0].kind === 'string' && p.items[1].kind === 'number')
  );
}

function pairEdits(text: string, pairs: readonly Expr[], edges: readonly DartsEdge[], style: LeafStyle): Edit[] {
  return pairs.flatMap((pair, e) => {
    const [op, input] = (pair as ListExpr).items;
    return [...opLeafEdit(text, op, edges[e][0], style), ...numberLeafEdit(input, edges[e][1])];
  });
}

/** Each edge as a pair written like the first well-formed pair of `pairs` (tuples or lists, spacing). */
function pairTexts(text: string, pairs: readonly Expr[], edges: readonly DartsEdge[], style: LeafStyle, syntax: Syntax): string[] {
  const model = pairs.find((p): p is ListExpr => p.kind === 'list' && p.items.length === 2);
  const open = model ? text[model.start] : syntax.pythonStrings ? '(' : '[';
  const close = open === '(' ? ')' : ']';
  return edges.map(([op, input]) => {
    const items = [quoted(op, style.quote), String(input)];
    return model ? relayout(text, bracketed(model), close, items) : `${open}${items.join(', ')}${close}`;
  });
}

/** JSON { "0->1": "op", … }: the values are replaced in place when every edge is written once. */
export function edgesEdits(text: string, range: SourceRange, ops: readonly string[], syntax: Syntax): Edit[] {
  const expr = readPart(text, range, syntax);
  const style: LeafStyle = { quote: '"' };
  if (expr.kind === 'dict') {
    const byEdge = new Map<number, Expr>();
    for (const { key, value } of expr.entries) {
      const edge = key.kind === 'string' ? EDGE_NAMES.indexOf(key.value.replace(/\s+/g, '')) : -1;
      if (edge >= 0 && !byEdge.has(edge) && value.kind === 'string') byEdge.set(edge, value);
    }
    if (byEdge.size === EDGE_NAMES.length && expr.entries.length === EDGE_NAMES.length) {
      return EDGE_NAMES.flatMap((_, e) => opLeafEdit(text, byEdge.get(e) as Expr, ops[e], style));
    }
  }
  const items = EDGE_NAMES.map((edge, e) => `"${edge}": ${JSON.stringify(ops[e])}`);
  if (expr.kind === 'dict') return [{ start: range.start, end: range.end, text: relayout(text, bracketed(expr), '}', items) }];
  return [{ start: range.start, end: range.end, text: `{ ${items.join(', ')} }` }];
}
