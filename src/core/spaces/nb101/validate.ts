import { closestName, unknownOpMessage } from '../suggest';
import type { CellIssue, CellPath, Nb101Cell } from '../types';
import { NB101_OPS } from './compact';
import { countEdges, liveVertices, reachableFromInput } from './prune';
import { shown } from '../user-text';

export const NB101_MAX_VERTICES = 7;
export const NB101_MAX_EDGES = 9;

const KNOWN_OPS: readonly string[] = NB101_OPS;

const error = (code: string, message: string, path: CellPath): CellIssue => ({ severity: 'error', code, message, path });
const warning = (code: string, message: string, path: CellPath): CellIssue => ({ severity: 'warning', code, message, path });

/**
 * Every problem of an NB-101 cell, checked in layers: shape, op labels, entry values, edge direction,
 * connectivity, then the size limits of the benchmark (counted after pruning, as NASBench does).
 * Later layers are skipped when an earlier one fails, since they would only repeat the same fault.
 * Never throws, whatever the input.
 */
export function validateNb101(cell: Nb101Cell): CellIssue[] {
  const candidate: unknown = cell;
  const ops = isObject(candidate) ? candidate.ops : undefined;
  const matrix = isObject(candidate) ? candidate.matrix : undefined;

  const issues = checkShape(matrix, ops);
  if (Array.isArray(ops)) issues.push(...checkOps(ops));
  if (issues.some((i) => i.severity === 'error')) return issues;
  const m = matrix as number[][];

  issues.push(...checkValues(m));
  if (issues.length) return issues;
  issues.push(...checkDirection(m));
  if (issues.length) return issues;
  return checkConnectivity(m, ops as string[]);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function checkShape(matrix: unknown, ops: unknown): CellIssue[] {
  const issues: CellIssue[] = [];
  if (!Array.isArray(ops)) issues.push(error('bad-shape', 'ops must be a list with one label per vertex', ['ops']));
  if (!Array.isArray(matrix)) {
    issues.push(error('bad-shape', 'matrix must be a square list of rows of 0/1 entries', ['matrix']));
    return issues;
  }
  const v = matrix.length;
  if (v < 2) issues.push(error('bad-shape', `the matrix has ${v} row${v === 1 ? '' : 's'}; a cell needs at least the input and output vertices`, ['matrix']));
  for (let i = 0; i < v; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row)) issues.push(error('bad-shape', `matrix row ${i} is not a list`, ['matrix', i]));
    else if (row.length !== v) issues.push(error('bad-shape', `matrix row ${i} has ${row.length} entries; a ${v}×${v} matrix needs ${v}`, ['matrix', i]));
  }
  if (Array.isArray(ops) && ops.length !== v) {
    issues.push(error('bad-shape', `${ops.length} ops for a ${v}×${v} matrix; each vertex needs exactly one op`, ['ops']));
  }
  return issues;
}

function checkOps(ops: readonly unknown[]): CellIssue[] {
  const issues: CellIssue[] = [];
  const last = ops.length - 1;
  for (let v = 0; v <= last; v++) {
    const op = ops[v];
    if (typeof op !== 'string') {
      issues.push(error('bad-value', `the op of vertex ${v} must be a string, got ${describe(op)}`, ['ops', v]));
    } else if (v === 0 || v === last) {
      const wanted = v === 0 ? 'input' : 'output';
      if (op !== wanted) issues.push(error('io-ops', `vertex ${v} is the ${wanted} vertex and must be labelled '${wanted}', not '${shown(op)}'`, ['ops', v]));
    } else if (op === 'input' || op === 'output') {
      const home = op === 'input' ? 'the first vertex (0)' : `the last vertex (${last})`;
      issues.push(error('io-ops', `vertex ${v} is labelled '${op}', which only ${home} may be; interior ops are ${KNOWN_OPS.join(', ')}`, ['ops', v]));
    } else if (!KNOWN_OPS.includes(op)) {
      issues.push(error('unknown-op', unknownOpNb101(op, v), ['ops', v]));
    }
  }
  return issues;
}

