import type { SpaceId } from '../spaces/types';
import type { Preprocess, SurrogateArchitecture } from './config';
import { defaultPreprocess } from './encode-cells';
import { DEFAULT_ARCHITECTURE, DEFAULT_HYPERPARAMETERS, type TrainHyperparameters } from './train';

/** Architecture, optimiser settings and validation share tuned per space and training-set size. */
export interface TrainingRecipe {
  readonly architecture: SurrogateArchitecture;
  readonly hyper: Omit<TrainHyperparameters, 'loss'>;
  /** Share of the labelled cells held out for early stopping (0: train on all, fixed epochs). */
  readonly validationFraction: number;
  /** How cells are turned into graphs (the space's default). */
  readonly preprocess: Preprocess;
}

/**
 * The defaults `nas-lens train` and the benchmark use. Small sets get many cheap epochs and no
 * validation split; larger sets hold out 10 % for early stopping on Kendall τ.
 */
export function trainingRecipe(space: SpaceId, trainCount: number): TrainingRecipe {
  // 3 layers for every space: 6 layers for NB-101 (whose paths reach 6 edges) measured no better in the
  // NB-101 benchmark (τ 0.727 / 0.791 vs 0.736 / 0.781 at n = 1,000 / 4,236, one seed).
  const architecture: SurrogateArchitecture = { ...DEFAULT_ARCHITECTURE, tiers: 0 };
  const base = { ...DEFAULT_HYPERPARAMETERS, learningRate: 5e-3 };
  const preprocess = defaultPreprocess(space);
  if (trainCount <= 300) {
    return { architecture, hyper: { ...base, batchSize: 16, epochs: 120, patience: 0, members: 3 }, validationFraction: 0, preprocess };
  }
  if (trainCount <= 3000) {
    return { architecture, hyper: { ...base, batchSize: 32, epochs: 80, patience: 25 }, validationFraction: 0.1, preprocess };
  }
  return { architecture, hyper: { ...base, batchSize: 128, epochs: 30, patience: 8 }, validationFraction: 0.1, preprocess };
}
