import { unknownOpMessage } from '../suggest';
import type { CellIssue, CellPath, Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';
import { NB201_OPS } from './encode';

const KNOWN_OPS: readonly string[] = NB201_OPS;
const EDGE_LIST = NB201_EDGES.map(([from, to]) => `${from}->${to}`).join(', ');

const error = (code: string, message: string, path: CellPath): CellIssue => ({ severity: 'error', code, message, path });

export function edgeName(edge: number): string {
  const [from, to] = NB201_EDGES[edge];
  return `edge ${from}->${to}`;
}

/**
 * Every problem of an NB-201 cell: the shape (six ops), each op's name, then whether the output still
 * sees the input. Never throws, whatever the input.
 */
export function validateNb201(cell: Nb201Cell): CellIssue[] {
  const candidate: unknown = cell;
  const ops = typeof candidate === 'object' && candidate !== null ? (candidate as { ops?: unknown }).ops : undefined;
  if (!Array.isArray(ops)) {
    return [error('bad-shape', `ops must be a list of ${NB201_EDGES.length} op names, one per edge (${EDGE_LIST})`, ['ops'])];
  }
  if (ops.length !== NB201_EDGES.length) {
    return [error('bad-shape', `an NB-201 cell has ${NB201_EDGES.length} ops, one per edge (${EDGE_LIST}); found ${ops.length}`, ['ops'])];
  }
  const issues: CellIssue[] = [];
  ops.forEach((op: unknown, e) => {
    if (typeof op !== 'string') {
      issues.push(error('bad-value', `the op of ${edgeName(e)} must be a name (one of ${KNOWN_OPS.join(', ')}), found ${describe(op)}`, ['ops', e]));
    } else if (!KNOWN_OPS.includes(op)) {
      issues.push(error('unknown-op', unknownOpMessage(op, `on ${edgeName(e)}`, KNOWN_OPS), ['ops', e]));
    }
  });
  if (issues.length) return issues;
  if (!outputSeesInput(ops as string[])) {
    issues.push({
      severity: 'warning',
      code: 'degenerate',
      message:
        "output node 3 is not reachable from the input: every path passes a 'none' edge; " +
        'the cell outputs zeros, so the network cannot use the input image',
      path: [],
    });
  }
  return issues;
}

/** True when some path from node 0 to node 3 uses no 'none' edge. */
export function outputSeesInput(ops: readonly string[]): boolean {
  const reached = [true, false, false, false];
  NB201_EDGES.forEach(([from, to], e) => {
    if (reached[from] && ops[e] !== 'none') reached[to] = true;
  });
  return reached[3];
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  return `${typeof value} ${String(value)}`;
}
