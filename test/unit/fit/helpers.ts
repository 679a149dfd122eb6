import { createRng } from '../../../src/core/rng';
import type { FitPrior, FitRecipe } from '../../../src/core/fit/types';
import type { MeasuredCell } from '../../../src/core/results/types';
import { nb201 } from '../../../src/core/spaces';
import { nb201LiveEdges } from '../../../src/core/surrogate/nb201-live-edges';
import { encodeCells } from '../../../src/core/surrogate/encode-cells';
import { DEFAULT_HYPERPARAMETERS, trainSurrogate } from '../../../src/core/surrogate/train';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { someNb201Cells, toyScore } from '../surrogate/helpers';

/** "Their" metric: the toy score, with skip connections worth more than the prior believes (a setting that differs). */
export function theirScore(cell: Nb201Cell): number {
  return toyScore(cell) + 1.5 * nb201LiveEdges(cell).ops.filter((op) => op === 'skip_connect').length;
}

/** Distinct NB-201 cells measured by theirScore, one run each (or `runs`). */
export function measuredToy(count: number, seed = 21, runs = 1): MeasuredCell[] {
  const seen = new Set<string>();
  const out: MeasuredCell[] = [];
  for (const cell of someNb201Cells(count * 3, seed)) {
    const hash = nb201.hash(cell);
    if (seen.has(hash)) continue;
    seen.add(hash);
    out.push({ space: 'nb201', hash, cell, metric: 'test_acc', mean: theirScore(cell), std: 0, runs });
    if (out.length === count) break;
  }
  return out;
}

/** A small prior trained on the toy score (its own "benchmark"). */
export async function toyPrior(): Promise<FitPrior> {
  const cells = someNb201Cells(96, 5);
  const trained = await trainSurrogate({
    space: 'nb201',
    preprocess: 'nb201-live-edges',
    architecture: { hidden: 8, layers: 2, headHidden: 8, tiers: 0, pooling: 'sum' },
    hyper: { ...DEFAULT_HYPERPARAMETERS, loss: 'pairwise', epochs: 6, batchSize: 32, members: 1, patience: 0 },
    train: { cells: encodeCells('nb201', 'nb201-live-edges', cells), targets: Float32Array.from(cells, toyScore) },
    rng: createRng(3),
  });
  return { name: 'toy-prior', config: trained.config, weights: trained.weights };
}

/** A quick recipe for tests: 3 members, few epochs. */
export const QUICK: Partial<FitRecipe> = { epochs: 3, batchSize: 8 };
