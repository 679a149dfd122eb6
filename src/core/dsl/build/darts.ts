import type { CellPath, DartsCell, DartsEdge } from '../../spaces/types';
import type { Built } from '../draft';
import { error, stringContent, unexpected } from '../draft';
import type { Expr } from '../literal/expr';
import { countOf, MAX_LIST_ITEMS } from '../literal/expr';
import type { SourceRange } from '../source-range';
import type { Diagnostic } from '../types';

export type DartsKind = 'normal' | 'reduce';

export interface DartsSource {
  readonly normal?: Expr;
  readonly reduce?: Expr;
  /** Where to report a missing normal or reduce. */
  readonly anchor: SourceRange;
}

const PAIR = "a pair (op, input), e.g. ('sep_conv_3x3', 0)";
const NODE = "a node: a list of its two (op, input) pairs, e.g. [('sep_conv_3x3', 0), ('skip_connect', 1)]";

/**
 * A DARTS cell from its normal and reduce lists, each written flat (8 pairs, as DARTS does) or per
 * node (a list of pairs per intermediate node, as pt.darts and AutoDL-Projects do: 4 nodes of 2).
 */
export function buildDarts(source: DartsSource): Built<DartsCell> {
  const diagnostics: Diagnostic[] = [];
  const pairs: Partial<Record<DartsKind, readonly (Expr | undefined)[]>> = {};
  const read = (kind: DartsKind): DartsEdge[] | undefined => {
    const expr = source[kind];
    if (!expr) return undefined;
    const result = readEdges(expr, kind, diagnostics);
    pairs[kind] = result.pairs;
    return result.edges;
  };
  const normal = read('normal');
  const reduce = read('reduce');
  for (const kind of ['normal', 'reduce'] as const) {
    if (!source[kind]) diagnostics.push(error('missing-key', `a DARTS cell needs ${kind}: 8 (op, input) pairs`, source.anchor));
  }
  const locate = (path: CellPath): SourceRange | undefined => locateIn(source, pairs, path);
  if (!normal || !reduce) return { diagnostics, locate };
  return { value: { space: 'darts', normal, reduce }, diagnostics, locate };
}

/** A list of (op, input) pairs: [('sep_conv_3x3', 0), …]; a node is a list of such pairs. */
export function isNodeList(expr: Expr): boolean {
  return expr.kind === 'list' && expr.items.length > 0 && expr.items.every((item) => item.kind === 'list');
}

/** Per node when the first item is itself a list of pairs: [[('sep_conv_3x3', 0), ('skip_connect', 1)], …]. */
export function isNestedLayout(list: Expr): boolean {
  return list.kind === 'list' && list.items.length > 0 && isNodeList(list.items[0]);
}

interface ReadEdges {
  readonly edges?: DartsEdge[];
  /** The expression of each edge, in edge order (edges 2k, 2k+1 are node k+2's), for locating issues. */
  readonly pairs: readonly (Expr | undefined)[];
}

function readEdges(expr: Expr, kind: DartsKind, diagnostics: Diagnostic[]): ReadEdges {
  if (expr.kind !== 'list') {
    diagnostics.push(unexpected(kind, 'a list of 8 (op, input) pairs', expr));
    return { pairs: [] };
  }
  const count = countOf(expr);
  if (count > MAX_LIST_ITEMS) {
    diagnostics.push(
      error('bad-shape', `${kind} has ${count.toLocaleString('en-US')} items; a DARTS cell has 8 (op, input) pairs, two into each intermediate node 2–5`, {
        start: expr.start,
        end: expr.start + 1,
      }),
    );
    return { pairs: [] };
  }
  if (!isNestedLayout(expr)) return readPairs(expr.items, (e) => `${kind}[${e}]`, diagnostics);
  let ok = true;
  const edges: DartsEdge[] = [];
  const pairs: (Expr | undefined)[] = [];
  expr.items.forEach((node, n) => {
    const label = `${kind}[${n}]`;
    if (!isNodeList(node) || node.kind !== 'list') {
      diagnostics.push(unexpected(`${label} (node ${n + 2})`, `${NODE}, like the first one`, node));
      ok = false;
      return;
    }
    if (node.items.length !== 2) {
      const n2 = node.items.length;
      diagnostics.push(
        error(
          'bad-node',
          `node ${n + 2} of ${kind} (${label}) has ${n2} (op, input) pair${n2 === 1 ? '' : 's'}; each intermediate node of a DARTS cell takes exactly 2`,
          node,
        ),
      );
      ok = false;
    }
    const read = readPairs(node.items, (i) => `${label}[${i}]`, diagnostics);
    if (!read.edges) ok = false;
    else edges.push(...read.edges);
    pairs.push(...read.pairs);
  });
  return ok ? { edges, pairs } : { pairs };
}

function readPairs(items: readonly Expr[], label: (i: number) => string, diagnostics: Diagnostic[]): ReadEdges {
  let ok = true;
  const edges = items.map((pair, i): DartsEdge => {
    if (pair.kind !== 'list') {
      diagnostics.push(unexpected(label(i), PAIR, pair));
      ok = false;
      return ['', 0];
    }
    if (pair.items.length !== 2) {
      diagnostics.push(error('wrong-type', `${label(i)} must be ${PAIR}; found ${pair.items.length} item${pair.items.length === 1 ? '' : 's'}`, pair));
      ok = false;
      return ['', 0];
    }
    const [op, input] = pair.items;
    if (op.kind !== 'string') {
      diagnostics.push(unexpected(`${label(i)}'s op`, 'an op name', op));
      ok = false;
    }
    if (input.kind !== 'number') {
      diagnostics.push(unexpected(`${label(i)}'s input`, 'a node number 0..5', input));
      ok = false;
    }
    return [op.kind === 'string' ? op.value : '', input.kind === 'number' ? input.value : 0];
  });
  return ok ? { edges, pairs: items } : { pairs: items };
}

function locateIn(source: DartsSource, pairs: Partial<Record<DartsKind, readonly (Expr | undefined)[]>>, path: CellPath): SourceRange | undefined {
  const [kind, e, field] = path;
  const list = kind === 'normal' || kind === 'reduce' ? source[kind] : undefined;
  if (!list) return undefined;
  if (typeof e !== 'number' || list.kind !== 'list') return list;
  const pair = pairs[kind as DartsKind]?.[e];
  if (!pair) return list;
  if (pair.kind !== 'list' || (field !== 'op' && field !== 'input')) return pair;
  const item = pair.items[field === 'op' ? 0 : 1];
  return item ? stringContent(item) : pair;
}
