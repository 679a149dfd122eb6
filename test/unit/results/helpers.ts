import { formatCell } from '../../../src/core/dsl';
import type { Notation } from '../../../src/core/dsl';
import type { Cell } from '../../../src/core/spaces/types';

export const ARCH_A = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
export const ARCH_B = '|nor_conv_1x1~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|';

/** Every notation a results line's "cell" may be written in, per space. */
export const LINE_NOTATIONS: Readonly<Record<Cell['space'], readonly Notation[]>> = {
  nb201: ['arch-string', 'json-arch', 'json-edges'],
  nb101: ['json-nb101', 'model-spec'],
  darts: ['json-darts', 'genotype'],
};

/** The JSON text of a results line's "cell" written in `notation`: an object, or a JSON string. */
export function cellJson(cell: Cell, notation: Notation): string {
  const text = formatCell(cell, notation);
  return notation.startsWith('json-') ? text : JSON.stringify(text);
}

/** One results line; `cell` is JSON text (see cellJson) or a plain NB-201 arch string. */
export function resultLine(cell: string, metrics: Record<string, number>, extra: Record<string, unknown> = {}): string {
  const cellText = cell.startsWith('|') ? JSON.stringify(cell) : cell;
  const rest = Object.entries(extra)
    .map(([k, v]) => `, ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join('');
  return `{"cell": ${cellText}, "metrics": ${JSON.stringify(metrics)}${rest}}`;
}
