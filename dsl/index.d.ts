/**
 * Cells for NAS Lens, written in TypeScript (*.nas.ts):
 *
 *   import { nb201, nb101, darts } from 'nas-lens/dsl';
 *   export const resnetLike = nb201('|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|');
 *
 * Arguments must be literals: NAS Lens reads them without running the file.
 */

/** NAS-Bench-201 ops, one per edge. */
export type Nb201Op = 'none' | 'skip_connect' | 'nor_conv_1x1' | 'nor_conv_3x3' | 'avg_pool_3x3';

/** NAS-Bench-101 interior vertex ops. */
export type Nb101Op = 'conv3x3-bn-relu' | 'conv1x1-bn-relu' | 'maxpool3x3';

/** NAS-Bench-101 vertex labels: 'input' first, 'output' last, ops between. */
export type Nb101Ops = readonly ['input', ...Nb101Op[], 'output'];

/** DARTS candidate ops. */
export type DartsOp = 'max_pool_3x3' | 'avg_pool_3x3' | 'skip_connect' | 'sep_conv_3x3' | 'sep_conv_5x5' | 'dil_conv_3x3' | 'dil_conv_5x5';

type Nb201ArchError =
  'not an NB-201 arch string: write |op~0|+|op~0|op~1|+|op~0|op~1|op~2| with ops none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3';

/** The arch string itself when it is well formed, else a type whose name explains what is expected. */
export type Nb201Arch<S extends string> = S extends `|${infer A}~0|+|${infer B}~0|${infer C}~1|+|${infer D}~0|${infer E}~1|${infer F}~2|`
  ? [A, B, C, D, E, F] extends [Nb201Op, Nb201Op, Nb201Op, Nb201Op, Nb201Op, Nb201Op]
    ? S
    : Nb201ArchError
  : Nb201ArchError;

export interface Nb201Cell<S extends string = string> {
  readonly space: 'nb201';
  readonly arch: S;
}

/** A NAS-Bench-201 cell from its arch string, e.g. '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'. */
export declare function nb201<const S extends string>(arch: S extends Nb201Arch<S> ? S : Nb201Arch<S>): Nb201Cell<S>;

export interface Nb101Spec {
  /** V×V upper-triangular adjacency, matrix[i][j] = 1 for an edge i → j (V ≤ 7, at most 9 edges). */
  readonly matrix: readonly (readonly (0 | 1)[])[];
  /** V labels. */
  readonly ops: Nb101Ops;
}

export interface Nb101Cell<T extends Nb101Spec = Nb101Spec> {
  readonly space: 'nb101';
  readonly matrix: T['matrix'];
  readonly ops: T['ops'];
}

/** A NAS-Bench-101 cell: { matrix, ops } as in nasbench's ModelSpec. */
export declare function nb101<const T extends Nb101Spec>(spec: T): Nb101Cell<T>;

/** One DARTS edge: [op, input]; inputs 0 and 1 are the two previous cells' outputs, 2..5 the intermediate nodes. */
export type DartsEdge<Input extends number = 0 | 1 | 2 | 3 | 4> = readonly [op: DartsOp, input: Input];

/** 8 edges; edges 2k and 2k+1 feed intermediate node k+2 and may read only earlier nodes. */
export type DartsEdges = readonly [
  DartsEdge<0 | 1>,
  DartsEdge<0 | 1>,
  DartsEdge<0 | 1 | 2>,
  DartsEdge<0 | 1 | 2>,
  DartsEdge<0 | 1 | 2 | 3>,
  DartsEdge<0 | 1 | 2 | 3>,
  DartsEdge<0 | 1 | 2 | 3 | 4>,
  DartsEdge<0 | 1 | 2 | 3 | 4>,
];

export interface DartsSpec {
  readonly normal: DartsEdges;
  readonly reduce: DartsEdges;
}

export interface DartsCell<T extends DartsSpec = DartsSpec> {
  readonly space: 'darts';
  readonly normal: T['normal'];
  readonly reduce: T['reduce'];
}

/** A DARTS cell: the normal and reduction cells of a genotype (concatenating nodes 2..5). */
export declare function darts<const T extends DartsSpec>(spec: T): DartsCell<T>;
