import type { Rng } from '../../rng';
import { hasErrors, type Nb101Cell } from '../types';
import { NB101_OPS } from './compact';
import { fingerprintNb101 } from './hash';
import { liveMask, pruneNb101 } from './prune';
import { NB101_MAX_EDGES, NB101_MAX_VERTICES, validateNb101 } from './validate';

/** NASLib's operators work on 7-vertex specs. */
const VERTICES = NB101_MAX_VERTICES;
const OPS: readonly string[] = NB101_OPS;
const MAX_ATTEMPTS = 100_000;

/**
 * Fingerprints of pruned cells this module produced or was handed, by object: a mutant is often
 * mutated again (evolution, local search), and its fingerprint (~0.3 ms of MD5) need not be redone.
 */
const fingerprints = new WeakMap<Nb101Cell, string>();

/** fingerprintNb101 of a pruned, valid cell, remembered by object (cells are immutable). */
export function fingerprintOf(pruned: Nb101Cell): string {
  let hash = fingerprints.get(pruned);
  if (hash === undefined) {
    hash = fingerprintNb101(pruned);
    fingerprints.set(pruned, hash);
  }
  return hash;
}

/**
 * !hasErrors(validateNb101(cell)) for the cells made here (a square 0/1 upper-triangular matrix, known
 * ops), where only the last checks can fail: the output must be reachable from the input, and the
 * vertices and edges on input → output paths must be within NB-101's limits. Without the messages.
 */
function isValid(cell: Nb101Cell): boolean {
  const { matrix } = cell;
  const v = matrix.length;
  const live = liveMask(matrix);
  if (live === undefined) return !hasErrors(validateNb101(cell));
  if (!((live >>> (v - 1)) & 1) || !(live & 1)) return false;
  let vertices = 0;
  let edges = 0;
  for (let i = 0; i < v; i++) {
    if (!((live >>> i) & 1)) continue;
    vertices++;
    const row = matrix[i];
    for (let j = 0; j < v; j++) if (row[j] === 1 && (live >>> j) & 1) edges++;
  }
  return vertices <= NB101_MAX_VERTICES && edges <= NB101_MAX_EDGES;
}

function withEdgeFlipped(cell: Nb101Cell, i: number, j: number): Nb101Cell {
  const matrix = cell.matrix.map((row) => row.slice());
  matrix[i][j] = 1 - matrix[i][j];
  return { space: 'nb101', matrix, ops: cell.ops };
}

function withOp(cell: Nb101Cell, vertex: number, op: string): Nb101Cell {
  const ops = cell.ops.slice();
  ops[vertex] = op;
  return { space: 'nb101', matrix: cell.matrix, ops };
}

/**
 * NASLib's nasbench101 get_nbhd on the pruned cell: every interior op changed to each of the other
 * two, and every single edge flip i→j (i < j) that leaves a valid cell. NASLib only keeps flips of
 * edges that lie on an input→output path; in a pruned cell every vertex does, so every flip
 * qualifies. Results are pruned, deduplicated by hash and never the cell itself. Which edges can be
 * added depends on the cell's numbering (only i < j), as in NASLib. Expects a valid cell.
 */
export function neighboursNb101(cell: Nb101Cell): Nb101Cell[] {
  const base = pruneNb101(cell);
  const v = base.ops.length;
  const seen = new Set([fingerprintOf(base)]);
  const found: Nb101Cell[] = [];
  const consider = (candidate: Nb101Cell) => {
    if (!isValid(candidate)) return;
    const pruned = pruneNb101(candidate);
    const hash = fingerprintNb101(pruned);
    if (seen.has(hash)) return;
    fingerprints.set(pruned, hash);
    seen.add(hash);
    found.push(pruned);
  };
  for (let x = 1; x < v - 1; x++) for (const op of OPS) if (op !== base.ops[x]) consider(withOp(base, x, op));
  for (let i = 0; i < v - 1; i++) for (let j = i + 1; j < v; j++) consider(withEdgeFlipped(base, i, j));
  return found;
}

/**
 * NASLib's nasbench101 mutate (after nasbench's own example): on the 7-vertex spec, flip each
 * upper-triangular entry with probability 1/7 and change each interior op with probability 1/3 to
 * one of the other two; retry until the result is valid. One addition: a result with the parent's
 * own hash (nothing changed, or only parts that pruning drops) is retried too, so every call yields
 * a new architecture. Expects a valid cell; returns a pruned one.
 */
export function mutateNb101(cell: Nb101Cell, rng: Rng): Nb101Cell {
  const pruned = pruneNb101(cell);
  const parentHash = fingerprintOf(pruned);
  const parent = padToSevenVertices(pruned);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const matrix = parent.matrix.map((row) => row.slice());
    const ops = parent.ops.slice();
    for (let src = 0; src < VERTICES - 1; src++) {
      for (let dst = src + 1; dst < VERTICES; dst++) if (rng.next() < 1 / VERTICES) matrix[src][dst] = 1 - matrix[src][dst];
    }
    for (let x = 1; x < VERTICES - 1; x++) {
      if (rng.next() < 1 / OPS.length) ops[x] = rng.pick(OPS.filter((op) => op !== ops[x]));
    }
    const child: Nb101Cell = { space: 'nb101', matrix, ops };
    if (!isValid(child)) continue;
    const prunedChild = pruneNb101(child);
    const childHash = fingerprintNb101(prunedChild);
    if (childHash !== parentHash) {
      fingerprints.set(prunedChild, childHash);
      return prunedChild;
    }
  }
  throw new Error(`no valid NB-101 mutation found in ${MAX_ATTEMPTS} attempts`);
}

/**
 * NASLib's nasbench101 random sampling: a random 7×7 upper-triangular 0/1 matrix (each entry a fair
 * coin) and random interior ops, redrawn until valid, then pruned. This is uniform over (matrix, ops)
 * draws, NOT over the 423,624 distinct cells: a cell is drawn in proportion to how many 7-vertex specs
 * prune to it, so large cells with many equivalent numberings dominate and small cells are rare.
 */
export function sampleNb101(rng: Rng): Nb101Cell {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const matrix = Array.from({ length: VERTICES }, (_, i) => Array.from({ length: VERTICES }, (_, j) => (j > i ? rng.int(2) : 0)));
    const ops = ['input', ...Array.from({ length: VERTICES - 2 }, () => rng.pick(OPS)), 'output'];
    const cell: Nb101Cell = { space: 'nb101', matrix, ops };
    if (isValid(cell)) return pruneNb101(cell);
  }
  throw new Error(`no valid NB-101 cell sampled in ${MAX_ATTEMPTS} attempts`);
}

/**
 * NASLib's convert_to_cell: a pruned cell with fewer than 7 vertices becomes a 7-vertex spec whose
 * extra vertices (conv3x3, no edges) sit just before the output, so mutation can grow the cell.
 */
export function padToSevenVertices(cell: Nb101Cell): Nb101Cell {
  const n = cell.ops.length;
  if (n >= VERTICES) return cell;
  const oldIndex = (k: number) => (k < n - 1 ? k : k === VERTICES - 1 ? n - 1 : -1);
  const matrix = Array.from({ length: VERTICES }, (_, i) =>
    Array.from({ length: VERTICES }, (_, j) => (oldIndex(i) >= 0 && oldIndex(j) >= 0 ? cell.matrix[oldIndex(i)][oldIndex(j)] : 0)),
  );
  const ops = Array.from({ length: VERTICES }, (_, k) => (oldIndex(k) >= 0 ? cell.ops[oldIndex(k)] : OPS[0]));
  return { space: 'nb101', matrix, ops };
}
