import type { Nb101Cell } from '../types';
import { shown } from '../user-text';

/** NAS-Bench-101's own label order, used by the digit form of the shared CSV files. */
export const NB101_OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] as const;

/**
 * The compact form of the shared CSV files: `matrix` is the upper triangle of the V×V adjacency,
 * row-major over pairs i<j; `ops` is V-2 digits for the interior vertices (0 conv3x3, 1 conv1x1, 2 maxpool).
 */
export type CompactParse = { ok: true; cell: Nb101Cell } | { ok: false; message: string };

export function parseCompact(vertices: number, upperTriangle: string, opDigits: string): CompactParse {
  const v = vertices;
  if (!Number.isInteger(v) || v < 2 || v > 7) return { ok: false, message: `n_vertices must be 2..7, got ${vertices}` };
  const bits = upperTriangle.trim();
  if (bits.length !== (v * (v - 1)) / 2 || !/^[01]*$/.test(bits)) {
    return { ok: false, message: `matrix must be ${(v * (v - 1)) / 2} binary digits for ${v} vertices, got '${shown(bits)}'` };
  }
  const digits = opDigits.trim();
  if (digits.length !== v - 2 || !/^[012]*$/.test(digits)) {
    return { ok: false, message: `ops must be ${v - 2} digits 0-2 for ${v} vertices, got '${shown(digits)}'` };
  }
  const matrix = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  let k = 0;
  for (let i = 0; i < v; i++) for (let j = i + 1; j < v; j++) matrix[i][j] = bits[k++] === '1' ? 1 : 0;
  const ops = ['input', ...Array.from(digits, (d) => NB101_OPS[Number(d)]), 'output'];
  return { ok: true, cell: { space: 'nb101', matrix, ops } };
}

/** `V:upper-triangle:op-digits`, e.g. `3:011:0`. Requires known interior ops. */
export function formatCompact(cell: Nb101Cell): string {
  const v = cell.ops.length;
  let bits = '';
  for (let i = 0; i < v; i++) for (let j = i + 1; j < v; j++) bits += cell.matrix[i][j] ? '1' : '0';
  const digits = cell.ops.slice(1, -1).map((op) => {
    const d = (NB101_OPS as readonly string[]).indexOf(op);
    return d >= 0 ? String(d) : '?';
  });
  return `${v}:${bits}:${digits.join('')}`;
}
