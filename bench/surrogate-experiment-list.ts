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

/** NB-201's default preprocessing when these experiments started (pinned: the default became 'nb201-canonical'). */
const LIVE = { preprocess: 'nb201-live-edges' } as const;
const AUX12 = { auxiliary: ['c10_valid_12', 'c10_test_12'] } as const;
const AUX101 = { auxiliary: ['val_36', 'val_12', 'val_4'] } as const;
const ALL = { validationFraction: 0, hyper: { patience: 0 } } as const;
const ALL_FIVE = { validationFraction: 0, hyper: { patience: 0, members: 5 } } as const;

export const EXPERIMENTS: readonly Experiment[] = [
  // NB-201 CIFAR-10, n = 1,000: find the recipe
  {
    id: 'n201-base',
    change: "today's recipe (width 32, 3 layers, 10 % held out for early stopping, 80 epochs, lr 5e-3 cosine)",
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: LIVE,
  },
  {
    id: 'n201-all',
    change: 'no validation split: all n cells train, 80 epochs',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, validationFraction: 0, hyper: { patience: 0 } },
  },
  { id: 'n201-w64', change: 'width 64', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { ...LIVE, architecture: { hidden: 64, headHidden: 64 } } },
  {
    id: 'n201-canon',
    change: 'canonical NB-201 cells (one member per isomorphism class)',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { preprocess: 'nb201-canonical' },
  },
  {
    id: 'n201-resln',
    change: 'residual + LayerNorm per layer',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, architecture: { residual: true, norm: 'layer' } },
  },
  {
    id: 'n201-sep',
    change: 'separate forward / backward message MLPs',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, architecture: { messages: 'separate' } },
  },
  { id: 'n201-l4', change: '4 layers', space: 'nb201', sizes: [1000], loss: 'pairwise', recipe: { ...LIVE, architecture: { layers: 4 } } },
  {
    id: 'n201-1cycle',
    change: 'AdamW wd 1e-4, one-cycle lr (max 2e-3), 200 epochs, early stopping (patience 50) on the 10 % split',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } },
  },
  {
    id: 'n201-aux12',
    change: 'auxiliary target: 12-epoch CIFAR-10 accuracy of the training cells (c10_valid_12, c10_test_12)',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, auxiliary: ['c10_valid_12', 'c10_test_12'] },
  },
  {
    id: 'n201-ref',
    change: 'reference network: width 128, 4 layers, residual + LayerNorm, separate messages; AdamW one-cycle max 2e-3, 200 epochs, early stopping',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, architecture: REFERENCE_ARCH, hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } },
  },
  {
    id: 'n201-ens5',
    change: "ensemble of 5 networks, today's recipe otherwise",
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, hyper: { members: 5 } },
  },
  // combinations of what helped (seed 1 first)
  {
    id: 'n201-aux-all',
    change: 'auxiliary 12-epoch targets + all n cells train (80 epochs)',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL },
  },
  {
    id: 'n201-aux-all-l4',
    change: 'auxiliary 12-epoch targets + all n cells + 4 layers',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL, architecture: { layers: 4 } },
  },
  {
    id: 'n201-aux-all-l4-w64',
    change: 'auxiliary 12-epoch targets + all n cells + 4 layers + width 64',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL, architecture: { layers: 4, hidden: 64, headHidden: 64 } },
  },
  {
    id: 'n201-aux1-all-l4',
    change: 'as n201-aux-all-l4 with auxiliary weight 1 (0.5 before)',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, validationFraction: 0, hyper: { patience: 0, auxiliaryWeight: 1 }, architecture: { layers: 4 } },
  },
  {
    id: 'n201-aux-all-l4-resln',
    change: 'as n201-aux-all-l4 with residual + LayerNorm',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL, architecture: { layers: 4, residual: true, norm: 'layer' } },
  },
  // NB-101 val_108, n = 1,000
  {
    id: 'n101-base',
    change: "today's recipe (width 32, 3 layers, 10 % held out for early stopping, 80 epochs, lr 5e-3 cosine)",
    space: 'nb101',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
  },
  {
    id: 'n101-aux',
    change: 'auxiliary targets: 4/12/36-epoch validation accuracy of the training cells',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: AUX101,
  },
  {
    id: 'n101-w64',
    change: 'width 64',
    space: 'nb101',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: { architecture: { hidden: 64, headHidden: 64 } },
  },
  { id: 'n101-w128', change: 'width 128', space: 'nb101', sizes: [1000], loss: 'pairwise', recipe: { architecture: { hidden: 128, headHidden: 128 } } },
  { id: 'n101-mean', change: 'mean pooling', space: 'nb101', sizes: [1000], loss: 'pairwise', recipe: { architecture: { pooling: 'mean' } } },
  {
    id: 'n101-w64-ens5',
    change: 'width 64, ensemble of 5',
    space: 'nb101',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: { architecture: { hidden: 64, headHidden: 64 }, hyper: { members: 5 } },
  },
  {
    id: 'n101-lr2',
    change: 'lr 2e-3 (cosine), 120 epochs, patience 40',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { hyper: { learningRate: 2e-3, epochs: 120, patience: 40 } },
  },
  { id: 'n101-l4', change: '4 layers', space: 'nb101', sizes: [1000], loss: 'pairwise', recipe: { architecture: { layers: 4 } } },
  {
    id: 'n101-resln',
    change: 'residual + LayerNorm per layer',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { architecture: { residual: true, norm: 'layer' } },
  },
  {
    id: 'n101-sep',
    change: 'separate forward / backward message MLPs',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { architecture: { messages: 'separate' } },
  },
  {
    id: 'n101-1cycle',
    change: 'AdamW wd 1e-4, one-cycle lr (max 2e-3), 200 epochs, early stopping (patience 50)',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } },
  },
  {
    id: 'n101-ref',
    change: 'reference network: width 128, 4 layers, residual + LayerNorm, separate messages; AdamW one-cycle max 2e-3, 200 epochs, early stopping',
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { architecture: REFERENCE_ARCH, hyper: { ...ONE_CYCLE, epochs: 200, patience: 50 } },
  },
  {
    id: 'n101-ens5',
    change: "ensemble of 5 networks, today's recipe otherwise",
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { hyper: { members: 5 } },
  },
  // NB-201 CIFAR-10, n = 12,500
  {
    id: 'n201-12k-base',
    change: "today's recipe (width 32, 3 layers, batch 128, 30 epochs, early stopping on 10 %)",
    space: 'nb201',
    sizes: [12500],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: LIVE,
  },
  { id: 'n201-12k-aux', change: 'auxiliary 12-epoch targets', space: 'nb201', sizes: [12500], loss: 'pairwise', recipe: { ...LIVE, ...AUX12 } },
  {
    id: 'n201-12k-e90',
    change: '90 epochs (patience 20)',
    space: 'nb201',
    sizes: [12500],
    loss: 'pairwise',
    recipe: { ...LIVE, hyper: { epochs: 90, patience: 20 } },
  },
  {
    id: 'n201-12k-w64-l4',
    change: 'width 64, 4 layers',
    space: 'nb201',
    sizes: [12500],
    loss: 'pairwise',
    recipe: { ...LIVE, architecture: { hidden: 64, headHidden: 64, layers: 4 } },
  },
  { id: 'n201-12k-canon', change: 'canonical NB-201 cells', space: 'nb201', sizes: [12500], loss: 'pairwise', recipe: { preprocess: 'nb201-canonical' } },
  {
    id: 'n201-aux12all',
    change: 'auxiliary targets: all six 12-epoch columns (CIFAR-10, CIFAR-100, ImageNet16-120; valid and test)',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2],
    loss: 'pairwise',
    recipe: { ...LIVE, auxiliary: ['c10_valid_12', 'c10_test_12', 'c100_valid_12', 'c100_test_12', 'in16_valid_12', 'in16_test_12'] },
  },
  // NB-201 n = 1,000: ensembles of the best single network, and their distillation into one small network
  {
    id: 'n201-best-ens5-distill',
    change:
      "ensemble of 5 × (auxiliary 12-epoch targets, all n cells, 4 layers, width 64), distilled into one plain 3×32 network trained on the ensemble's scores of the 12,500 pool cells (MSE, 40 epochs)",
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL_FIVE, architecture: { layers: 4, hidden: 64, headHidden: 64 }, distill: { hyper: { epochs: 40, batchSize: 128 } } },
  },
  {
    id: 'n201-w128-aux',
    change: 'width 128, 4 layers (plain layer), auxiliary 12-epoch targets, all n cells',
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, ...ALL, architecture: { layers: 4, hidden: 128, headHidden: 128 } },
  },
  // NB-101 val_108 at the larger sizes (corrected protocol: rows without val_108 left out)
  {
    id: 'n101-big-base',
    change: "today's recipe (width 32, 3 layers, batch 128, 30 epochs, early stopping on 10 %)",
    space: 'nb101',
    sizes: [4236, 19371],
    loss: 'pairwise',
  },
  { id: 'n101-big-w64', change: 'width 64', space: 'nb101', sizes: [4236, 19371], loss: 'pairwise', recipe: { architecture: { hidden: 64, headHidden: 64 } } },
  {
    id: 'n101-big-aux',
    change: 'auxiliary targets: 4/12/36-epoch validation accuracy',
    space: 'nb101',
    sizes: [4236, 19371],
    loss: 'pairwise',
    recipe: AUX101,
  },
  // pretraining on a cost proxy (log parameter count of every pool cell, no labels), then the labelled training
  {
    id: 'n101-pre',
    change: "pretraining: 10 epochs on log(params) of the 19k pool cells, then today's recipe from those weights",
    space: 'nb101',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: { pretrain: { epochs: 10 } },
  },
  {
    id: 'n201-pre',
    change: "pretraining: 10 epochs on log(params) of the 12,500 pool cells, then today's recipe from those weights",
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, pretrain: { epochs: 10 } },
  },
  // NB-101 augmentation: the same cell under another vertex numbering (the width-64 recipe, 0.813 ± 0.006)
  {
    id: 'n101-w64-renum1',
    change: 'width 64 + each training cell once more under a random other vertex numbering (same cell, another matrix)',
    space: 'nb101',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: { architecture: { hidden: 64, headHidden: 64 }, augment: { renumberings: 1 } },
  },
  // spread calibration: small ensembles of today's recipe (each member from its own seed), checked on the test set
  {
    id: 'n201-ens3',
    change: "ensemble of 3 networks, today's recipe otherwise",
    space: 'nb201',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { ...LIVE, hyper: { members: 3 } },
  },
  {
    id: 'n101-ens3',
    change: "ensemble of 3 networks, today's recipe otherwise",
    space: 'nb101',
    sizes: [1000],
    loss: 'pairwise',
    recipe: { hyper: { members: 3 } },
  },
  // the bundled models' sizes: what to retrain them with (NB-201 at 12,500; NB-101 with all labelled cells)
  { id: 'n201-12k-listmle', change: "ListMLE loss (the bundled NB-201 models' loss)", space: 'nb201', sizes: [12500], loss: 'listmle', recipe: LIVE },
  {
    id: 'n201-12k-w64-l4-ens3-distill',
    change: "ensemble of 3 × (width 64, 4 layers), distilled into one plain 3×32 network on the ensemble's scores of the pool cells (MSE, 40 epochs)",
    space: 'nb201',
    sizes: [12500],
    loss: 'pairwise',
    recipe: { ...LIVE, architecture: { hidden: 64, headHidden: 64, layers: 4 }, hyper: { members: 3 }, distill: { hyper: { epochs: 40, batchSize: 128 } } },
  },
  {
    id: 'n101-big-w64-ens3-distill',
    change: "ensemble of 3 × width 64, distilled into one plain 3×32 network on the ensemble's scores of the pool cells (MSE, 40 epochs)",
    space: 'nb101',
    sizes: [19371],
    loss: 'pairwise',
    recipe: { architecture: { hidden: 64, headHidden: 64 }, hyper: { members: 3 }, distill: { hyper: { epochs: 40, batchSize: 128 } } },
  },
  {
    id: 'n101-big-ens3',
    change: "ensemble of 3 networks (today's 3×32 recipe each)",
    space: 'nb101',
    sizes: [19371],
    loss: 'pairwise',
    recipe: { hyper: { members: 3 } },
  },
  // the NB-201 n = 1,000 target: an ensemble of the best single network
  {
    id: 'n201-best-ens3',
    change: 'ensemble of 3 × (auxiliary 12-epoch targets, all n cells, 4 layers, width 64)',
    space: 'nb201',
    sizes: [1000],
    seeds: [1, 2, 3],
    loss: 'pairwise',
    recipe: { ...LIVE, ...AUX12, validationFraction: 0, hyper: { patience: 0, members: 3 }, architecture: { layers: 4, hidden: 64, headHidden: 64 } },
  },
];
