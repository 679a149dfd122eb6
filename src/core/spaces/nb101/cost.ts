import type { Cost, Nb101Cell } from '../types';

/**
 * Parameters and FLOPs of the NAS-Bench-101 CIFAR-10 network (nasbench model_builder with the
 * benchmark's config): stem conv3x3 3→128 + BN + ReLU, then 3 stacks of 3 cells; before stacks 2 and
 * 3 a 2×2 max-pool halves the resolution and the channel count doubles; global average pool; dense 10.
 *
 * Parameters are the trainable ones, as NB-101 reports them: conv kernels (no bias), BN γ and β
 * (moving statistics are not trainable), dense weights and bias.
 *
 * FLOPs are multiply-accumulates of one 32×32 image through the convolutions (stem, ops, 1×1
 * projections) and the dense layer. BN, ReLU, pooling, additions and concatenation are not counted.
 */
export const NB101_CIFAR10 = {
  stemChannels: 128,
  stacks: 3,
  cellsPerStack: 3,
  imageSize: 32,
  classes: 10,
} as const;

const KERNEL: ReadonlyMap<string, number> = new Map([
  ['conv3x3-bn-relu', 3],
  ['conv1x1-bn-relu', 1],
  ['maxpool3x3', 0],
]);

interface LayerCost {
  params: number;
  macs: number;
}

/** conv k×k (no bias) + BN at `pixels` spatial positions. */
function convBn(kernel: number, inChannels: number, outChannels: number, pixels: number): LayerCost {
  const weights = kernel * kernel * inChannels * outChannels;
  return { params: weights + 2 * outChannels, macs: weights * pixels };
}

/**
 * Costs a pruned, valid cell in the numbering given. The numbering changes the channel split, so to
 * get NB-101's figure for a cell, pass canonicalNb101(cell), the numbering the benchmark trained.
 */
export function costNb101(cell: Nb101Cell): Cost {
  const { stemChannels, stacks, cellsPerStack, imageSize, classes } = NB101_CIFAR10;
  let size: number = imageSize;
  const total = convBn(3, 3, stemChannels, size * size);
  let inChannels: number = stemChannels;
  let channels: number = stemChannels;
  for (let stack = 0; stack < stacks; stack++) {
    if (stack > 0) {
      size = Math.ceil(size / 2);
      channels *= 2;
    }
    for (let k = 0; k < cellsPerStack; k++) {
      const c = cellCost(cell, inChannels, channels, size * size);
      total.params += c.params;
      total.macs += c.macs;
      inChannels = channels;
    }
  }
  total.params += channels * classes + classes;
  total.macs += channels * classes;
  return { params: total.params, flops: total.macs };
}

function cellCost(cell: Nb101Cell, inChannels: number, outChannels: number, pixels: number): LayerCost {
  const { matrix, ops } = cell;
  const v = ops.length;
  const out = v - 1;
  const vertexChannels = computeVertexChannels(inChannels, outChannels, matrix);
  const cost: LayerCost = { params: 0, macs: 0 };
  const add = (c: LayerCost) => {
    cost.params += c.params;
    cost.macs += c.macs;
  };
  for (let t = 1; t < out; t++) {
    if (matrix[0][t]) add(convBn(1, inChannels, vertexChannels[t], pixels));
    const kernel = KERNEL.get(ops[t]);
    if (kernel) add(convBn(kernel, vertexChannels[t], vertexChannels[t], pixels));
  }
  if (matrix[0][out]) add(convBn(1, inChannels, outChannels, pixels));
  return cost;
}

/**
 * nasbench model_builder.compute_vertex_channels: the output's channels are split evenly over the
 * vertices feeding it (the first `remainder` of them get one extra); every other interior vertex
 * takes the largest channel count among the interior vertices it feeds.
 */
export function computeVertexChannels(inChannels: number, outChannels: number, matrix: readonly (readonly number[])[]): number[] {
  const v = matrix.length;
  const out = v - 1;
  const channels = new Array<number>(v).fill(0);
  channels[0] = inChannels;
  channels[out] = outChannels;
  if (v === 2) return channels;

  let fanIn = 0;
  for (let u = 1; u < out; u++) fanIn += matrix[u][out];
  const share = Math.floor(outChannels / fanIn);
  let remainder = outChannels % fanIn;
  for (let u = 1; u < out; u++) {
    if (!matrix[u][out]) continue;
    channels[u] = share;
    if (remainder) {
      channels[u]++;
      remainder--;
    }
  }
  for (let u = out - 2; u > 0; u--) {
    if (matrix[u][out]) continue;
    for (let dst = u + 1; dst < out; dst++) if (matrix[u][dst]) channels[u] = Math.max(channels[u], channels[dst]);
  }
  return channels;
}
