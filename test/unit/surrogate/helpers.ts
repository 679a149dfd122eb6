import { createRng } from '../../../src/core/rng';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { nb201LiveEdges } from '../../../src/core/surrogate/nb201-live-edges';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate, type TrainedSurrogate } from '../../../src/core/surrogate/train';

/** A synthetic, learnable target: weighted op counts on live edges. */
export function toyScore(cell: Nb201Cell): number {
  const live = nb201LiveEdges(cell);
  const w: Record<string, number> = { none: 0, skip_connect: 0.5, nor_conv_1x1: 1, nor_conv_3x3: 2, avg_pool_3x3: 0.2 };
  return live.ops.reduce((s, op, e) => s + w[op] * (1 + e / 10), 0);
}

export function someNb201Cells(count: number, seed = 3): Nb201Cell[] {
  return createRng(seed).shuffle(enumerateNb201()).slice(0, count);
}

export async function trainToyModel(count = 96, epochs = 2, members = 1): Promise<{ trained: TrainedSurrogate; cells: Nb201Cell[] }> {
  const cells = someNb201Cells(count);
  const trained = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: { hidden: 8, layers: 2, headHidden: 8, tiers: 3, pooling: 'sum' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, epochs, batchSize: 32, members },
    train: { cells: encodeCells('nb201', 'nb201-live-edges', cells), targets: Float32Array.from(cells, toyScore) },
    rng: createRng(11),
  });
  return { trained, cells };
}