/** As unknownOpMessage, but also guesses the full name of a short one ('conv3x3' → 'conv3x3-bn-relu'). */
function unknownOpNb101(op: string, vertex: number): string {
  const where = `at vertex ${vertex}`;
  if (closestName(op, KNOWN_OPS)) return unknownOpMessage(op, where, KNOWN_OPS);
  const guess = closestName(`${op}-bn-relu`, KNOWN_OPS);
  if (!guess) return unknownOpMessage(op, where, KNOWN_OPS);
  return `unknown op '${shown(op)}' ${where}; did you mean '${guess}'? Valid ops: ${KNOWN_OPS.join(', ')}.`;
}

function checkValues(matrix: readonly (readonly unknown[])[]): CellIssue[] {
  const issues: CellIssue[] = [];
  for (let i = 0; i < matrix.length; i++) {
    for (let j = 0; j < matrix.length; j++) {
      const entry = matrix[i][j];
      if (entry !== 0 && entry !== 1) {
        issues.push(error('bad-value', `matrix[${i}][${j}] (edge ${i}→${j}) is ${describe(entry)}; entries must be 0 or 1`, ['matrix', i, j]));
      }
    }
  }
  return issues;
}

function checkDirection(matrix: readonly (readonly number[])[]): CellIssue[] {
  const issues: CellIssue[] = [];
  const v = matrix.length;
  for (let i = 0; i < v; i++) {
    if (matrix[i][i] === 1) issues.push(error('not-upper-triangular', `self-loop on vertex ${i}: matrix[${i}][${i}] must be 0`, ['matrix', i, i]));
  }
  for (let i = 0; i < v; i++) {
    for (let j = 0; j < i; j++) {
      if (matrix[i][j] !== 1) continue;
      issues.push(
        error(
          'not-upper-triangular',
          `edge ${i}→${j} points backwards (matrix[${i}][${j}] is below the diagonal); vertices must be numbered in topological order, every edge from a lower to a higher vertex`,
          ['matrix', i, j],
        ),
      );
      const back = pathBetween(matrix, j, i);
      if (back) issues.push(error('cycle', `edges form a cycle ${[...back, j].join(' → ')}, through the backward edge ${i}→${j}`, ['matrix', i, j]));
    }
  }
  return issues;
}

/** Shortest path from `from` to `to` over all edges, as its vertex list, or undefined. */
function pathBetween(matrix: readonly (readonly number[])[], from: number, to: number): number[] | undefined {
  const parent = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let k = 0; k < queue.length; k++) {
    const u = queue[k];
    if (u === to) {
      const path = [u];
      for (let p = parent.get(u)!; p !== -1; p = parent.get(p)!) path.unshift(p);
      return path;
    }
    matrix[u].forEach((entry, w) => {
      if (entry === 1 && !parent.has(w)) {
        parent.set(w, u);
        queue.push(w);
      }
    });
  }
  return undefined;
}

function checkConnectivity(matrix: readonly (readonly number[])[], ops: readonly string[]): CellIssue[] {
  const v = matrix.length;
  const fromInput = reachableFromInput(matrix);
  if (!fromInput.has(v - 1)) {
    const reached = [...fromInput].sort((a, b) => a - b).join(', ');
    return [
      error('disconnected-output', `the output (vertex ${v - 1}) is not reachable from the input (vertex 0); the input reaches only vertices ${reached}`, [
        'matrix',
      ]),
    ];
  }
  const issues: CellIssue[] = [];
  const live = liveVertices(matrix);
  for (let x = 1; x < v - 1; x++) {
    if (live.includes(x)) continue;
    const why = !fromInput.has(x) ? 'no path from the input reaches it' : 'no path from it reaches the output';
    issues.push(warning('degenerate', `vertex ${x} (${ops[x]}) is not on any input→output path (${why}); NB-101 drops it`, ['ops', x]));
  }
  if (live.length > NB101_MAX_VERTICES) {
    issues.push(
      error('too-many-vertices', `${live.length} vertices lie on input→output paths; NB-101 allows at most ${NB101_MAX_VERTICES}, input and output included`, [
        'matrix',
      ]),
    );
  }
  const edges = countEdges(live.map((i) => live.map((j) => matrix[i][j])));
  if (edges > NB101_MAX_EDGES) {
    issues.push(
      error('too-many-edges', `${edges} edges on input→output paths; the limit is ${NB101_MAX_EDGES}, remove ${edges - NB101_MAX_EDGES}`, ['matrix']),
    );
  }
  return issues;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${shown(value)}'`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}
