import type { LossName } from '../src/core/surrogate/config';
import type { RecipeOverride } from './surrogate-protocol';

/** One change to the recipe, measured on a protocol (bench/surrogate-experiments.ts). */
export interface Experiment {
  readonly id: string;
  /** What differs from today's recipe, in words (the table's "change" column). */
  readonly change: string;
  readonly space: 'nb201' | 'nb101';
  readonly sizes: readonly number[];
  readonly seeds?: readonly number[];
  readonly loss: LossName;
  /** Overrides of trainingRecipe(space, n) (core/surrogate/recipes.ts); none = today's recipe. */
  readonly recipe?: RecipeOverride;
}

const REFERENCE_ARCH = { hidden: 128, layers: 4, headHidden: 128, residual: true, norm: 'layer', messages: 'separate' } as const;
const ONE_CYCLE = { schedule: 'one-cycle', learningRate: 2e-3, weightDecay: 1e-4 } as const;

export const EXPERIMENTS: readonly Experiment[] = [
  // NB-201 CIFAR-10, n = 1,000: find the recipe
  { id: 'n201-base', change: "today's recipe (width 32, 3 layers, 10 % held out for early stopping, 80 epochs, lr 5e-3 cosine)", space: 'nb201', sizes: [1000], loss: 'pairwise' },
  { id: 'n201-all', change: 'no validation split: all n cells train, 80 epochs', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { validationFraction: 0, hyper: { patience: 0 } } },
  { id: 'n201-w64', change: 'width 64', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { architecture: { hidden: 64, headHidden: 64 } } },
  { id: 'n201-canon', change: 'canonical NB-201 cells (one member per isomorphism class)', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { preprocess: 'nb201-canonical' } },
  { id: 'n201-resln', change: 'residual + LayerNorm per layer', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { architecture: { residual: true, norm: 'layer' } } },
  { id: 'n201-sep', change: 'separate forward / backward message MLPs', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { architecture: { messages: 'separate' } } },
  { id: 'n201-l4', change: '4 layers', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { architecture: { layers: 4 } } },
  { id: 'n201-1cycle', change: 'AdamW wd 1e-4, one-cycle lr (max 2e-3), 200 epochs, early stopping (patience 50) on the 10 % split', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } } },
  { id: 'n201-aux12', change: 'auxiliary target: 12-epoch CIFAR-10 accuracy of the training cells (c10_valid_12, c10_test_12)', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { auxiliary: ['c10_valid_12', 'c10_test_12'] } },
  { id: 'n201-ref', change: 'reference network: width 128, 4 layers, residual + LayerNorm, separate messages; AdamW one-cycle max 2e-3, 200 epochs, early stopping', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { architecture: REFERENCE_ARCH, hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } } },
  { id: 'n201-ens5', change: "ensemble of 5 networks, today's recipe otherwise", space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { hyper: { members: 5 } } },
];
