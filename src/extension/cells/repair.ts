// A valid cell near an invalid one, for the "Repair" quick fix: unknown ops → the closest known op,
// DARTS inputs → an allowed input, NB-101 backward edges turned forward and the input/output labels
// restored. Undefined when no such cell is found (a wrong shape, ops too far from any known one).
import { spaceOf } from '../../core/spaces';
import { closestName } from '../../core/spaces/suggest';
import type { Cell, DartsCell, DartsEdge, Nb101Cell, Nb201Cell } from '../../core/spaces/types';
import { hasErrors } from '../../core/spaces/types';

export function repairCell(cell: Cell): Cell | undefined {
  let fixed: Cell | undefined;
  try {
    switch (cell.space) {
      case 'nb201':
        fixed = repairNb201(cell);
        break;
      case 'darts':
        fixed = repairDarts(cell);
        break;
      case 'nb101':
        fixed = repairNb101(cell);
        break;
    }
  } catch {
    return undefined;
  }
  if (!fixed || hasErrors(spaceOf(fixed).validate(fixed))) return undefined;
  return fixed;
}

function fixOp(op: unknown, known: readonly string[]): string | undefined {
  if (typeof op !== 'string') return undefined;
  return known.includes(op) ? op : closestName(op, known);
}

function repairNb201(cell: Nb201Cell): Nb201Cell | undefined {
  if (!Array.isArray(cell.ops) || cell.ops.length !== 6) return undefined;
  const known = spaceOf(cell).ops;
  const ops = cell.ops.map((op) => fixOp(op, known));
  return ops.every((o): o is string => o !== undefined) ? { space: 'nb201', ops } : undefined;
}

function repairDarts(cell: DartsCell): DartsCell | undefined {
  const known = spaceOf(cell).ops.filter((o) => o !== 'none');
  const kind = (edges: readonly DartsEdge[]): DartsEdge[] | undefined => {
    if (!Array.isArray(edges) || edges.length !== 8) return undefined;
    const out: DartsEdge[] = [];
    for (let e = 0; e < 8; e++) {
      const edge = edges[e];
      if (!Array.isArray(edge) || edge.length !== 2) return undefined;
      const op = edge[0] === 'none' ? undefined : fixOp(edge[0], known);
      if (!op) return undefined;
      const node = 2 + Math.floor(e / 2);
      let input = typeof edge[1] === 'number' && Number.isInteger(edge[1]) ? Math.max(0, Math.min(node - 1, edge[1])) : undefined;
      if (input === undefined) return undefined;
      if (e % 2 === 1 && input === out[e - 1][1]) {
        // the two inputs of a node must differ: take the nearest other allowed input
        const others = Array.from({ length: node }, (_, i) => i).filter((i) => i !== input);
        others.sort((a, b) => Math.abs(a - input!) - Math.abs(b - input!));
        input = others[0];
      }
      out.push([op, input]);
    }
    return out;
  };
  const normal = kind(cell.normal);
  const reduce = kind(cell.reduce);
  return normal && reduce ? { space: 'darts', normal, reduce } : undefined;
}

function repairNb101(cell: Nb101Cell): Nb101Cell | undefined {
  const v = cell.ops?.length;
  if (!v || !Array.isArray(cell.matrix) || cell.matrix.length !== v || cell.matrix.some((r) => !Array.isArray(r) || r.length !== v)) return undefined;
  const known = spaceOf(cell).ops;
  const ops = cell.ops.map((op, i) => (i === 0 ? 'input' : i === v - 1 ? 'output' : fixOp(op, known)));
  if (!ops.every((o): o is string => o !== undefined)) return undefined;
  const matrix = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  cell.matrix.forEach((row, i) =>
    (row as readonly number[]).forEach((value: number, j: number) => {
      if (!value || i === j) return;
      if (i < j) matrix[i][j] = 1;
      else matrix[j][i] = 1;
    }),
  );
  return { space: 'nb101', matrix, ops };
}
