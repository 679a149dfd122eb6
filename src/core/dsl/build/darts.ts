import type { CellPath, DartsCell, DartsEdge } from '../../spaces/types';
import type { Built } from '../draft';
import { error, stringContent, unexpected } from '../draft';
import type { Expr } from '../literal/expr';
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

export function buildDarts(source: DartsSource): Built<DartsCell> {
  const diagnostics: Diagnostic[] = [];
  const normal = source.normal ? readEdges(source.normal, 'normal', diagnostics) : undefined;
  const reduce = source.reduce ? readEdges(source.reduce, 'reduce', diagnostics) : undefined;
  for (const kind of ['normal', 'reduce'] as const) {
    if (!source[kind]) diagnostics.push(error('missing-key', `a DARTS cell needs ${kind}: 8 (op, input) pairs`, source.anchor));
  }
  const locate = (path: CellPath): SourceRange | undefined => locateIn(source, path);
  if (!normal || !reduce) return { diagnostics, locate };
  return { value: { space: 'darts', normal, reduce }, diagnostics, locate };
}

function readEdges(expr: Expr, kind: DartsKind, diagnostics: Diagnostic[]): DartsEdge[] | undefined {
  if (expr.kind !== 'list') {
    diagnostics.push(unexpected(kind, 'a list of 8 (op, input) pairs', expr));
    return undefined;
  }
  let ok = true;
  const edges = expr.items.map((pair, e): DartsEdge => {
    const label = `${kind}[${e}]`;
    if (pair.kind !== 'list') {
      diagnostics.push(unexpected(label, PAIR, pair));
      ok = false;
      return ['', 0];
    }
    if (pair.items.length !== 2) {
      diagnostics.push(error('wrong-type', `${label} must be ${PAIR}; found ${pair.items.length} item${pair.items.length === 1 ? '' : 's'}`, pair));
      ok = false;
      return ['', 0];
    }
    const [op, input] = pair.items;
    if (op.kind !== 'string') {
      diagnostics.push(unexpected(`${label}'s op`, 'an op name', op));
      ok = false;
    }
    if (input.kind !== 'number') {
      diagnostics.push(unexpected(`${label}'s input`, 'a node number 0..5', input));
      ok = false;
    }
    return [op.kind === 'string' ? op.value : '', input.kind === 'number' ? input.value : 0];
  });
  return ok ? edges : undefined;
}

function locateIn(source: DartsSource, path: CellPath): SourceRange | undefined {
  const [kind, e, field] = path;
  const list = kind === 'normal' || kind === 'reduce' ? source[kind] : undefined;
  if (!list) return undefined;
  if (typeof e !== 'number' || list.kind !== 'list') return list;
  const pair = list.items[e];
  if (!pair) return list;
  if (pair.kind !== 'list' || (field !== 'op' && field !== 'input')) return pair;
  const item = pair.items[field === 'op' ? 0 : 1];
  return item ? stringContent(item) : pair;
}
