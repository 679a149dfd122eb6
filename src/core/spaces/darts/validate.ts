import { unknownOpMessage } from '../suggest';
import type { CellIssue, CellPath, DartsCell } from '../types';
import { DARTS_OPS } from './encode';
import { shown } from '../user-text';

export const DARTS_CELL_KINDS = ['normal', 'reduce'] as const;
export type DartsCellKind = (typeof DARTS_CELL_KINDS)[number];

export const DARTS_INTERMEDIATE_NODES = 4;
export const DARTS_EDGES_PER_CELL = 2 * DARTS_INTERMEDIATE_NODES;

const KNOWN_OPS: readonly string[] = DARTS_OPS;

const error = (code: string, message: string, path: CellPath): CellIssue => ({ severity: 'error', code, message, path });

export function cellKindName(kind: DartsCellKind): string {
  return kind === 'normal' ? 'the normal cell' : 'the reduction cell';
}

/** Edges 2k and 2k+1 feed intermediate node k+2. */
export function nodeOfEdge(edge: number): number {
  return Math.floor(edge / 2) + 2;
}

export function edgeName(kind: DartsCellKind, edge: number): string {
  return `the ${edge % 2 === 0 ? 'first' : 'second'} edge into node ${nodeOfEdge(edge)} of ${cellKindName(kind)}`;
}

/** "0 (c_{k-2}), 1 (c_{k-1}), 2, 3 (earlier intermediate nodes)" for the inputs node `node` may take. */
export function allowedInputsText(node: number): string {
  const cellInputs = '0 (c_{k-2}), 1 (c_{k-1})';
  if (node === 2) return `${cellInputs} only`;
  const earlier = Array.from({ length: node - 2 }, (_, i) => String(i + 2));
  return `${cellInputs}, ${earlier.join(', ')} (earlier intermediate node${earlier.length > 1 ? 's' : ''})`;
}

/**
 * Every problem of a DARTS cell: each of the normal and reduction cells needs 8 edges `[op, input]`,
 * ops from DARTS_OPS, the input of an edge into node k+2 an integer in 0..k+1, and the two edges of a
 * node from different inputs. Never throws, whatever the input.
 */
export function validateDarts(cell: DartsCell): CellIssue[] {
  const candidate: unknown = cell;
  if (typeof candidate !== 'object' || candidate === null) {
    return [error('bad-shape', 'a DARTS cell needs a normal and a reduction cell of 8 edges each', [])];
  }
  const record = candidate as Record<string, unknown>;
  return DARTS_CELL_KINDS.flatMap((kind) => validateEdges(kind, record[kind]));
}

function validateEdges(kind: DartsCellKind, edges: unknown): CellIssue[] {
  const shapeHint = `exactly ${DARTS_EDGES_PER_CELL} edges [op, input], two into each intermediate node 2–5`;
  if (!Array.isArray(edges)) {
    return [error('bad-shape', `${cellKindName(kind)} must be a list of ${shapeHint}`, [kind])];
  }
  const issues: CellIssue[] = [];
  if (edges.length !== DARTS_EDGES_PER_CELL) {
    issues.push(error('bad-shape', `${cellKindName(kind)} has ${edges.length} edge${edges.length === 1 ? '' : 's'}; a DARTS cell has ${shapeHint}`, [kind]));
  }
  const inputs: (number | undefined)[] = [];
  for (let e = 0; e < edges.length; e++) {
    const edge: unknown = edges[e];
    if (!Array.isArray(edge) || edge.length !== 2) {
      issues.push(error('bad-shape', `edge ${e} of ${cellKindName(kind)} must be a pair [op, input], found ${describe(edge)}`, [kind, e]));
      continue;
    }
    const inRange = e < DARTS_EDGES_PER_CELL;
    const where = inRange ? edgeName(kind, e) : `edge ${e} of ${cellKindName(kind)}`;
    const opIssue = checkOp(edge[0], where, [kind, e, 'op']);
    if (opIssue) issues.push(opIssue);
    if (!inRange) continue;
    const inputIssue = checkInput(edge[1], e, where, [kind, e, 'input']);
    if (inputIssue) issues.push(inputIssue);
    else inputs[e] = edge[1] as number;
  }
  for (let k = 0; k < DARTS_INTERMEDIATE_NODES; k++) {
    const [a, b] = [inputs[2 * k], inputs[2 * k + 1]];
    if (a !== undefined && a === b) {
      issues.push(
        error('duplicate-input', `node ${k + 2} of ${cellKindName(kind)} takes input ${a} twice; its two edges must come from different nodes`, [
          kind,
          2 * k + 1,
          'input',
        ]),
      );
    }
  }
  return issues;
}

function checkOp(op: unknown, where: string, path: CellPath): CellIssue | undefined {
  if (typeof op !== 'string') {
    return error('unknown-op', `the op of ${where} must be a name (one of ${KNOWN_OPS.join(', ')}), found ${describe(op)}`, path);
  }
  if (op === 'none') {
    return error(
      'unknown-op',
      `op 'none' on ${where} is not allowed: a discrete DARTS cell has no zero op, each node keeps exactly two real edges. Valid ops: ${KNOWN_OPS.join(', ')}.`,
      path,
    );
  }
  if (!KNOWN_OPS.includes(op)) return error('unknown-op', unknownOpMessage(op, `on ${where}`, KNOWN_OPS), path);
  return undefined;
}

function checkInput(input: unknown, edge: number, where: string, path: CellPath): CellIssue | undefined {
  const node = nodeOfEdge(edge);
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0 && input < node) return undefined;
  return error('bad-input', `${where} has input ${describe(input)}; node ${node} can take inputs ${allowedInputsText(node)}`, path);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
  if (typeof value === 'string') return `'${shown(value)}'`;
  return String(value);
}
