import { formatArchString } from '../../spaces/nb201/arch-string';
import type { Cell, DartsEdge } from '../../spaces/types';
import { EDGE_NAMES } from '../build/nb201';
import type { Notation } from '../types';

export type Quote = '"' | "'";

/** The space each notation writes. */
export const NOTATION_SPACE = {
  'json-arch': 'nb201',
  'json-edges': 'nb201',
  'json-nb101': 'nb101',
  'json-darts': 'darts',
  'ts-nb201': 'nb201',
  'ts-nb101': 'nb101',
  'ts-darts': 'darts',
  'arch-string': 'nb201',
  genotype: 'darts',
  'model-spec': 'nb101',
} as const satisfies Record<Notation, Cell['space']>;

/** The JSON DSL notation of each space: how the CLI prints cells and writes *.nas.json files. */
export const JSON_NOTATION = { nb201: 'json-arch', nb101: 'json-nb101', darts: 'json-darts' } as const satisfies Record<Cell['space'], Notation>;

export function quoted(value: string, quote: Quote): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(quote === '"' ? /"/g : /'/g, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

function formatMatrixRow(row: readonly number[]): string {
  return `[${row.join(', ')}]`;
}

function formatDartsEdges(edges: readonly DartsEdge[], quote: Quote, pair: '[' | '('): string {
  const close = pair === '[' ? ']' : ')';
  return `[${edges.map(([op, input]) => `${pair}${quoted(op, quote)}, ${input}${close}`).join(', ')}]`;
}

/**
 * A cell written in a notation, on one line: for JSON the whole cell object (with `name` when given),
 * for TypeScript the call (`nb201('…')`), for the native notations the arch string or the call.
 */
export function formatCell(cell: Cell, notation: Notation, name?: string): string {
  if (NOTATION_SPACE[notation] !== cell.space) throw new Error(`a ${cell.space} cell cannot be written as ${notation}`);
  const jsonName = name === undefined ? '' : `"name": ${JSON.stringify(name)}, `;
  const jsonHead = `{ ${jsonName}"space": "${cell.space}", `;
  switch (cell.space) {
    case 'nb201': {
      const arch = formatArchString(cell);
      if (notation === 'json-arch') return `${jsonHead}"arch": ${JSON.stringify(arch)} }`;
      if (notation === 'json-edges') return `${jsonHead}"edges": { ${EDGE_NAMES.map((e, i) => `"${e}": ${JSON.stringify(cell.ops[i])}`).join(', ')} } }`;
      if (notation === 'ts-nb201') return `nb201(${quoted(arch, "'")})`;
      return arch;
    }
    case 'nb101': {
      const matrix = `[${cell.matrix.map(formatMatrixRow).join(', ')}]`;
      if (notation === 'json-nb101') return `${jsonHead}"matrix": ${matrix}, "ops": [${cell.ops.map((op) => JSON.stringify(op)).join(', ')}] }`;
      const ops = `[${cell.ops.map((op) => quoted(op, "'")).join(', ')}]`;
      if (notation === 'ts-nb101') return `nb101({ matrix: ${matrix}, ops: ${ops} })`;
      return `ModelSpec(matrix=${matrix}, ops=${ops})`;
    }
    case 'darts': {
      if (notation === 'json-darts')
        return `${jsonHead}"normal": ${formatDartsEdges(cell.normal, '"', '[')}, "reduce": ${formatDartsEdges(cell.reduce, '"', '[')} }`;
      if (notation === 'ts-darts') return `darts({ normal: ${formatDartsEdges(cell.normal, "'", '[')}, reduce: ${formatDartsEdges(cell.reduce, "'", '[')} })`;
      const normal = formatDartsEdges(cell.normal, "'", '(');
      const reduce = formatDartsEdges(cell.reduce, "'", '(');
      return `Genotype(normal=${normal}, normal_concat=range(2, 6), reduce=${reduce}, reduce_concat=range(2, 6))`;
    }
  }
}
