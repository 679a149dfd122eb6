import type { Rng } from '../rng';

export type SpaceId = 'nb101' | 'nb201' | 'darts';
export const SPACE_IDS: readonly SpaceId[] = ['nb101', 'nb201', 'darts'];

/**
 * Cells are small immutable values. Ops are plain strings so that a cell parsed
 * from user text can hold an unknown op and still be diagnosed.
 */

/** NAS-Bench-201: one op per edge, edges in arch-string order 0→1, 0→2, 1→2, 0→3, 1→3, 2→3. */
export interface Nb201Cell {
  readonly space: 'nb201';
  readonly ops: readonly string[];
}

/** NAS-Bench-101: V×V adjacency (matrix[i][j] = 1 for an edge i→j) and V op labels, ops[0] = 'input', ops[V-1] = 'output'. */
export interface Nb101Cell {
  readonly space: 'nb101';
  readonly matrix: readonly (readonly number[])[];
  readonly ops: readonly string[];
}

/** One DARTS edge: an op applied to an input state (0 = c_{k-2}, 1 = c_{k-1}, 2..5 = intermediate nodes). */
export type DartsEdge = readonly [op: string, input: number];

/** DARTS: 8 edges per cell; edges 2k and 2k+1 feed intermediate node k+2; the cell output concatenates nodes 2..5. */
export interface DartsCell {
  readonly space: 'darts';
  readonly normal: readonly DartsEdge[];
  readonly reduce: readonly DartsEdge[];
}

export type Cell = Nb101Cell | Nb201Cell | DartsCell;
export type CellOf<S extends SpaceId> = Extract<Cell, { space: S }>;

/**
 * Where in a cell a problem lies; parsers map a path to a source range.
 *   nb201: ['ops', edge]
 *   nb101: ['ops'], ['ops', vertex], ['matrix'], ['matrix', row], ['matrix', row, col]
 *   darts: ['normal'] | ['reduce'], [cellKind, edge], [cellKind, edge, 'op' | 'input']
 *   []   : the cell as a whole
 */
export type CellPath = readonly (string | number)[];

/**
 * Issue codes: 'unknown-op', 'bad-shape', 'bad-value', 'not-upper-triangular', 'cycle',
 * 'too-many-vertices', 'too-many-edges', 'disconnected-output', 'io-ops', 'duplicate-input',
 * 'bad-input', 'degenerate'. A 'warning' leaves the cell valid.
 */
export interface CellIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly path: CellPath;
}

/** A macro network a cell is placed in to count parameters and FLOPs. */
export interface MacroConfig {
  readonly id: string;
  readonly label: string;
}

/** Absolute parameter count and FLOPs (multiply-accumulates for one input image, as NAS papers report "FLOPs"). */
export interface Cost {
  readonly params: number;
  readonly flops?: number;
}

/**
 * Fixed-size graph encoding for the surrogate. A cell becomes `graphs` graphs (DARTS: normal, reduce)
 * of at most `nodes` nodes, each node a one-hot over `features` labels.
 *   features:  graphs × nodes × features, row-major
 *   adjacency: graphs × nodes × nodes, adjacency[g][i][j] = 1 for an edge i → j
 *   mask:      graphs × nodes, 1 for a real node, 0 for padding
 */
export interface EncodingSpec {
  readonly graphs: number;
  readonly nodes: number;
  readonly features: number;
  readonly featureNames: readonly string[];
  /** True when every cell has the same adjacency (NB-201, DARTS op-node graphs differ; NB-201 does not). */
  readonly fixedAdjacency: boolean;
}

export interface CellEncoding {
  readonly features: Float32Array;
  readonly adjacency: Float32Array;
  readonly mask: Float32Array;
}

export interface SearchSpace<C extends Cell = Cell> {
  readonly id: C['space'];
  /** Human name, e.g. "NAS-Bench-201". */
  readonly label: string;
  /** Candidate operations (input/output labels excluded). */
  readonly ops: readonly string[];
  /** Number of cells the benchmark enumerates (NB-201: 15,625 op assignments; NB-101: 423,624 unique graphs), when known. */
  readonly size?: number;

  /** All problems of a cell; no 'error' issue means the cell is valid. Never throws. */
  validate(cell: C): CellIssue[];
  /** Canonical id: equal for cells that compute the same function. Throws on an invalid cell. */
  hash(cell: C): string;
  /** Every valid cell one step away (NASLib's neighbourhood definition). */
  neighbours(cell: C): C[];
  /** One random valid neighbour-like mutation. */
  mutate(cell: C, rng: Rng): C;
  /** A uniformly sampled valid cell. */
  sample(rng: Rng): C;

  readonly encoding: EncodingSpec;
  encode(cell: C): CellEncoding;

  /** Macro networks for cost(); the first is the default. */
  readonly macros: readonly MacroConfig[];
  cost(cell: C, macro?: string): Cost;

  /** Single-line lossless text form (NB-201 arch string, DARTS "normal || reduce", NB-101 compact form). */
  toText(cell: C): string;
}

export function hasErrors(issues: readonly CellIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
