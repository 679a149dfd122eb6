import type { DartsCell, DartsEdge } from '../types';
import { shown } from '../user-text';

/** Which BatchNorms carry weights (γ, β) and whether a BN follows every pooling op. */
export interface BnConvention {
  readonly cellOpBnAffine: boolean;
  readonly bnAfterPool: boolean;
}

/** quark0/darts NetworkCIFAR: every BN affine, pooling ops bare. */
export const DARTS_NETWORK_BN: BnConvention = { cellOpBnAffine: true, bnAfterPool: false };

/**
 * NASLib's DARTS graph, on which NASLib computed the flops/params stored in its zero-cost files: the
 * cell ops' BNs are not affine and a non-affine BN follows each pool; stem and preprocessing BNs are affine.
 */
export const NASLIB_GRAPH_BN: BnConvention = { cellOpBnAffine: false, bnAfterPool: true };

export interface NetworkShape {
  /** C, the channels of the first cells (the stem gives 3C). */
  readonly channels: number;
  readonly cells: number;
  readonly classes: number;
  readonly resolution: number;
}

export interface NetworkCount {
  readonly params: number;
  /** Multiply-accumulates of the convolutions and the classifier for one image. */
  readonly macs: number;
  /**
   * The "Flops" of tensorwatch's ModelStats (torchstat rules), which NASLib stored as flops: MACs plus
   * one per ReLU input element, one per BN element (two when affine), k² per pooled output element and,
   * for the global average pool, (H+1)² per channel.
   */
  readonly tensorwatchFlops: number;
}

/**
 * Counts NetworkCIFAR built around a discrete cell (auxiliary head excluded, as DARTS'
 * count_parameters_in_MB and NASLib do): stem conv3x3 3→3C + BN; `cells` cells, the ones at
 * cells/3 and 2·cells/3 reductions that double C and halve the side; each cell preprocesses its two
 * inputs with ReLU-conv1x1-BN (FactorizedReduce for c_{k-2} after a reduction), applies its 8 ops
 * at C channels (stride 2 on reduction-cell edges from inputs 0 and 1) and concatenates 4 nodes;
 * then global average pool and a linear classifier.
 */
export function countDartsNetwork(cell: DartsCell, shape: NetworkShape, bn: BnConvention): NetworkCount {
  let params = 0;
  let macs = 0;
  let elementOps = 0;

  const conv = (cIn: number, cOut: number, k: number, side: number, groups = 1): void => {
    const weights = (cIn / groups) * cOut * k * k;
    params += weights;
    macs += weights * side * side;
  };
  const batchNorm = (c: number, side: number, affine: boolean): void => {
    if (affine) params += 2 * c;
    elementOps += c * side * side * (affine ? 2 : 1);
  };
  const relu = (c: number, side: number): void => {
    elementOps += c * side * side;
  };
  const reluConvBn = (cIn: number, cOut: number, side: number): void => {
    relu(cIn, side);
    conv(cIn, cOut, 1, side);
    batchNorm(cOut, side, true);
  };
  const factorizedReduce = (cIn: number, cOut: number, sideIn: number, affine: boolean): void => {
    relu(cIn, sideIn);
    conv(cIn, cOut / 2, 1, sideIn / 2);
    conv(cIn, cOut / 2, 1, sideIn / 2);
    batchNorm(cOut, sideIn / 2, affine);
  };
  const op = ([name]: DartsEdge, c: number, sideIn: number, stride: number): void => {
    const side = sideIn / stride;
    const affine = bn.cellOpBnAffine;
    switch (name) {
      case 'max_pool_3x3':
      case 'avg_pool_3x3':
        elementOps += c * side * side * 9;
        if (bn.bnAfterPool) batchNorm(c, side, false);
        return;
      case 'skip_connect':
        if (stride === 2) factorizedReduce(c, c, sideIn, affine);
        return;
      case 'sep_conv_3x3':
      case 'sep_conv_5x5': {
        const k = name === 'sep_conv_3x3' ? 3 : 5;
        relu(c, sideIn);
        conv(c, c, k, side, c);
        conv(c, c, 1, side);
        batchNorm(c, side, affine);
        relu(c, side);
        conv(c, c, k, side, c);
        conv(c, c, 1, side);
        batchNorm(c, side, affine);
        return;
      }
      case 'dil_conv_3x3':
      case 'dil_conv_5x5':
        relu(c, sideIn);
        conv(c, c, name === 'dil_conv_3x3' ? 3 : 5, side, c);
        conv(c, c, 1, side);
        batchNorm(c, side, affine);
        return;
      default:
        throw new Error(`cannot count unknown DARTS op '${shown(name)}'`);
    }
  };

  let side = shape.resolution;
  const stem = 3 * shape.channels;
  conv(3, stem, 3, side);
  batchNorm(stem, side, true);

  let [cPrevPrev, cPrev, c] = [stem, stem, shape.channels];
  let sidePrevPrev = side;
  let reductionPrev = false;
  for (let i = 0; i < shape.cells; i++) {
    const reduction = i === Math.floor(shape.cells / 3) || i === Math.floor((2 * shape.cells) / 3);
    if (reduction) c *= 2;
    if (reductionPrev) factorizedReduce(cPrevPrev, c, sidePrevPrev, true);
    else reluConvBn(cPrevPrev, c, sidePrevPrev);
    reluConvBn(cPrev, c, side);
    const sideOut = reduction ? side / 2 : side;
    for (const edge of reduction ? cell.reduce : cell.normal) {
      const fromCellInput = edge[1] < 2;
      op(edge, c, fromCellInput ? side : sideOut, reduction && fromCellInput ? 2 : 1);
    }
    [cPrevPrev, cPrev] = [cPrev, 4 * c];
    [sidePrevPrev, side] = [side, sideOut];
    reductionPrev = reduction;
  }

  elementOps += cPrev * (side + 1) * (side + 1);
  params += cPrev * shape.classes + shape.classes;
  macs += cPrev * shape.classes;
  return { params, macs, tensorwatchFlops: macs + elementOps };
}
