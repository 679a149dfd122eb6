import type { Cost, MacroConfig, Nb201Cell } from '../types';
import { shown } from '../user-text';

export interface Nb201Macro extends MacroConfig {
  readonly classes: number;
  /** Side of the square input image. */
  readonly resolution: number;
}

export const NB201_MACROS: readonly Nb201Macro[] = [
  { id: 'cifar10', label: 'CIFAR-10 network (10 classes, 32×32 input)', classes: 10, resolution: 32 },
  { id: 'cifar100', label: 'CIFAR-100 network (100 classes, 32×32 input)', classes: 100, resolution: 32 },
  { id: 'imagenet16-120', label: 'ImageNet16-120 network (120 classes, 16×16 input)', classes: 120, resolution: 16 },
];

const STEM_CHANNELS = 16;
const CELLS_PER_STAGE = 5;
const STAGES = 3;

/**
 * Parameters and FLOPs of NAS-Bench-201's macro network (TinyNetwork, C=16, N=5) built around the cell:
 *   stem: conv3x3 3→16 (no bias) + BN
 *   3 stages of 5 cells at C = 16, 32, 64, the spatial side halving per stage
 *   between stages a ResNet basic block C→2C, stride 2: ReLU-conv3x3-BN, ReLU-conv3x3-BN, and a shortcut
 *     avgpool2x2 + conv1x1 (no bias)
 *   head: BN + ReLU, global average pool, linear C→classes (with bias)
 * Cell ops: nor_conv_kxk = ReLU-conv(k×k, C→C, no bias)-BN(affine); avg_pool_3x3, skip_connect, none have
 * no weights (inside a cell C_in = C_out, so pooling needs no 1×1 projection). Every edge's module exists
 * and runs, reachable or not, so every edge counts.
 *
 * params: trainable weights, BN counted as 2C (γ, β); running statistics are buffers, not parameters.
 * flops: NB-201's own counter (get_model_infos): multiply-accumulates of Conv2d (k²·C_in·C_out per output
 *   pixel) and Linear (in·out, plus one add per output for the bias), for one image. BN, ReLU, pooling,
 *   zeros and the additions joining a node's inputs are not counted.
 *   Checked against NB-201's published values (the table divides by 1e6): CIFAR-10 7.78305 to 220.11969
 *   MFLOPs, 0.073306 to 1.531546 M params; CIFAR-100 7.7889 to 220.12554; ImageNet16-120 1.9534 to 55.03756;
 *   arch index 0 on CIFAR-10: 15.64737 MFLOPs, 0.129306 M params (see the unit tests).
 */
export function nb201Cost(cell: Nb201Cell, macroId?: string): Cost {
  const macro = nb201Macro(macroId);
  let params = 0;
  let flops = 0;
  const conv = (k: number, cIn: number, cOut: number, side: number): void => {
    params += k * k * cIn * cOut;
    flops += k * k * cIn * cOut * side * side;
  };
  const batchNorm = (c: number): void => {
    params += 2 * c;
  };

  let side = macro.resolution;
  let c = STEM_CHANNELS;
  conv(3, 3, c, side);
  batchNorm(c);
  for (let stage = 0; stage < STAGES; stage++) {
    if (stage > 0) {
      const cIn = c;
      c *= 2;
      side /= 2;
      conv(3, cIn, c, side);
      batchNorm(c);
      conv(3, c, c, side);
      batchNorm(c);
      conv(1, cIn, c, side);
    }
    for (let i = 0; i < CELLS_PER_STAGE; i++) {
      for (const op of cell.ops) {
        const k = convKernel(op);
        if (k === undefined) continue;
        conv(k, c, c, side);
        batchNorm(c);
      }
    }
  }
  batchNorm(c);
  params += c * macro.classes + macro.classes;
  flops += c * macro.classes + macro.classes;
  return { params, flops };
}

export function nb201Macro(id: string | undefined): Nb201Macro {
  if (id === undefined) return NB201_MACROS[0];
  const macro = NB201_MACROS.find((m) => m.id === id);
  if (!macro) throw new Error(`unknown NB-201 macro network '${id}'; valid: ${NB201_MACROS.map((m) => m.id).join(', ')}`);
  return macro;
}

function convKernel(op: string): number | undefined {
  switch (op) {
    case 'nor_conv_3x3':
      return 3;
    case 'nor_conv_1x1':
      return 1;
    case 'skip_connect':
    case 'avg_pool_3x3':
    case 'none':
      return undefined;
    default:
      throw new Error(`cannot count the cost of unknown NB-201 op '${shown(op)}'`);
  }
}
