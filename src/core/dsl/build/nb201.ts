import { NB201_EDGES, parseArchString } from '../../spaces/nb201/arch-string';
import type { Nb201Cell } from '../../spaces/types';
import type { Built } from '../draft';
import { error, stringContent, unexpected } from '../draft';
import type { DictExpr, Expr } from '../literal/expr';
import type { SourceRange } from '../source-range';
import { shown } from '../../spaces/user-text';

export const EDGE_NAMES = NB201_EDGES.map(([from, to]) => `${from}->${to}`);
const EXAMPLE = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

/**
 * An arch string's text; `contentStart` is where its first character sits in the document.
 * With `exact` false (escapes in a quoted string) op spans cannot be mapped and `whole` is used.
 */
export function buildArch(value: string, contentStart: number, exact: boolean, whole: SourceRange): Built<Nb201Cell> {
  const parsed = parseArchString(value);
  const at = (start: number, end: number): SourceRange => (exact ? { start: contentStart + start, end: contentStart + end } : whole);
  if (!parsed.ok) {
    return {
      diagnostics: [error('bad-arch-string', `${parsed.message}; an arch string looks like ${EXAMPLE}`, at(parsed.start, parsed.end))],
      locate: () => undefined,
    };
  }
  const spans = parsed.opSpans;
  return {
    value: parsed.cell,
    diagnostics: [],
    locate: (path) => (path[0] === 'ops' && typeof path[1] === 'number' && spans[path[1]] ? at(spans[path[1]][0], spans[path[1]][1]) : undefined),
  };
}

export function buildArchFromExpr(expr: Expr, label: string): Built<Nb201Cell> {
  if (expr.kind !== 'string') return { diagnostics: [unexpected(label, `an NB-201 arch string like '${EXAMPLE}'`, expr)], locate: () => undefined };
  return buildArch(expr.value, expr.contentStart, expr.exact, expr);
}

/** { "0->1": "op", …, "2->3": "op" }; `anchor` is where to report missing edges. */
export function buildEdges(expr: Expr, label: string, anchor: SourceRange): Built<Nb201Cell> {
  if (expr.kind !== 'dict') {
    return { diagnostics: [unexpected(label, `an object mapping each edge (${EDGE_NAMES.join(', ')}) to an op`, expr)], locate: () => undefined };
  }
  const diagnostics = [];
  const values: (Expr | undefined)[] = new Array(EDGE_NAMES.length).fill(undefined);
  for (const { key, value } of (expr as DictExpr).entries) {
    const edge = key.kind === 'string' ? edgeIndex(key.value) : -1;
    if (edge < 0) {
      const name = key.kind === 'string' ? `'${shown(key.value)}'` : 'this key';
      diagnostics.push(error('bad-edge', `${name} is not an NB-201 edge; the edges are ${EDGE_NAMES.join(', ')}`, stringContent(key)));
    } else if (values[edge]) {
      diagnostics.push(error('duplicate-key', `edge ${EDGE_NAMES[edge]} is given twice`, stringContent(key)));
    } else {
      values[edge] = value;
      if (value.kind !== 'string') diagnostics.push(unexpected(`edge ${EDGE_NAMES[edge]}`, 'an op name', value));
    }
  }
  const missing = EDGE_NAMES.filter((_, e) => !values[e]);
  if (missing.length) {
    diagnostics.push(
      error(
        'missing-edge',
        `${label} lacks edge${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; an NB-201 cell has an op on each of ${EDGE_NAMES.join(', ')}`,
        anchor,
      ),
    );
  }
  const locate = (path: readonly (string | number)[]): SourceRange | undefined => {
    const value = path[0] === 'ops' && typeof path[1] === 'number' ? values[path[1]] : undefined;
    return value ? stringContent(value) : undefined;
  };
  if (diagnostics.length) return { diagnostics, locate };
  const ops = values.map((v) => (v as Expr & { value: string }).value);
  return { value: { space: 'nb201', ops }, diagnostics, locate };
}

function edgeIndex(key: string): number {
  const m = /^\s*(\d)\s*-\s*>\s*(\d)\s*$/.exec(key);
  return m ? EDGE_NAMES.indexOf(`${m[1]}->${m[2]}`) : -1;
}
